/**
 * Where the shared real-input corpus lives for tests: `../shared/corpus` beside the
 * repository. Tests that need it use `describe.runIf(hasCorpus)` and
 * read nothing of it outside the tests (a skipped describe body still runs); the product never
 * reads it at run time.
 */
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { join } from 'node:path';

export const repoRoot = fileURLToPath(new URL('..', import.meta.url));
export const corpusDir = join(repoRoot, '..', 'shared', 'corpus');
export const hasCorpus = existsSync(join(corpusDir, 'MANIFEST.md'));
export const corpusPath = (...parts: string[]): string => join(corpusDir, ...parts);

/** The mingw-w64 WMI IDL closure, vendored (public domain): the IDL tests always run. */
export const mingwIdlDir = join(repoRoot, 'vendor', 'mingw-w64');
