/**
 * Issue 15, defect 10: no generated doc comment ends a description with a paragraph that
 * announces a list that is not there ("The values are:"). The Windows reference pages lost
 * their value tables on the way into the bundled schemas; the values, when there are any, are
 * in the property's enum type.
 */
import { describe, expect, it } from 'vitest';
import { generateCimBindings } from '../../generator/cim/generate.js';
import { findSnapshot, loadSnapshot } from '../../sources/load.js';
import { formatDescription } from '../../templates/tsdoc.js';

describe('a description ending in a list that is not there', () => {
  it('drops a last sentence that only announces the list', () => {
    expect(formatDescription('Current state of the base service.\nThe values are:')).toEqual([
      'Current state of the base service.',
    ]);
    expect(formatDescription('Current state of the base service. The values are:')).toEqual([
      'Current state of the base service.',
    ]);
    expect(
      formatDescription('Type of service. This property can contain one of the following values:'),
    ).toEqual(['Type of service.']);
    expect(formatDescription('The values are:')).toEqual([]);
    expect(formatDescription('First paragraph.\n\nValues include the following:')).toEqual([
      'First paragraph.',
    ]);
  });

  it('ends any other dangling sentence with a full stop, and leaves lists that are there alone', () => {
    expect(formatDescription('The string shall conform to the family ABNF rule:')).toEqual([
      'The string shall conform to the family ABNF rule.',
    ]);
    expect(formatDescription('The values are:\n0 = "Unknown"\n1 = "Other"')).toEqual([
      'The values are:',
      '0 = "Unknown"',
      '1 = "Other"',
    ]);
    expect(formatDescription('Ratio: 3 to 1')).toEqual(['Ratio: 3 to 1']);
  });

  it('leaves no generated doc comment of the bundled Windows and CIM schemas ending in a colon', async () => {
    const dangling: string[] = [];
    for (const name of ['windows-cimv2', 'cim-2.51']) {
      const entry = findSnapshot(name);
      const loaded = await loadSnapshot(entry);
      const { files } = generateCimBindings(loaded.schema, {
        namespaces: [entry.namespace],
        source: loaded.label,
      });
      for (const f of files) {
        const lines = f.text.split('\n');
        lines.forEach((line, i) => {
          // The last line of a description: a comment line ending in ':' followed by the end
          // of the comment, or by the blank line before the notes and tags (plan.ts).
          const next = lines[i + 1]?.trim();
          const afterBlank = lines[i + 2]?.trim() ?? '';
          const noteOrTag =
            /^\* (@|Key|Default:|Units:|Maximum|Minimum|Range:|Reference to|In and out|Static method|CIM class|The return value)/;
          if (
            /^\s*\* .*:$/.test(line) &&
            (next === '*/' || (next === '*' && noteOrTag.test(afterBlank)))
          )
            dangling.push(`${name}/${f.path}:${i + 1}: ${line.trim()}`);
        });
      }
    }
    expect(dangling.filter((d) => /values are:$/i.test(d))).toEqual([]);
    expect(dangling).toEqual([]);
  }, 120_000);
});
