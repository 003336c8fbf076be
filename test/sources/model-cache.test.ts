/**
 * Precompiled snapshot models (sources/model-cache.ts): the same schema as parsing
 * the snapshot, used only under a matching key, and a parse instead of anything stale or
 * unreadable.
 */
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { generateCimBindings, type GeneratedFile } from '../../generator/cim/generate.js';
import { compiledModelKey, compiledModelPath, readCompiledModel, writeCompiledModel } from '../../sources/model-cache.js';
import { precompileSnapshots } from '../../sources/precompile.js';
import { findSnapshot, loadSnapshot, schemasDir } from '../../sources/load.js';

const work = mkdtempSync(join(tmpdir(), 'wmigen-model-cache-'));
afterAll(() => rmSync(work, { recursive: true, force: true }));

describe('precompiled snapshot models', () => {
  it('hold the schema a parse gives, and generate the same files', { timeout: 120_000 }, async () => {
    const done = await precompileSnapshots(work);
    expect(done.map((d) => d.name)).toContain('cim-2.51');
    for (const name of ['cim-2.51', 'windows-cimv2']) {
      const entry = findSnapshot(name);
      const parsed = await loadSnapshot(entry, schemasDir(), { compiledDir: null });
      const compiled = await loadSnapshot(entry, schemasDir(), { compiledDir: work });
      expect(compiled.schema).not.toBe(parsed.schema);
      // Compared as JSON text (V8's serialization of equal graphs can differ: a double 1 vs a small integer 1).
      expect(JSON.stringify(compiled.schema) === JSON.stringify(parsed.schema), name).toBe(true);
      const files = (l: typeof parsed): readonly GeneratedFile[] => generateCimBindings(l.schema, { namespaces: [entry.namespace], source: l.label }).files;
      expect(files(compiled)).toEqual(files(parsed));
      expect(compiled.diagnostics).toEqual(parsed.diagnostics);
      expect(compiled.inputFiles).toEqual(parsed.inputFiles);
      expect(compiled.description).toBe(parsed.description);
      const cls = parsed.schema.namespaces[0].classes[0];
      expect(compiled.label(cls)).toBe(parsed.label(cls));
      // Code frames still find the text of a snapshot file.
      const file = cls.location!.file;
      expect(compiled.sources.get(file)).toBe(parsed.sources.get(file));
    }
  });

  it('are used only under their key', () => {
    const entry = findSnapshot('windows-tpm');
    const bytes = readFileSync(join(schemasDir(), entry.file));
    const key = compiledModelKey(entry, bytes);
    expect(compiledModelKey(entry, Buffer.concat([bytes, Buffer.from(' ')]))).not.toBe(key);
    expect(compiledModelKey({ ...entry, strict: !entry.strict }, bytes)).not.toBe(key);
    expect(compiledModelKey(entry, bytes, work)).not.toBe(key); // another front-end's code
    const path = compiledModelPath('keyed', work);
    const model = { schema: { namespaces: [] }, diagnostics: [] };
    writeCompiledModel(path, key, model);
    expect(readCompiledModel(path, key)).toEqual(model);
    expect(readCompiledModel(path, 'other')).toBeUndefined();
    expect(readCompiledModel(join(work, 'absent.cim-model'), key)).toBeUndefined();
  });

  it('make way for a parse when stale or unreadable', async () => {
    const entry = findSnapshot('windows-tpm');
    const bytes = readFileSync(join(schemasDir(), entry.file));
    const parsed = await loadSnapshot(entry, schemasDir(), { compiledDir: null });
    const dir = join(work, 'bad');
    // A model stored under another key (an older snapshot or front-end) is not used.
    writeCompiledModel(compiledModelPath(entry.name, dir), 'stale', { schema: { namespaces: [] }, diagnostics: [] });
    expect((await loadSnapshot(entry, schemasDir(), { compiledDir: dir })).schema).toEqual(parsed.schema);
    // Nor is a payload that does not deserialize.
    const path = compiledModelPath(entry.name, dir);
    writeCompiledModel(path, compiledModelKey(entry, bytes), { schema: { namespaces: [] }, diagnostics: [] });
    const good = readFileSync(path);
    writeFileSync(path, good.subarray(0, good.length - 3));
    expect((await loadSnapshot(entry, schemasDir(), { compiledDir: dir })).schema).toEqual(parsed.schema);
  });
});
