/**
 * Where the shared real-input corpus lives for tests: `../shared/corpus` beside the
 * repository. Tests that need it use `describe.runIf(hasCorpus)`; the product never
 * reads it at run time.
 */
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { join } from 'node:path';

export const repoRoot = fileURLToPath(new URL('..', import.meta.url));
export const corpusDir = join(repoRoot, '..', 'shared', 'corpus');
export const hasCorpus = existsSync(join(corpusDir, 'MANIFEST.md'));
export const corpusPath = (...parts: string[]): string => join(corpusDir, ...parts);
