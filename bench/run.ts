/**
 * `npm run bench`: runs every `bench/*.bench.ts` (compiled to dist/bench) in turn, each in a
 * process of its own, and prints their figures (`npm run bench -- mof` runs the parts named,
 * in this process). Each bench module exports `run(): Promise<void>` and prints
 * its own lines; a bench that needs an input which is not present says so and skips.
 */

import { spawnSync } from 'node:child_process';
import { readdirSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

const here = dirname(fileURLToPath(import.meta.url));
const only = process.argv.slice(2);
const files = readdirSync(here)
  .filter((f) => f.endsWith('.bench.js'))
  .filter((f) => only.length === 0 || only.some((o) => f.includes(o)))
  .sort();

if (only.length === 0 && files.length > 1) {
  // Every part in a process of its own, as a user runs one thing at a time: in one process a
  // part inherited the heap, the JIT state and the peak RSS of the parts before it (the MOF
  // part, run after the in-memory provider's 100,000 instances, printed a peak RSS of
  // 1,001 MB, and its collector worked through their old generation).
  for (const file of files) {
    const child = spawnSync(process.execPath, [...process.execArgv, fileURLToPath(import.meta.url), file], { stdio: 'inherit' });
    if (child.status !== 0) process.exitCode = child.status ?? 1;
  }
} else {
  for (const file of files) {
    process.stdout.write(`\n## ${file.replace(/\.bench\.js$/, '')}\n`);
    const mod = (await import(pathToFileURL(join(here, file)).href)) as { run: () => Promise<void> };
    await mod.run();
  }
}
