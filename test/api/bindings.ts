/**
 * Regenerates the committed test bindings (test/api/bindings/) from the fixture MOF with
 * the project's generator: `npx vitest run test/api/bindings-up-to-date.test.ts` checks
 * them, with `-u` it rewrites them.
 */
import { generateCimBindings } from '../../generator/cim/generate.js';
import { loadFixtureSchema } from '../memory/fixture.js';

export function generateTestBindings() {
  return generateCimBindings(loadFixtureSchema(), {
    runtimeModule: '../../../../../runtime/index.js',
    source: () => 'test/memory/fixtures/cimv2-small.mof',
  });
}
