import { defineConfig } from 'vitest/config';

export default defineConfig({
  resolve: { conditions: ['@helm-sdk/source'] },
  ssr: { resolve: { conditions: ['@helm-sdk/source'] } },
  test: { include: ['test/**/*.test.ts'], testTimeout: 60_000 },
});
