// Tests of runtime/datetime.ts (kept under test/generator/ because the generator's
// engineer owns that module; the emitted bindings type datetime properties with it).
import { describe, expect, it } from 'vitest';
import {
  CimDateTime,
  CimDateTimeError,
  CimInterval,
  isCimIntervalString,
  parseCimDateTimeOrInterval,
} from '../../runtime/datetime.js';
import * as runtime from '../../runtime/index.js';
import { WmigenError } from '../../grammar/diagnostics.js';

function errorOf(fn: () => unknown): CimDateTimeError {
  try {
    fn();
  } catch (e) {
    expect(e).toBeInstanceOf(CimDateTimeError);
    expect(e).toBeInstanceOf(WmigenError);
    return e as CimDateTimeError;
  }
  throw new Error('expected a CimDateTimeError');
}

describe('CimDateTime.parse', () => {
  it('reads every field, microseconds and a positive offset', () => {
    const t = CimDateTime.parse('20231123143005.123456+060');
    expect({ ...t }).toEqual({
      year: 2023,
      month: 11,
      day: 23,
      hour: 14,
      minute: 30,
      second: 5,
      microsecond: 123456,
      microsecondDigits: 6,
      offsetMinutes: 60,
    });
    expect(t.isComplete).toBe(true);
  });

  it('reads a negative offset as minutes west of UTC', () => {
    expect(CimDateTime.parse('19991231235959.000000-300').offsetMinutes).toBe(-300);
    expect(CimDateTime.parse('19991231235959.000000-000').offsetMinutes).toBe(0);
    expect(Object.is(CimDateTime.parse('19991231235959.000000-000').offsetMinutes, -0)).toBe(false);
  });

  it.each([
    '20231123143005.123456+060',
    '19991231235959.000000-300',
    '00010101000000.000000+000',
    '99991231235959.999999+999',
    '20240229000000.000000+000',
    '********143005.******+060',
    '****1225******.******+***',
    '20231123143005.123***+060',
    '20231123143005.1*****-120',
    '**************.******+***',
  ])('round-trips %s exactly', (s) => {
    expect(CimDateTime.parse(s).toString()).toBe(s);
    expect(JSON.stringify(CimDateTime.parse(s))).toBe(JSON.stringify(s));
  });

  it('keeps wildcard fields as null, as WMI allows per field', () => {
    const t = CimDateTime.parse('****1225******.******+***');
    expect(t.year).toBeNull();
    expect(t.month).toBe(12);
    expect(t.day).toBe(25);
    expect(t.hour).toBeNull();
    expect(t.microsecond).toBeNull();
    expect(t.microsecondDigits).toBe(0);
    expect(t.offsetMinutes).toBeNull();
    expect(t.isComplete).toBe(false);
  });

  it('keeps partial microsecond precision', () => {
    const t = CimDateTime.parse('20231123143005.123***+060');
    expect(t.microsecond).toBe(123000);
    expect(t.microsecondDigits).toBe(3);
  });

  it.each([
    ['', 'DT001', undefined],
    ['20231123143005.123456+06', 'DT001', undefined],
    ['20231123143005.123456+0600', 'DT001', undefined],
    ['20231123143005,123456+060', 'DT001', 14],
    ['20231123143005.123456*060', 'DT001', 21],
    ['2023112314300x.123456+060', 'DT001', 13],
    ['20*31123143005.123456+060', 'DT001', 2],
    ['20231123143005.12*456+060', 'DT001', 18],
    ['20231323143005.123456+060', 'DT002', 4],
    ['20230001143005.123456+060', 'DT002', 4],
    ['20230431143005.123456+060', 'DT002', 6],
    ['20230229143005.123456+060', 'DT002', 6],
    ['21000229000000.000000+000', 'DT002', 6],
    ['20231123243005.123456+060', 'DT002', 8],
    ['20231123146005.123456+060', 'DT002', 10],
    ['20231123143060.123456+060', 'DT002', 12],
    ['00000000000000.000000:000', 'DT001', 21],
  ] as const)('rejects %j with %s at %s', (s, code, position) => {
    const e = errorOf(() => CimDateTime.parse(s));
    expect(e.code).toBe(code);
    expect(e.position).toBe(position);
    expect(e.input).toBe(s);
    expect(e.message).toContain(JSON.stringify(s));
  });

  it('rejects non-strings with a typed error', () => {
    expect(errorOf(() => CimDateTime.parse(undefined as unknown as string)).code).toBe('DT001');
  });
});

