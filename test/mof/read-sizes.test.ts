/**
 * Issue 15, defect 1: a MOF file must load whole, whatever its size and whatever was read
 * before it. Each file sits at or around a size where a reader with a reused or growing
 * buffer would cut it (0, 1, 2^18 - 1, 2^18, 2^18 + 1, 2^20, and one of about 50 MB), in
 * UTF-8 and UTF-16, and is loaded alone and through include lists in several orders; every
 * text the loader kept must be what a plain `readFileSync` and decode give, and every class
 * must be there, including the one after the padding.
 */
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { decodeMofBytes } from '../../grammar/mof/decode.js';
import { loadMofFiles } from '../../model/cim/load.js';

const dir = mkdtempSync(join(tmpdir(), 'wmigen-sizes-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const SIZES = [0, 1, 2 ** 18 - 1, 2 ** 18, 2 ** 18 + 1, 2 ** 20 - 1, 2 ** 20, 2 ** 20 + 1];

/**
 * A file of exactly `size` bytes: `class First_<tag>`, a comment padding it out, then
 * `class Last_<tag>` (so a cut anywhere in the padding loses the last class), or spaces
 * when the size is too small for two classes.
 */
function fileOfSize(size: number, tag: string, utf16: boolean): Buffer {
  const unit = utf16 ? 2 : 1;
  const bom = utf16 ? Buffer.from([0xff, 0xfe]) : Buffer.alloc(0);
  const encode = (s: string): Buffer => Buffer.from(s, utf16 ? 'utf16le' : 'utf8');
  const first = `class First_${tag} { string A; };\n/*`;
  const last = `*/\nclass Last_${tag} { string B; };\n`;
  const fixed = bom.length + encode(first + last).length;
  if (size < fixed + unit)
    return Buffer.concat([
      size >= bom.length ? bom : Buffer.alloc(0),
      encode(' '.repeat(Math.floor((size - (size >= bom.length ? bom.length : 0)) / unit))),
    ]).subarray(0, size);
  // The padding is ASCII plus a two-byte UTF-8 character now and then, so a cut can also
  // fall inside a character.
  const padBytes = size - fixed;
  let pad = '';
  const line = 'padding é ' + '-'.repeat(60) + '\n';
  const lineBytes = encode(line).length;
  while (encode(pad).length + lineBytes <= padBytes) pad += line;
  pad += ' '.repeat(Math.floor((padBytes - encode(pad).length) / unit));
  const bytes = Buffer.concat([bom, encode(first + pad + last)]);
  return bytes;
}

interface Written {
  readonly path: string;
  readonly classes: string[];
}

function writeAll(utf16: boolean): Written[] {
  return SIZES.map((size) => {
    const tag = `${utf16 ? 'u16' : 'u8'}_${size}`;
    const bytes = fileOfSize(size + (utf16 && size % 2 === 1 ? 1 : 0), tag, utf16);
    const path = join(dir, `${tag}.mof`);
    writeFileSync(path, bytes);
    const text = decodeMofBytes(bytes);
    const classes = [...text.matchAll(/^class (\w+)/gm)].map((m) => m[1]);
    return { path, classes };
  });
}

/** Equal texts; on a difference, the lengths and where they part (not megabytes of diff). */
function expectSameText(actual: string | undefined, expected: string, label: string): void {
  if (actual === expected) return;
  let at = 0;
  while (
    actual !== undefined &&
    at < Math.min(actual.length, expected.length) &&
    actual[at] === expected[at]
  )
    at++;
  expect.fail(
    `${label}: loaded ${actual?.length ?? 'no'} characters, the file has ${expected.length}; they differ from character ${at}`,
  );
}

function expectWhole(result: ReturnType<typeof loadMofFiles>, files: readonly Written[]): void {
  for (const f of files) {
    expectSameText(result.sources.get(f.path), decodeMofBytes(readFileSync(f.path)), f.path);
  }
  const loaded = result.schema.namespaces.flatMap((n) => n.classes.map((c) => c.name)).sort();
  expect(loaded).toEqual(files.flatMap((f) => f.classes).sort());
  expect(result.diagnostics.filter((d) => d.severity === 'error')).toEqual([]);
}

const orders: Record<string, (files: Written[]) => Written[]> = {
  ascending: (f) => f,
  descending: (f) => [...f].reverse(),
  interleaved: (f) => f.map((_, i) => f[(i * 5) % f.length]),
};

describe.each([false, true])('reading files around buffer sizes (utf16: %s)', (utf16) => {
  const files = writeAll(utf16);

  it('writes files of the sizes asked for', () => {
    for (const [i, f] of files.entries())
      expect(readFileSync(f.path).length).toBe(SIZES[i] + (utf16 && SIZES[i] % 2 === 1 ? 1 : 0));
    expect(files.filter((f) => f.classes.length === 2).length).toBeGreaterThanOrEqual(6);
  });

  for (const [name, order] of Object.entries(orders)) {
    it(`loads each file alone, ${name}`, () => {
      for (const f of order(files)) expectWhole(loadMofFiles([f.path]), [f]);
    });

    it(`loads them together as arguments and through an include list, ${name}`, () => {
      const list = order(files);
      expectWhole(loadMofFiles(list.map((f) => f.path)), list);
      const top = join(dir, `top-${utf16 ? 'u16' : 'u8'}-${name}.mof`);
      writeFileSync(
        top,
        list.map((f) => `#pragma include("${f.path.split(/[\\/]/).pop()}")\n`).join(''),
      );
      expectWhole(loadMofFiles([top]), list);
    });
  }
});

describe('a 50 MB file of distinct classes', () => {
  it('loads every class, its text the same as a plain decode', () => {
    const path = join(dir, 'big.mof');
    const description = 'x'.repeat(1900);
    const parts: string[] = [];
    let size = 0;
    let count = 0;
    while (size < 50 * 1024 * 1024) {
      const cls = `[Description("${description} ${count}")]\nclass Big_${count} { [Key] string Id; };\n`;
      parts.push(cls);
      size += cls.length;
      count++;
    }
    writeFileSync(path, parts.join(''));
    const result = loadMofFiles([path]);
    expectSameText(result.sources.get(path), decodeMofBytes(readFileSync(path)), path);
    const classes = result.schema.namespaces.flatMap((n) => n.classes);
    expect(classes).toHaveLength(count);
    const names = new Set(classes.map((c) => c.name));
    expect(names.size).toBe(count);
    expect(names.has('Big_0') && names.has(`Big_${count - 1}`)).toBe(true);
  }, 120_000);
});
