import { describe, expect, it } from 'vitest';
import { escapeLikeLiteral, matchesLike } from '../../grammar/wql/like.js';

describe('LIKE', () => {
  it.each([
    ['Win32_LogicalDisk', '%Win32%', true],
    ['win32_logicaldisk', '%WIN32%', true],
    ['__CLASS', '%[_][_]%', true],
    ['Win32_Process', '%[_][_]%', false],
    ['abc', 'a_c', true],
    ['ac', 'a_c', false],
    ['b', '[a-c]', true],
    ['d', '[a-c]', false],
    ['d', '[^a-c]', true],
    ['b', '[^a-c]', false],
    ['x]', 'x]', true],
    ['a[b', 'a[b', true],
    ['a-b', 'a[-]b', true],
    ['line1\nline2', 'line1%', true],
    ['\\\\server\\share', '%\\%', true],
    ['10.0.0.1', '%10.%', true],
    ['1000', '%10.%', false],
    ['€uro😀', '€uro_', true],
    ['FirstName Last', 'FirstName%', true],
    ['x', '[z-a]', false],
  ])('%j LIKE %j is %s', (value, pattern, expected) => {
    expect(matchesLike(value, pattern)).toBe(expected);
  });

  it('escapes literals for LIKE', () => {
    const tricky = 'a%b_c[d]e^';
    expect(matchesLike(tricky, escapeLikeLiteral(tricky))).toBe(true);
    expect(matchesLike('aXbYc[d]e^', escapeLikeLiteral(tricky))).toBe(false);
    expect(matchesLike('xx' + tricky + 'yy', `%${escapeLikeLiteral(tricky)}%`)).toBe(true);
  });
});

describe('WQL literals', () => {
  it('writes numbers WQL reads back, and rejects what it cannot', async () => {
    const { formatWqlNumber, quoteWqlString } = await import('../../grammar/wql/quote.js');
    expect(formatWqlNumber(1e21)).toBe('1000000000000000000000');
    expect(formatWqlNumber(-0)).toBe('0');
    expect(formatWqlNumber(2.5)).toBe('2.5');
    expect(formatWqlNumber(18446744073709551615n)).toBe('18446744073709551615');
    expect(() => formatWqlNumber(NaN)).toThrow(RangeError);
    expect(() => formatWqlNumber(Infinity)).toThrow(RangeError);
    expect(quoteWqlString('a"b\\c\'d')).toBe('"a\\"b\\\\c\'d"');
  });
});