describe('CimDateTime conversions', () => {
  it('toDate applies the UTC offset', () => {
    expect(CimDateTime.parse('20231123143005.123456+060').toDate().toISOString()).toBe('2023-11-23T13:30:05.123Z');
    expect(CimDateTime.parse('20231123213005.000000-300').toDate().toISOString()).toBe('2023-11-24T02:30:05.000Z');
    expect(CimDateTime.parse('19700101000000.000000+000').toDate().getTime()).toBe(0);
  });

  it('toDate handles years 0–99 and instants before 1970', () => {
    expect(CimDateTime.parse('00500315120000.000000+000').toDate().toISOString()).toBe('0050-03-15T12:00:00.000Z');
    expect(CimDateTime.parse('19691231235959.999500+000').toDate().toISOString()).toBe('1969-12-31T23:59:59.999Z');
  });

  it('epochMicroseconds keeps microseconds', () => {
    expect(CimDateTime.parse('19700101000001.000001+000').epochMicroseconds()).toBe(1_000_001n);
    expect(CimDateTime.parse('19700101010000.000007+060').epochMicroseconds()).toBe(7n);
  });

  it('toDate and epochMicroseconds refuse wildcards with DT003', () => {
    const t = CimDateTime.parse('20231123143005.******+060');
    expect(errorOf(() => t.toDate()).code).toBe('DT003');
    expect(errorOf(() => CimDateTime.parse('20231123143005.000000+***').epochMicroseconds()).code).toBe('DT003');
  });

  it('fromDate defaults to UTC and honours an offset', () => {
    const d = new Date('2023-11-23T13:30:05.123Z');
    expect(CimDateTime.fromDate(d).toString()).toBe('20231123133005.123000+000');
    expect(CimDateTime.fromDate(d, 60).toString()).toBe('20231123143005.123000+060');
    expect(CimDateTime.fromDate(d, -480).toString()).toBe('20231123053005.123000-480');
    expect(CimDateTime.fromDate(d, -480).toDate().getTime()).toBe(d.getTime());
  });

  it('fromDate rejects invalid dates and out-of-range offsets', () => {
    expect(errorOf(() => CimDateTime.fromDate(new Date(NaN))).code).toBe('DT004');
    expect(errorOf(() => CimDateTime.fromDate(new Date(0), 1000)).code).toBe('DT002');
    expect(errorOf(() => CimDateTime.fromDate(new Date(Date.UTC(10000, 0, 1)))).code).toBe('DT004');
  });

  it('round-trips Dates across a range of instants and offsets', () => {
    for (let i = 0; i < 200; i++) {
      const ms = Math.round(-2e12 + i * 3.7e10 + i * 7919);
      const offset = ((i * 37) % 1441) - 720;
      const t = CimDateTime.fromDate(new Date(ms), offset);
      expect(t.toDate().getTime()).toBe(ms);
      expect(CimDateTime.parse(t.toString()).equals(t)).toBe(true);
    }
  });

  it('withOffset keeps the instant and the microseconds', () => {
    const t = CimDateTime.parse('20231231233005.123456+000');
    const shifted = t.withOffset(120);
    expect(shifted.toString()).toBe('20240101013005.123456+120');
    expect(shifted.epochMicroseconds()).toBe(t.epochMicroseconds());
    expect(t.withOffset(-60).toString()).toBe('20231231223005.123456-060');
  });

  it('the constructor validates fields', () => {
    const base = { year: 2024, month: 2, day: 29, hour: 0, minute: 0, second: 0, microsecond: 0, offsetMinutes: 0 };
    expect(new CimDateTime(base).toString()).toBe('20240229000000.000000+000');
    expect(errorOf(() => new CimDateTime({ ...base, year: 2023 })).code).toBe('DT002');
    expect(errorOf(() => new CimDateTime({ ...base, hour: 1.5 })).code).toBe('DT002');
    expect(errorOf(() => new CimDateTime({ ...base, microsecond: 123456, microsecondDigits: 3 })).code).toBe('DT002');
    expect(new CimDateTime({ ...base, microsecond: 123000, microsecondDigits: 3 }).toString()).toBe('20240229000000.123***+000');
    expect(Object.isFrozen(new CimDateTime(base))).toBe(true);
  });
});

