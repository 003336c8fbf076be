import { describe, expect, it } from 'vitest';
import { editDistance } from '../../common/edit-distance.js';

describe('editDistance', () => {
  it('counts insertions, deletions and substitutions', () => {
    expect(editDistance('', '')).toBe(0);
    expect(editDistance('abc', '')).toBe(3);
    expect(editDistance('kitten', 'sitting')).toBe(3);
    expect(editDistance('root\\cimv2', 'root\\cimv3')).toBe(1);
  });

  it('counts a transposition of neighbours as one edit', () => {
    expect(editDistance('unit16', 'uint16')).toBe(1);
    expect(editDistance('ab', 'ba')).toBe(1);
    expect(editDistance('ca', 'abc')).toBe(3);
  });

  it('stops at the limit when the lengths alone reach it', () => {
    expect(editDistance('a', 'abcdef', 3)).toBe(3);
    expect(editDistance('abc', 'abd', 3)).toBe(1);
  });
});
