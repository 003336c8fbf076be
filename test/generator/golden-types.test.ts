/** The golden trees of golden.test.ts type-check under --strict as committed. */
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { hasCorpus } from '../corpus.js';
import { generateCase, goldenCases, goldenDir } from './golden-cases.js';
import { typecheckPaths } from './typecheck.js';

describe.each(goldenCases)('golden: $name', (c) => {
  it.runIf(!c.needsCorpus || hasCorpus)('type-checks under --strict as committed', async () => {
    const { files } = await generateCase(c);
    const errors = typecheckPaths(files.map((f) => join(goldenDir(c), f.path)));
    expect(errors).toEqual([]);
  });
});
