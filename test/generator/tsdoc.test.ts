/**
 * Word wrap of descriptions (templates/tsdoc.ts): both of `wrapParagraph`'s ways (the search
 * for break spaces on single-spaced paragraphs, the scan for the others) give the lines of a
 * plain greedy wrap: words joined by one space, a line as long as fits in `width`, a word
 * longer than a line on its own line. Seeded random paragraphs with runs of spaces, tabs,
 * no-break spaces, leading and trailing blanks and over-long words.
 */
import { describe, expect, it } from 'vitest';
import { docComment, DocBuilder, wrapParagraph } from '../../templates/tsdoc.js';

function greedyWrap(paragraph: string, width: number): string[] {
  const words = paragraph.split(/[ \t\n\r\f\v\u00a0]+/).filter((w) => w !== '');
  const lines: string[] = [];
  let line = '';
  for (const w of words) {
    if (line === '') line = w;
    else if (line.length + 1 + w.length <= width) line += ' ' + w;
    else {
      lines.push(line);
      line = w;
    }
  }
  if (line !== '') lines.push(line);
  return lines;
}

describe('wrapParagraph', () => {
  let seed = 20261124;
  const next = (n: number): number => {
    seed = (seed * 1103515245 + 12345) & 0x7fffffff;
    return seed % n;
  };
  const word = (): string => 'abcdefghijklmnopqrstuvwxyz.,()'.slice(0, 1 + next(12)).repeat(next(20) === 0 ? 12 : 1);
  const gap = (): string => (next(6) === 0 ? [' \t', '  ', '\u00a0', '\t'][next(4)] : ' ');

  it('gives a greedy wrap for single-spaced and irregular paragraphs at any width', () => {
    for (let i = 0; i < 2000; i++) {
      const irregular = i % 2 === 1;
      const words = Array.from({ length: next(40) }, word);
      let p = words.join(irregular ? '' : ' ');
      if (irregular) p = (next(3) === 0 ? ' ' : '') + words.map((w) => w + gap()).join('');
      const width = 10 + next(100);
      expect(wrapParagraph(p, width), JSON.stringify([p, width])).toEqual(greedyWrap(p, width));
    }
  });
});

describe('doc comments', () => {
  it('lays out one line, several lines and nothing', () => {
    expect(docComment('One line.', '  ')).toBe('  /** One line. */\n');
    expect(docComment('First.\n\nThird.', '')).toBe('/**\n * First.\n *\n * Third.\n */\n');
    expect(docComment('', '  ')).toBe('');
    expect(new DocBuilder().note('Only a note.').comment('  ')).toBe('  /** Only a note. */\n');
    expect(new DocBuilder().description('Text.').note('A note.').tag('deprecated').comment('')).toBe('/**\n * Text.\n *\n * A note.\n * @deprecated\n */\n');
    expect(new DocBuilder().comment('')).toBe('');
  });
});
