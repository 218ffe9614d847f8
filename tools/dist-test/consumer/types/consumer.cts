// Compiled with tsc --noEmit against the installed types (CommonJS: the package's "require" types).
// The @ts-expect-error lines fail the compile if the types degrade to `any`.
import { Configuration, EngineNotFoundError, type InstallOptions, install, list, type Release, type ReleaseStatus } from '@helm-sdk/actions';

const cfg = new Configuration({ kubeconfig: '/dev/null', namespace: 'default' });
const options: InstallOptions = { releaseName: 'web', chart: './chart', values: { replicaCount: 2 }, timeout: 60_000 };

export async function run(): Promise<ReleaseStatus> {
  const release: Release = await install(cfg, options);
  const revision: number = release.revision;
  // @ts-expect-error revision is a number, not a string
  const wrong: string = release.revision;
  // @ts-expect-error waitStrategy is a union of Helm's strategies, not any string
  await install(cfg, { releaseName: 'web', chart: './chart', waitStrategy: 'sometimes' });
  const all: readonly Release[] = await list(cfg, {});
  return all.length > revision + wrong.length ? release.status : 'unknown';
}

export function isMissingEngine(error: unknown): error is EngineNotFoundError {
  return EngineNotFoundError.isInstance(error);
}

