/**
 * Loading through the file system must give exactly what loading through the `readFile`
 * option gives, whatever the files of a long include list are: plain ASCII, UTF-8 with a BOM
 * and accents, UTF-16 with and without a BOM, a missing file, a directory, the same file
 * named twice, an include cycle. (File sizes: read-sizes.test.ts.)
 */
import { mkdirSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { decodeMofBytes, decodesAsAscii } from '../../grammar/mof/decode.js';
import { loadMofFiles } from '../../model/cim/load.js';

const dir = mkdtempSync(join(tmpdir(), 'wmigen-read-'));
const cls = (name: string, description: string): string =>
  `[Description("${description}")]\nclass ${name} {\n  [Key, Description("key of " "${name}")] string Id;\n};\n`;
const files: Record<string, Buffer> = {};
for (let i = 0; i < 8; i++) files[`plain${i}.mof`] = Buffer.from(cls(`Plain_${i}`, `plain class ${i}`));
files['accents.mof'] = Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), Buffer.from(cls('Accents', 'café, naïve, Ünïcode'))]);
files['utf16.mof'] = Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from(cls('Utf16', 'written by mofcomp'), 'utf16le')]);
files['utf16-no-bom.mof'] = Buffer.from(cls('Utf16NoBom', 'no byte order mark'), 'utf16le');
files['cycle.mof'] = Buffer.from('#pragma include("top.mof")\n' + cls('Cycle', 'includes its includer'));
for (const [name, bytes] of Object.entries(files)) writeFileSync(join(dir, name), bytes);
mkdirSync(join(dir, 'a-directory.mof'));
const includes = [...Object.keys(files), 'missing.mof', 'a-directory.mof', 'plain0.mof'];
writeFileSync(join(dir, 'top.mof'), includes.map((f) => `#pragma include("${f}")\n`).join(''));

describe('reading an include list', () => {
  it('gives the same schema, diagnostics and texts as reading each file alone', () => {
    const top = join(dir, 'top.mof');
    const together = loadMofFiles([top]);
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
