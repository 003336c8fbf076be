/**
 * Long include lists are read together and decoded at once (model/cim/read-files.ts), on the
 * calling thread or ahead of the loader by a worker thread. The result must be exactly what
 * reading each file alone gives (the `readFile` option turns both off), whatever the files
 * are: plain ASCII, UTF-8 with a BOM and accents, UTF-16 with and without a BOM, a missing
 * file, a directory, the same file named twice, an include cycle; and however the worker
 * fares: a list larger than its buffer, a list inside a list, a worker that stalls.
 */
import { mkdirSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { decodeMofBytes, decodesAsAscii } from '../../grammar/mof/decode.js';
import { loadMofFiles, type MofLoadResult } from '../../model/cim/load.js';
import { pauseReadAheadThread, readAheadStats, setReadAheadBufferBytes, startReadAheadThread } from '../../model/cim/read-files.js';

const dir = mkdtempSync(join(tmpdir(), 'wmigen-read-'));
const cls = (name: string, description: string): string =>
  `[Description("${description}")]\nclass ${name} {\n  [Key, Description("key of " "${name}")] string Id;\n};\n`;
const files: Record<string, Buffer> = {};
// More than the 64 files a list needs to go to the read-ahead thread.
for (let i = 0; i < 70; i++) files[`plain${i}.mof`] = Buffer.from(cls(`Plain_${i}`, `plain class ${i}`));
files['accents.mof'] = Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), Buffer.from(cls('Accents', 'café, naïve, Ünïcode'))]);
files['utf16.mof'] = Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from(cls('Utf16', 'written by mofcomp'), 'utf16le')]);
files['utf16-no-bom.mof'] = Buffer.from(cls('Utf16NoBom', 'no byte order mark'), 'utf16le');
files['cycle.mof'] = Buffer.from('#pragma include("top.mof")\n' + cls('Cycle', 'includes its includer'));
for (const [name, bytes] of Object.entries(files)) writeFileSync(join(dir, name), bytes);
mkdirSync(join(dir, 'a-directory.mof'));
const includes = [...Object.keys(files), 'missing.mof', 'a-directory.mof', 'plain0.mof'];
writeFileSync(join(dir, 'top.mof'), includes.map((f) => `#pragma include("${f}")\n`).join(''));

describe('reading an include list together', () => {
  it('gives the same schema, diagnostics and texts as reading each file alone', () => {
    const top = join(dir, 'top.mof');
    const together = loadMofFiles([top], { readAhead: false });
    const alone = loadMofFiles([top], { readFile: (p) => readFileSync(p) });
    expect(together.schema).toEqual(alone.schema);
    expect(together.diagnostics).toEqual(alone.diagnostics);
    expect([...together.sources]).toEqual([...alone.sources]);
    // The inputs are what they claim: every class loaded, each error reported once.
    const classes = together.schema.namespaces.flatMap((n) => n.classes.map((c) => c.name));
    expect(classes).toEqual(expect.arrayContaining(['Plain_0', 'Plain_7', 'Accents', 'Utf16', 'Utf16NoBom', 'Cycle']));
    const messages = together.diagnostics.map((d) => d.message);
    expect(messages.filter((m) => /missing\.mof: file not found/.test(m))).toHaveLength(1);
    expect(messages.filter((m) => /a-directory\.mof: cannot read/.test(m))).toHaveLength(1);
    expect(messages.filter((m) => /include cycle/.test(m))).toHaveLength(1);
    expect(together.schema.namespaces[0].classes.find((c) => c.name === 'Accents')?.qualifiers.find((q) => q.name === 'Description')?.value).toBe('café, naïve, Ünïcode');
  });

  it('decodes as ASCII only bytes that decodeMofBytes reads as Latin-1', () => {
    let seed = 7;
    const next = (): number => (seed = (seed * 1103515245 + 12345) & 0x7fffffff);
    const alphabet = [0, 0x0a, 0x22, 0x41, 0x61, 0x7f, 0x80, 0xbb, 0xef, 0xfe, 0xff];
    for (let i = 0; i < 3000; i++) {
      const bytes = Uint8Array.from({ length: next() % 9 }, () => (next() % 3 === 0 ? alphabet[next() % alphabet.length] : 0x20 + (next() % 0x5f)));
      if (decodesAsAscii(bytes)) expect(decodeMofBytes(bytes)).toBe(Buffer.from(bytes).toString('latin1'));
    }
    expect(decodesAsAscii(Buffer.from('class A {};'))).toBe(true);
    expect(decodesAsAscii(Buffer.from('class A {};', 'utf16le'))).toBe(false);
    expect(decodesAsAscii(Buffer.from('é'))).toBe(false);
  });
});