describe('CimInterval', () => {
  it('parses days to microseconds and totals them as bigint', () => {
    const i = CimInterval.parse('00000001020304.000005:000');
    expect({ ...i }).toEqual({ days: 1, hours: 2, minutes: 3, seconds: 4, microseconds: 5, microsecondDigits: 6 });
    expect(i.totalMicroseconds).toBe(((((1n * 24n + 2n) * 60n + 3n) * 60n + 4n) * 1_000_000n) + 5n);
    expect(i.toMilliseconds()).toBe(93_784_000.005);
  });

  it.each(['00000000000000.000000:000', '99999999235959.999999:000', '00000001******.******:000', '00000000000001.12****:000'])(
    'round-trips %s',
    (s) => expect(CimInterval.parse(s).toString()).toBe(s),
  );

  it('handles totals beyond 2^53 microseconds exactly', () => {
    const i = CimInterval.parse('99999999235959.999999:000');
    expect(i.totalMicroseconds).toBe(100_000_000n * 86_400_000_000n - 1n);
    expect(CimInterval.fromMicroseconds(i.totalMicroseconds).toString()).toBe('99999999235959.999999:000');
  });

  it('builds from microseconds and milliseconds', () => {
    expect(CimInterval.fromMicroseconds(90_061_000_001n).toString()).toBe('00000001010101.000001:000');
    expect(CimInterval.fromMicroseconds(0).toString()).toBe('00000000000000.000000:000');
    expect(CimInterval.fromMilliseconds(1500.25).toString()).toBe('00000000000001.500250:000');
    expect(errorOf(() => CimInterval.fromMicroseconds(-1n)).code).toBe('DT004');
    expect(errorOf(() => CimInterval.fromMicroseconds(1.5)).code).toBe('DT004');
    expect(errorOf(() => CimInterval.fromMicroseconds(100_000_000n * 86_400_000_000n)).code).toBe('DT004');
    expect(errorOf(() => CimInterval.fromMilliseconds(Number.NaN)).code).toBe('DT004');
  });

  it.each([
    ['00000000000000.000000:001', 'DT001'],
    ['00000000000000.000000+000', 'DT001'],
    ['0000000000000.000000:000', 'DT001'],
    ['00000000240000.000000:000', 'DT002'],
    ['00000000006000.000000:000', 'DT002'],
    ['00000000000060.000000:000', 'DT002'],
    ['0000*000000000.000000:000', 'DT001'],
  ] as const)('rejects %j with %s', (s, code) => {
    expect(errorOf(() => CimInterval.parse(s)).code).toBe(code);
  });

  it('refuses totals with wildcards', () => {
    expect(errorOf(() => CimInterval.parse('00000001******.******:000').totalMicroseconds).code).toBe('DT003');
  });
});

describe('parseCimDateTimeOrInterval', () => {
  it('tells the forms apart by position 21', () => {
    expect(parseCimDateTimeOrInterval('20231123143005.123456+060')).toBeInstanceOf(CimDateTime);
    expect(parseCimDateTimeOrInterval('00000001020304.000005:000')).toBeInstanceOf(CimInterval);
    expect(isCimIntervalString('00000001020304.000005:000')).toBe(true);
    expect(isCimIntervalString('20231123143005.123456+060')).toBe(false);
    expect(errorOf(() => parseCimDateTimeOrInterval('nonsense')).code).toBe('DT001');
  });

  it('is exported from the runtime index', () => {
    expect(runtime.CimDateTime).toBe(CimDateTime);
    expect(runtime.CimInterval).toBe(CimInterval);
    expect(runtime.parseCimDateTimeOrInterval).toBe(parseCimDateTimeOrInterval);
    expect(runtime.CimDateTimeError).toBe(CimDateTimeError);
  });
});
