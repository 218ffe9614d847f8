/**
 * Vitest globalSetup: starts one test environment per test run, or reuses the one named by
 * HELM_SDK_TESTENV=<endpoints.json> (e.g. from `pnpm testenv up`), and provides its endpoints:
 *
 *   // vitest.config.ts
 *   test: { globalSetup: ['@helm-sdk/testenv/global-setup'] }   // or the path tools/testenv/src/global-setup.ts
 *   // in a test
 *   import { inject } from 'vitest';
 *   const ep = inject('testenv');           // Endpoints
 *   const file = inject('testenvFile');     // path of the endpoints JSON
 */
import type { TestProject } from 'vitest/node';
import { type Endpoints, readEndpoints, startTestEnv } from './index.js';

declare module 'vitest' {
  export interface ProvidedContext {
    testenv: Endpoints;
    testenvFile: string;
  }
}

export default async function setup(project: TestProject): Promise<(() => Promise<void>) | undefined> {
  const given = process.env.HELM_SDK_TESTENV;
  if (given) {
    const ep = readEndpoints(given);
    project.provide('testenv', ep);
    project.provide('testenvFile', given);
    return undefined;
  }
  const t0 = Date.now();
  const env = await startTestEnv(process.env.HELM_SDK_TESTENV_QUIET ? { log: () => {} } : {});
  process.stderr.write(
    `[testenv] started in ${((Date.now() - t0) / 1000).toFixed(1)} s (launcher ready in ${env.endpoints.readySeconds.toFixed(1)} s): ${env.endpointsFile}\n`,
  );
  project.provide('testenv', env.endpoints);
  project.provide('testenvFile', env.endpointsFile);
  return () => env.stop();
}
