/**
 * What wmigen remembers about an output folder between runs, kept outside that folder so the
 * folder itself holds only what the input determines (issue 15: byte-identical output on any
 * machine and path). It holds machine-specific things: the absolute paths of the inputs, the
 * key of the options and generator code, and each written file's size and mtime, so an
 * unchanged re-run can stat instead of hash. Its absence only costs time: every use of it
 * checks it against the manifest and the files.
 *
 * Where: `node_modules/.cache/wmigen` under the working directory when there is a
 * `node_modules` there (the place build tools share), else a folder in the OS temp directory.
 */

import { createHash } from 'node:crypto';
import {
  existsSync,
  mkdirSync,
  readFileSync,
  renameSync,
  rmSync,
  statSync,
  writeFileSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';

export interface OutputCacheEntry {
  /** Options and generator code this output was made with (local: may hold paths). */
  readonly key: string;
  /** Absolute paths of the input files. */
  readonly inputFiles: readonly string[];
  /** The manifest's input hash when written. */
  readonly inputHash: string;
  /** Relative path → [size, mtimeMs] of each generated file as written. */
  readonly stats: Readonly<Record<string, readonly [number, number]>>;
}

export function outputCacheDir(cwd: string): string {
  const modules = join(cwd, 'node_modules');
  if (existsSync(modules)) return join(modules, '.cache', 'wmigen');
  const user = typeof process.getuid === 'function' ? String(process.getuid()) : 'user';
  return join(tmpdir(), `wmigen-cache-${user}`);
}

function entryPath(cacheDir: string, outDir: string): string {
  return join(
    cacheDir,
    `${createHash('sha256').update(resolve(outDir)).digest('hex').slice(0, 32)}.json`,
  );
}

export function readOutputCache(cacheDir: string, outDir: string): OutputCacheEntry | undefined {
  try {
    const entry = JSON.parse(readFileSync(entryPath(cacheDir, outDir), 'utf8')) as OutputCacheEntry;
    if (
      typeof entry.key !== 'string' ||
      !Array.isArray(entry.inputFiles) ||
      typeof entry.stats !== 'object'
    )
      return undefined;
    return entry;
  } catch {
    return undefined;
  }
}

/** Best effort: a cache that cannot be written (read-only folder, full disk) is skipped. */
export function writeOutputCache(cacheDir: string, outDir: string, entry: OutputCacheEntry): void {
  const path = entryPath(cacheDir, outDir);
  const temp = `${path}.${process.pid}.tmp`;
  try {
    mkdirSync(cacheDir, { recursive: true });
    writeFileSync(temp, JSON.stringify(entry));
    renameSync(temp, path);
  } catch {
    rmSync(temp, { force: true });
  }
}

/** Size and mtime of each of `paths` under `outDir` that is a file. */
export function statFiles(
  outDir: string,
  paths: readonly string[],
): Record<string, [number, number]> {
  const stats: Record<string, [number, number]> = {};
  for (const p of paths) {
    try {
      const st = statSync(join(outDir, p));
      if (st.isFile()) stats[p] = [st.size, st.mtimeMs];
    } catch {
      // gone: not recorded
    }
  }
  return stats;
}
