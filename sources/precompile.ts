/**
 * `node dist/sources/precompile.js` (run by `npm run build`): resolves every bundled
 * snapshot of `schemas/index.json` and writes its precompiled model (`model-cache.ts`) into
 * the build, so `wmigen --schema …` and the no-source default skip the MOF front-end.
 */

import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { compiledModelDir, compiledModelKey, compiledModelPath, writeCompiledModel } from './model-cache.js';
import { listSnapshots, loadSnapshot, schemasDir } from './load.js';

export interface PrecompiledSnapshot {
  readonly name: string;
  readonly path: string;
  readonly bytes: number;
}

export async function precompileSnapshots(outDir = compiledModelDir(), dir = schemasDir()): Promise<PrecompiledSnapshot[]> {
  const out: PrecompiledSnapshot[] = [];
  for (const entry of listSnapshots(dir)) {
    const loaded = await loadSnapshot(entry, dir, { compiledDir: null });
    const path = compiledModelPath(entry.name, outDir);
    const bytes = writeCompiledModel(path, compiledModelKey(entry, readFileSync(join(dir, entry.file))), loaded);
    out.push({ name: entry.name, path, bytes });
  }
  return out;
}

if (process.argv[1] !== undefined && import.meta.url === pathToFileURL(process.argv[1]).href) {
  const started = performance.now();
  const done = await precompileSnapshots();
  const mb = done.reduce((n, d) => n + d.bytes, 0) / 1e6;
  process.stdout.write(`wmigen: precompiled ${done.length} bundled schemas into ${compiledModelDir()} (${mb.toFixed(1)} MB) in ${((performance.now() - started) / 1000).toFixed(1)} s\n`);
}
