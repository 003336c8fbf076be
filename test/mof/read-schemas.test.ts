/**
 * Issue 15, defect 1, on the package's own files: every bundled Windows schema MOF loads
 * whole, smallest first and then largest first, each text what a plain `readFileSync` and
 * decode give and every class declared in it loaded. (A reader with a growing shared buffer
 * cut standardcimv2.mof at 262,143 characters when it was read after the smaller ones.) Its
 * own file, so nothing was read before it in this process.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { decodeMofBytes } from '../../grammar/mof/decode.js';
import { loadMofFiles } from '../../model/cim/load.js';

describe("the package's own Windows schema files", () => {
  it('load whole, in any order, each the same text as a plain decode', () => {
    const schemas = join(fileURLToPath(new URL('../../schemas/windows', import.meta.url)));
    const files = readdirSync(schemas)
      .filter((f) => f.endsWith('.mof'))
      .map((f) => join(schemas, f))
      .sort((a, b) => readFileSync(a).length - readFileSync(b).length);
    expect(files.length).toBeGreaterThan(5);
    for (const order of [files, [...files].reverse()]) {
      for (const f of order) {
        const result = loadMofFiles([f]);
        const text = result.sources.get(f);
        expect(
          text === decodeMofBytes(readFileSync(f)),
          `${f}: loaded ${text?.length} characters, a plain decode gives ${decodeMofBytes(readFileSync(f)).length}`,
        ).toBe(true);
        const declared = (decodeMofBytes(readFileSync(f)).match(/^\s*class\s/gm) ?? []).length;
        expect(result.schema.namespaces.flatMap((n) => n.classes).length, f).toBe(declared);
      }
    }
  });
});
