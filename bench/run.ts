/**
 * `npm run bench`: runs every `bench/*.bench.ts` (compiled to dist/bench) in turn and
 * prints their figures. Each bench module exports `run(): Promise<void>` and prints
 * its own lines; a bench that needs an input which is not present says so and skips.
 */

import { readdirSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

const here = dirname(fileURLToPath(import.meta.url));
const only = process.argv.slice(2);
const files = readdirSync(here)
  .filter((f) => f.endsWith('.bench.js'))
  .filter((f) => only.length === 0 || only.some((o) => f.includes(o)))
  .sort();

for (const file of files) {
  process.stdout.write(`\n## ${file.replace(/\.bench\.js$/, '')}\n`);
  const mod = (await import(pathToFileURL(join(here, file)).href)) as { run: () => Promise<void> };
  await mod.run();
}
