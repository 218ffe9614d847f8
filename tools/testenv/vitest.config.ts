import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['test/**/*.test.ts'],
    globalSetup: ['./src/global-setup.ts'],
    // the proof tests share one cluster; helm --wait makes them slow rather than CPU-bound
    fileParallelism: false,
    testTimeout: 180_000,
    hookTimeout: 600_000,
  },
});
