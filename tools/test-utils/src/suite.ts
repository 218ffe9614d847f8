/**
 * Shared set-up of the chart and repo suites: the running test environment, a private Helm home per
 * Configuration, and a recorder of everything the SDK and engine emitted (logger lines, error
 * messages) for the secrets check.
 */
import { join } from 'node:path';
import { Configuration, type ConfigurationOptions } from '@helm-sdk/core';
import type {} from '@helm-sdk/testenv/global-setup';
import { inject } from 'vitest';
import { type HelmHome, makeHelmHome } from './helm-home.js';

export const env = inject('testenv');

/** Every line the SDK and the engine emitted, and every error message seen by the tests. */
export const emitted: string[] = [];

export function record<T>(p: Promise<T>): Promise<T> {
  return p.catch((e: unknown) => {
    emitted.push(String((e as Error)?.message), JSON.stringify((e as { details?: unknown })?.details ?? {}));
    throw e;
  });
}

/** A Configuration on its own Helm home (cleaned up by the returned close). */
export function sdk(home: HelmHome = makeHelmHome(), extra: ConfigurationOptions = {}): { cfg: Configuration; home: HelmHome } {
  const cfg = new Configuration({
    ...home.paths,
    env: {
      HELM_CONFIG_HOME: join(home.dir, 'config'),
      HELM_CACHE_HOME: join(home.dir, 'cache'),
      HELM_DATA_HOME: join(home.dir, 'data'),
      DOCKER_CONFIG: join(home.dir, 'docker'),
    },
    logger: (e) => emitted.push(e.message),
    ...extra,
  });
  return { cfg, home };
}

export const passwords = [
  env.repos.auth.password,
  env.registries.auth.password,
  (env.registries.tls as typeof env.registries.tls | undefined)?.password,
].filter((p): p is string => !!p);