/** What reading each file alone gives: the same schema, diagnostics and texts. */
function expectSameAsAlone(result: MofLoadResult, paths: string[]): void {
  const alone = loadMofFiles(paths, { readFile: (p) => readFileSync(p) });
  expect(result.schema).toEqual(alone.schema);
  expect(result.diagnostics).toEqual(alone.diagnostics);
  expect([...result.sources]).toEqual([...alone.sources]);
}

describe('reading ahead on a worker thread', () => {
  // The list of top.mof but the file named twice and the cycle: both make the loader start
  // again from the top (resolving at the end), which reads the list a second time.
  const listed = Object.keys(files).filter((f) => f !== 'cycle.mof');
  const top = join(dir, 'ahead.mof');
  writeFileSync(top, [...listed, 'missing.mof', 'a-directory.mof'].map((f) => `#pragma include("${f}")\n`).join(''));
  const readable = listed.length;

  beforeAll(async () => {
    expect(await startReadAheadThread()).toBe(true);
  });

  it('reads a long include list ahead of the loader, with the same result', () => {
    const before = { ...readAheadStats };
    const result = loadMofFiles([top]);
    expect(readAheadStats.lists).toBe(before.lists + 1);
    expect(readAheadStats.files).toBe(before.files + readable);
    expectSameAsAlone(result, [top]);
    expect(result.schema.namespaces[0].classes.map((c) => c.name)).toEqual(expect.arrayContaining(['Plain_69', 'Utf16', 'Accents']));
  });

  it('leaves the files that do not fit in its buffer to the loader, and takes a larger buffer next time', () => {
    setReadAheadBufferBytes(2048);
    const before = { ...readAheadStats };
    expectSameAsAlone(loadMofFiles([top]), [top]);
    const read = readAheadStats.files - before.files;
    expect(read).toBeGreaterThan(0);
    expect(read).toBeLessThan(readable);
    const next = { ...readAheadStats };
    expectSameAsAlone(loadMofFiles([top]), [top]);
    expect(readAheadStats.files - next.files).toBeGreaterThan(read);
    setReadAheadBufferBytes(8 << 20);
  });

  it('reads a long list given to the load itself', () => {
    const paths = listed.map((f) => join(dir, f));
    const before = { ...readAheadStats };
    expectSameAsAlone(loadMofFiles(paths), paths);
    expect(readAheadStats.lists).toBe(before.lists + 1);
  });

  it('reads a long list inside a long list on the calling thread (the worker is busy with the outer one)', () => {
    const nested = join(dir, 'nested');
    mkdirSync(nested, { recursive: true });
    for (let i = 0; i < 70; i++) writeFileSync(join(nested, `inner${i}.mof`), cls(`Inner_${i}`, `inner class ${i}`));
    writeFileSync(join(nested, 'outer0.mof'), Array.from({ length: 70 }, (_, i) => `#pragma include("inner${i}.mof")\n`).join(''));
    // 70 files of 4 KB: more than the loader decodes at once (256 KB), so the outer list
    // still holds the worker's buffer when outer0.mof's list comes.
    const padding = `// ${'-'.repeat(4000)}\n`;
    for (let i = 1; i < 70; i++) writeFileSync(join(nested, `outer${i}.mof`), padding + cls(`Outer_${i}`, `outer class ${i}`));
    const outerTop = join(nested, 'top.mof');
    writeFileSync(outerTop, Array.from({ length: 70 }, (_, i) => `#pragma include("outer${i}.mof")\n`).join(''));
    const before = { ...readAheadStats };
    const result = loadMofFiles([outerTop]);
    expect(readAheadStats.lists).toBe(before.lists + 1);
    expectSameAsAlone(result, [outerTop]);
    expect(result.schema.namespaces[0].classes).toHaveLength(139);
  });

  it('reads the rest itself when the worker stalls, and starts a new worker afterwards', async () => {
    pauseReadAheadThread(5000);
    const before = { ...readAheadStats };
    expectSameAsAlone(loadMofFiles([top]), [top]);
    expect(readAheadStats.stalls).toBe(before.stalls + 1);
    expect(await startReadAheadThread()).toBe(true);
    const after = { ...readAheadStats };
    expectSameAsAlone(loadMofFiles([top]), [top]);
    expect(readAheadStats.files - after.files).toBe(readable);
  });
});
