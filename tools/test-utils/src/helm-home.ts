/**
 * A private Helm home for one test: temp repositories.yaml, repository cache, registry config and
 * content cache, as Configuration options for the SDK and as environment variables for the
 * reference CLI, so the SDK and `helm` share exactly the same files and nothing else.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

export interface HelmHome {
  readonly dir: string;
  readonly repositoryConfig: string;
  readonly repositoryCache: string;
  readonly registryConfig: string;
  readonly contentCache: string;
  /** The Configuration options pointing at these files. */
  readonly paths: {
    readonly repositoryConfig: string;
    readonly repositoryCache: string;
    readonly registryConfig: string;
    readonly contentCache: string;
  };
  /** Environment for the reference CLI (pass to `runHelm(args, home.env)`). */
  readonly env: Record<string, string>;
  remove(): void;
}

export function makeHelmHome(prefix = 'helm-sdk-test-'): HelmHome {
  const dir = mkdtempSync(join(tmpdir(), prefix));
  const paths = {
    repositoryConfig: join(dir, 'config/repositories.yaml'),
    repositoryCache: join(dir, 'cache/repository'),
    registryConfig: join(dir, 'config/registry/config.json'),
    contentCache: join(dir, 'cache/content'),
  };
  return {
    dir,
    ...paths,
    paths,
    env: {
      HELM_CONFIG_HOME: join(dir, 'config'),
      HELM_CACHE_HOME: join(dir, 'cache'),
      HELM_DATA_HOME: join(dir, 'data'),
      HELM_REPOSITORY_CONFIG: paths.repositoryConfig,
      HELM_REPOSITORY_CACHE: paths.repositoryCache,
      HELM_REGISTRY_CONFIG: paths.registryConfig,
      HELM_CONTENT_CACHE: paths.contentCache,
      // Docker's config must not leak credentials in or out.
      DOCKER_CONFIG: join(dir, 'docker'),
    },
    remove: () => rmSync(dir, { recursive: true, force: true }),
  };
}
