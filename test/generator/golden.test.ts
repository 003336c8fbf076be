import { mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { checkOutput } from '../../generator/cim/output.js';
import { hasCorpus } from '../corpus.js';
import { generateCase, goldenCases, goldenDir } from './golden-cases.js';
import { typecheckPaths } from './typecheck.js';

const update = process.env.WMIGEN_UPDATE_GOLDEN === '1';

describe.each(goldenCases)('golden: $name', (c) => {
  const run = !c.needsCorpus || hasCorpus;

  it.runIf(run)('regenerates byte for byte what is committed', async () => {
    const { files } = await generateCase(c);
    const dir = goldenDir(c);
    if (update) {
      rmSync(dir, { recursive: true, force: true });
      for (const f of files) {
        mkdirSync(dirname(join(dir, f.path)), { recursive: true });
        writeFileSync(join(dir, f.path), f.text);
      }
    }
    const drift = checkOutput(dir, files);
    expect(drift, `generated output in ${c.dir} drifted; review, then WMIGEN_UPDATE_GOLDEN=1 npx vitest run test/generator/golden.test.ts`).toEqual({
      changed: [],
      missing: [],
      stale: [],
    });
    expect(files.length).toBeGreaterThan(1);
  });

  it.runIf(run)('type-checks under --strict as committed', async () => {
    const { files } = await generateCase(c);
    const errors = typecheckPaths(files.map((f) => join(goldenDir(c), f.path)));
    expect(errors).toEqual([]);
  });
});
