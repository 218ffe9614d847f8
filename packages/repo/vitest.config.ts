import { defineConfig } from 'vitest/config';

export default defineConfig({
  resolve: { conditions: ['@helm-sdk/source'] },
  ssr: { resolve: { conditions: ['@helm-sdk/source'] } },
  test: {
    include: ['test/**/*.test.ts'],
    // The OCI registries and chart repositories of tools/testenv (reused when HELM_SDK_TESTENV is set).
    globalSetup: ['../../tools/testenv/src/global-setup.ts'],
    // Scans every log line, event, result and error of every Configuration for the suites'
    // credentials and fails the file on a hit (issue 7, Security).
    setupFiles: ['../../tools/test-utils/src/leak-guard.ts'],
    testTimeout: 60_000,
    hookTimeout: 120_000,
  },
});
