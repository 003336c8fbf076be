/**
 * The loader's path short cuts give exactly what `path.resolve` and `path.join(dirname(…))`
 * give, on seeded random paths made of ordinary names, `.`, `..`, empty segments (doubled
 * slashes), dot-names and names with spaces.
 */
import { dirname, join, resolve, sep } from 'node:path';
import { describe, expect, it } from 'vitest';
import { absolutePath, joinToDirectoryOf } from '../../model/cim/paths.js';

function seededRandom(seed: number): () => number {
  let s = seed >>> 0;
  return () => {
    s = (s * 1664525 + 1013904223) >>> 0;
    return s / 2 ** 32;
  };
}

describe('MOF include paths', () => {
  const random = seededRandom(20261124);
  const segments = ['a', 'CIM_Device', '.', '..', '', '...', '.hidden', 'b.mof', 'with space', 'Ünïcode'];
  const pathOf = (count: number): string =>
    Array.from({ length: count }, () => segments[Math.floor(random() * segments.length)]).join('/');
  const cases = Array.from({ length: 5000 }, () => ({
    from: (random() < 0.8 ? '/' : '') + pathOf(1 + Math.floor(random() * 4)),
    file: pathOf(1 + Math.floor(random() * 3)),
  }));

  it('absolutePath equals path.resolve', () => {
    const differ = cases.filter(({ from }) => absolutePath(from) !== resolve(from));
    expect(differ).toEqual([]);
  });

  it('joinToDirectoryOf equals path.join(dirname(from), file)', () => {
    const differ = cases.filter(({ from, file }) => joinToDirectoryOf(from, file) !== join(dirname(from), file));
    expect(differ).toEqual([]);
  });

  it.runIf(sep === '/')('joins a plain include beside its file and normalizes a dotted one', () => {
    expect(joinToDirectoryOf('/schema/cim_schema_2.51.0.mof', 'Device/CIM_Fan.mof')).toBe('/schema/Device/CIM_Fan.mof');
    expect(joinToDirectoryOf('/schema/./top.mof', '../x.mof')).toBe('/x.mof');
  });
});
