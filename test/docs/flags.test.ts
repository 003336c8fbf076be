/** Which parameter value lists are read as bit flags (BitMap/BitValues) instead of a ValueMap. */
import { describe, expect, it } from 'vitest';
import { bitFlagQualifiers } from '../../model/docs/flags.js';

const list = (...pairs: Array<[string, string]>) => pairs.map(([value, name]) => ({ value, name }));
const days = list(['1', 'Monday'], ['2', 'Tuesday'], ['4', 'Wednesday'], ['8', 'Thursday'], ['16', 'Friday'], ['32', 'Saturday'], ['64', 'Sunday']);

describe('bit-flag value lists', () => {
  it('reads ascending powers of two as bit positions', () => {
    expect(bitFlagQualifiers(days, 'Days of the week when a job is scheduled to run.')).toEqual([
      { name: 'BitMap', args: ['0', '1', '2', '3', '4', '5', '6'].map((value) => ({ kind: 'string', value })) },
      { name: 'BitValues', args: days.map((d) => ({ kind: 'string', value: d.name })) },
    ]);
  });

  it('needs the page to say values combine when there are fewer than three, and skips a 0 entry', () => {
    const two = list(['0', 'None'], ['1', 'Replace'], ['2', 'Delete']);
    expect(bitFlagQualifiers(two, 'How to replace the profile.')).toBeUndefined();
    expect(bitFlagQualifiers(two, 'Bit flags to replace or delete a profile.')?.[0].args).toEqual([
      { kind: 'string', value: '0' },
      { kind: 'string', value: '1' },
    ]);
    expect(bitFlagQualifiers(list(['4', 'NETSETUP_ACCT_DELETE']), 'Set of bit flags defining the unjoin options.')?.[0].args).toEqual([{ kind: 'string', value: '2' }]);
  });

  it('leaves enumerations alone: 1, 2, 3, values out of order, ranges, strings', () => {
    expect(bitFlagQualifiers(list(['1', 'A'], ['2', 'B'], ['3', 'C']), 'one or more of the following')).toBeUndefined();
    // Win32_Process.SetPriority: priority classes, not flags.
    expect(bitFlagQualifiers(list(['64', 'Idle'], ['16384', 'Below Normal'], ['32', 'Normal'], ['32768', 'Above Normal'], ['128', 'High'], ['256', 'Realtime']), '')).toBeUndefined();
    expect(bitFlagQualifiers(list(['1', 'A'], ['2', 'B'], ['4', 'C'], ['8..', 'Reserved']), '')).toBeUndefined();
    expect(bitFlagQualifiers(list(['Boot', 'Boot Start'], ['System', 'System']), 'logical OR')).toBeUndefined();
  });
});
