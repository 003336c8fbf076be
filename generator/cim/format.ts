/**
 * Optional prettier pass (`--prettier`). The emitter already writes prettier's style
 * (2 spaces, single quotes, trailing commas, one union member per line past 80 columns),
 * so this only matters to projects with their own prettier settings. It costs several
 * milliseconds per file (see bench/generate.bench.ts), so only files whose unformatted
 * text changed since the last run are formatted; the others are taken from disk.
 */

import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { GeneratedFile } from './generate.js';
import { sha256, type Manifest } from './output.js';

/** Manifest field written next to `files` when prettier ran: unformatted hashes. */
export interface FormattedManifest extends Manifest {
  readonly unformatted?: Readonly<Record<string, string>>;
}

export async function formatFiles(
  files: readonly GeneratedFile[],
  outDir: string,
  previous: FormattedManifest | undefined,
  onProgress?: (done: number, total: number) => void,
): Promise<GeneratedFile[]> {
  const prettier = await import('prettier');
  // Configuration resolved once, from where the files will live.
  const config = (await prettier.resolveConfig(join(outDir, 'index.ts'))) ?? {};
  const options = { singleQuote: true, printWidth: 100, ...config, parser: 'typescript' as const };
  const out: GeneratedFile[] = [];
  let done = 0;
  for (const f of files) {
    const rawHash = sha256(f.text);
    let text: string | undefined;
    if (previous?.unformatted?.[f.path] === rawHash) {
      try {
        const onDisk = readFileSync(join(outDir, f.path), 'utf8');
        if (sha256(onDisk) === previous.files[f.path]) text = onDisk;
      } catch {
        text = undefined;
      }
    }
    text ??= await prettier.format(f.text, options);
    out.push({ path: f.path, text, unformattedHash: rawHash } as GeneratedFile);
    onProgress?.(++done, files.length);
  }
  return out;
}
