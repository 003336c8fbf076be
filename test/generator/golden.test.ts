/**
 * The golden trees in generated/ are what the generator writes today, byte for byte.
 * After a reviewed generator change, `npx vitest run -u test/generator/golden.test.ts`
 * rewrites them (a file the generator no longer writes is named here, to be deleted).
 */
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { checkOutput } from '../../generator/cim/output.js';
import { hasCorpus } from '../corpus.js';
import { generateCase, goldenCases, goldenDir } from './golden-cases.js';

describe.each(goldenCases)('golden: $name', (c) => {
  it.runIf(!c.needsCorpus || hasCorpus)('regenerates byte for byte what is committed', async () => {
    const { files } = await generateCase(c);
    expect(files.length).toBeGreaterThan(1);
    for (const f of files) await expect(f.text).toMatchFileSnapshot(join(goldenDir(c), f.path));
    expect(checkOutput(goldenDir(c), files).stale, `files in ${c.dir} the generator no longer writes: delete them`).toEqual([]);
  });
});
