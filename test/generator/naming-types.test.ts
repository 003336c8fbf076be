/** The whole-program half of naming.test.ts: renamed and colliding names compile together. */
import { describe, expect, it } from 'vitest';
import { generateCimBindings } from '../../generator/cim/generate.js';
import { collidingNamesSchema } from './model-builders.js';
import { typecheckFiles } from './typecheck.js';

describe('names in generated modules', () => {
  const out = generateCimBindings(collidingNamesSchema());

  it('type-checks, index included (no duplicate exports)', () => {
    expect(typecheckFiles(out.files).errors).toEqual([]);
  });
});
