import { defineConfig } from 'vitest/config';

const source = (path: string): string => new URL(`./${path}`, import.meta.url).pathname;

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
    include: ['test/**/*.test.ts'],
    globalSetup: ['test/global-setup.ts'],
    testTimeout: 60_000,
    hookTimeout: 600_000,
    pool: 'forks',
  },
});
