import { defineConfig } from 'vitest/config';

const source = (path: string): string => new URL(`./${path}`, import.meta.url).pathname;

/**
 * The suites that need more than a developer's edit-test loop, each a project of its own
 * with its own npm script (package.json); `unit` is every other test file, so a new file
 * lands there unless it is listed here.
 */
const heavy = {
  // Whole programs through the TypeScript compiler: generated trees under --strict.
  types: [
    'test/generator/golden-types.test.ts',
    'test/generator/snapshots.test.ts',
    'test/generator/full-schema.test.ts',
    'test/generator/examples.test.ts',
    'test/generator/target.test.ts',
    'test/generator/autocomplete.test.ts',
    'test/generator/class-map.test.ts',
    'test/generator/embedded-object.test.ts',
    'test/generator/parameter-values.test.ts',
    'test/generator/emit-types.test.ts',
    'test/generator/naming-types.test.ts',
  ],
  // Real-world inputs in bulk (../shared/corpus, Wine's IDL files) and the reference
  // tools the IDL layouts are compared with (widl, MinGW's gcc).
  corpus: [
    'test/sources/windows-fidelity.test.ts',
    'test/mof/peer-suites.test.ts',
    'test/mof/corpus.test.ts',
    'test/wql/corpus.test.ts',
    'test/docs/corpus.test.ts',
    'test/idl/wine-idl.test.ts',
    'test/idl/widl.test.ts',
    'test/idl/c-layout.test.ts',
  ],
  // Real WMI under Wine (scripts/wine-setup.mjs prepares it).
  wine: ['test/wine/**/*.test.ts', 'test/memory/wine-crosscheck.test.ts', 'test/diff/wine-live.test.ts'],
  // A real WS-Management server: OMI in a network namespace (scripts/omi-harness.mjs).
  omi: ['test/wsman/omi*.test.ts'],
  // The schema browser's page in headless Chromium.
  browser: ['test/browser/browse.test.ts'],
};

const project = (name: string, include: string[], extra: { exclude?: string[]; globalSetup?: string[] } = {}) => ({
  extends: true as const,
  test: { name, include, ...extra },
});

export default defineConfig({
  resolve: {
    // The packages' names resolve to their sources, as tsconfig.json's paths do.
    alias: [
      { find: /^@wmigen\/runtime$/, replacement: source('runtime/index.ts') },
      { find: /^@wmigen\/runtime\/memory$/, replacement: source('runtime/memory/index.ts') },
      { find: /^@wmigen\/runtime\/com$/, replacement: source('runtime/com/provider.ts') },
      {
        find: /^@wmigen\/runtime\/live-schema$/,
        replacement: source('runtime/com/live-schema.ts'),
      },
      { find: /^@wmigen\/runtime\/wsman$/, replacement: source('runtime/wsman/index.ts') },
      { find: /^wmigen\/schema$/, replacement: source('generator/schema.ts') },
    ],
  },
  test: {
    testTimeout: 60_000,
    hookTimeout: 600_000,
    pool: 'forks',
    projects: [
      project('unit', ['test/**/*.test.ts'], { exclude: Object.values(heavy).flat(), globalSetup: ['test/global-setup.ts'] }),
      project('types', heavy.types),
      project('corpus', heavy.corpus, { globalSetup: ['test/global-setup.ts'] }),
      project('wine', heavy.wine, { globalSetup: ['test/wine/global-setup.ts'] }),
      project('omi', heavy.omi),
      project('browser', heavy.browser),
    ],
  },
});
