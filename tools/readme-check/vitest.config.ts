import { defineConfig } from 'vitest/config';

export default defineConfig({
  resolve: { conditions: ['@helm-sdk/source'] },
  ssr: { resolve: { conditions: ['@helm-sdk/source'] } },
  test: {
    include: ['test/**/*.test.ts'],
    // The control plane, registries and repositories the runnable blocks use (reused when
    // HELM_SDK_TESTENV is set).
    globalSetup: ['../testenv/src/global-setup.ts'],
    testTimeout: 240_000,
    hookTimeout: 120_000,
  },
});
