import { defineConfig } from 'vitest/config';

export default defineConfig({
  resolve: {
    alias: { 'wmigen/runtime': new URL('./runtime/index.ts', import.meta.url).pathname },
  },
  test: {
    include: ['test/**/*.test.ts'],
    globalSetup: ['test/global-setup.ts'],
    testTimeout: 60_000,
    hookTimeout: 600_000,
    pool: 'forks',
  },
});
