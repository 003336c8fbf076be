/**
 * `MofSource.locate`: the forward cursor and the line table (after a backward request) give
 * the same line:column as counting by hand, for LF and CRLF text, at line ends and past the end.
 */
import { describe, expect, it } from 'vitest';
import { MofSource } from '../../model/cim/errors.js';

function byHand(text: string, offset: number): [number, number] {
  const off = Math.max(0, Math.min(offset, text.length));
  const before = text.slice(0, off);
  const line = before.split('\n').length;
  return [line, off - (before.lastIndexOf('\n') + 1) + 1];
}

describe('MofSource.locate', () => {
  const text = 'class A {\r\n  string P;\n\n};\nclass B { };\n'.repeat(20) + 'no newline at the end';
  const offsets = Array.from({ length: 400 }, (_, i) => (i * 7919) % (text.length + 5));

  it('answers increasing offsets with the forward cursor', () => {
    const source = new MofSource('a.mof', text);
    for (const o of [...offsets].sort((a, b) => a - b)) {
      const l = source.locate(o);
      expect([l.line, l.column]).toEqual(byHand(text, o));
    }
  });

  it('answers any order, switching to the line table at the first step back', () => {
    const source = new MofSource('a.mof', text);
    for (const o of offsets) {
      const l = source.locate(o);
      expect([l.line, l.column, l.file]).toEqual([...byHand(text, o), 'a.mof']);
    }
  });
});
