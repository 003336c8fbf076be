/**
 * Precompiled models of the bundled snapshots. `npm run build` resolves every snapshot of
 * `schemas/index.json` once (`precompile.ts`) and writes the resolved schema, V8-serialized,
 * to `<build>/precompiled/<name>.cim-model`; `loadSnapshot` reads it instead of lexing,
 * parsing and resolving the MOF again. For CIM 2.51 that is about 0.1 s instead of
 * 0.35–1.2 s of every `wmigen` run, and the MOF front-end (Chevrotain) is not even loaded.
 *
 * A precompiled model is used only when its key matches: the snapshot's bytes, how it is
 * loaded (name, namespace, strict), and the code of the MOF front-end that resolved it
 * (grammar/, grammar/mof/, model/cim/ and sources/load.ts, so a changed resolver never serves an
 * old model). Anything else — no file, another key, a payload this Node cannot read — and
 * the snapshot is parsed as before. `test/sources/model-cache.test.ts` checks that the
 * precompiled schema serializes to the same bytes as a freshly parsed one.
 */

import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, readdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { homedir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { deserialize, serialize } from 'node:v8';
import type { Diagnostic } from '../grammar/diagnostics.js';
import type { CimSchema } from '../model/cim/types.js';

/** What a precompiled file holds besides its key. */
export interface CompiledModel {
  readonly schema: CimSchema;
  readonly diagnostics: readonly Diagnostic[];
}

const MAGIC = 'wmigen-cim-model 1';

/** The build's root: `dist/` when running compiled, the repository when running from source. */
export const codeRoot = join(dirname(fileURLToPath(import.meta.url)), '..');

/** Where `npm run build` puts the precompiled models of this build. */
export function compiledModelDir(root = codeRoot): string {
  return join(root, 'precompiled');
}

/**
 * Where models built on first use are kept, for snapshots the build did not precompile (the
 * per-OS Windows snapshots: precompiling all of them would not fit the package). A folder the
 * user can write, never the installed package: `$WMIGEN_CACHE_DIR`, else
 * `node_modules/.cache/wmigen/models` under the working directory when it has `node_modules`
 * (where build tools keep their caches), else the OS's cache folder.
 */
export function userModelCacheDir(cwd = process.cwd(), env: NodeJS.ProcessEnv = process.env): string {
  if (env.WMIGEN_CACHE_DIR) return env.WMIGEN_CACHE_DIR;
  const modules = join(cwd, 'node_modules');
  if (existsSync(modules)) return join(modules, '.cache', 'wmigen', 'models');
  if (process.platform === 'win32' && env.LOCALAPPDATA) return join(env.LOCALAPPDATA, 'wmigen', 'Cache', 'models');
  if (process.platform === 'darwin') return join(homedir(), 'Library', 'Caches', 'wmigen', 'models');
  return join(env.XDG_CACHE_HOME || join(homedir(), '.cache'), 'wmigen', 'models');
}

export function compiledModelPath(name: string, dir = compiledModelDir()): string {
  return join(dir, `${name.replace(/[^A-Za-z0-9_.-]/g, '_')}.cim-model`);
}

let fingerprints: Map<string, string> | undefined;

/**
 * Hash of the code that turns a snapshot into a schema: every module of the MOF front-end
 * (compiled or source, whichever this build runs) and the snapshot loader itself.
 */
export function frontEndFingerprint(root = codeRoot): string {
  const cached = (fingerprints ??= new Map()).get(root);
  if (cached) return cached;
  const h = createHash('sha256');
  for (const dir of ['grammar', join('grammar', 'mof'), join('model', 'cim')]) {
    const abs = join(root, dir);
    if (!existsSync(abs)) continue;
    for (const f of readdirSync(abs).sort()) {
      if (!/\.(js|ts)$/.test(f) || f.endsWith('.d.ts')) continue;
      h.update(`${dir}/${f}\0`).update(readFileSync(join(abs, f))).update('\0');
    }
  }
  for (const f of ['load.js', 'load.ts']) {
    const p = join(root, 'sources', f);
    if (existsSync(p)) h.update(`sources/${f}\0`).update(readFileSync(p));
  }
  const digest = h.digest('hex');
  fingerprints.set(root, digest);
  return digest;
}

/** The key a precompiled model must carry to stand for this snapshot in this build. */
export function compiledModelKey(
  entry: { readonly name: string; readonly namespace: string; readonly strict?: boolean },
  snapshotBytes: Uint8Array,
  root = codeRoot,
): string {
  return createHash('sha256')
    .update(JSON.stringify([MAGIC, entry.name, entry.namespace, entry.strict === true]))
    .update('\0')
    .update(snapshotBytes)
    .update('\0')
    .update(frontEndFingerprint(root))
    .digest('hex');
}

/** Writes `<MAGIC> <key>\n` and the V8-serialized model (via a temp file and a rename). */
export function writeCompiledModel(path: string, key: string, model: CompiledModel): number {
  mkdirSync(dirname(path), { recursive: true });
  const payload = serialize({ schema: model.schema, diagnostics: model.diagnostics });
  const bytes = Buffer.concat([Buffer.from(`${MAGIC} ${key}\n`, 'latin1'), payload]);
  const temp = `${path}.${process.pid}.tmp`;
  writeFileSync(temp, bytes);
  renameSync(temp, path);
  return bytes.length;
}

/** The model stored at `path` when its key is `key`; undefined when absent, stale or unreadable. */
export function readCompiledModel(path: string, key: string): CompiledModel | undefined {
  let bytes: Buffer;
  try {
    bytes = readFileSync(path);
  } catch {
    return undefined;
  }
  const header = `${MAGIC} ${key}\n`;
  if (bytes.length <= header.length || bytes.toString('latin1', 0, header.length) !== header) return undefined;
  try {
    const model = deserialize(bytes.subarray(header.length)) as CompiledModel;
    if (!model || !Array.isArray(model.schema?.namespaces) || !Array.isArray(model.diagnostics)) return undefined;
    return model;
  } catch {
    // Written by a Node whose serialization format this one does not read: parse instead.
    return undefined;
  }
}
