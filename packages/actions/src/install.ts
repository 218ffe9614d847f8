/**
 * `install`: install a chart as a new release, as `helm install` does (engine method
 * `release.install`, Go `internal/methods/release_install.go`). Mutating: never retried on an
 * engine crash.
 */
import {
  type ChartSourceOptions,
  type Configuration,
  chartSourceSpec,
  checkOptions,
  InvalidArgumentError,
  type OptionSpec,
  toWireParams,
  type ValuesOptions,
  valuesSpec,
} from '@helm-sdk/core';
import type { Release } from './release.js';
import { callDeadline, type DryRunMode, releaseEvents, serverSideParam, type WaitOptions, waitSpec } from './write-options.js';

/** The flags `helm install` and `helm upgrade` share. */
export interface ReleaseWriteOptions extends ChartSourceOptions, ValuesOptions, WaitOptions {
  /** `-n/--namespace`: the release's namespace. Defaults to the Configuration's namespace, then the context's. */
  readonly namespace?: string;
  /** `--description`: a custom description of the revision. */
  readonly description?: string;
  /** `-l/--labels`: labels added to the release record (upgrade merges them with the previous ones). */
  readonly labels?: Readonly<Record<string, string>>;
  /** `--dependency-update`: fetch missing dependencies into the chart directory first. Default `false`. */
  readonly dependencyUpdate?: boolean;
  /** `--wait-for-jobs`: with a `watcher`/`legacy` wait, also wait for Jobs to complete. Default `false`. */
  readonly waitForJobs?: boolean;
  /** `--dry-run`: `client` or `server` simulates the operation. Default `none`. */
  readonly dryRun?: DryRunMode;
  /** `--hide-secret`: leave Secrets out of a dry run's manifest. Default `false`. */
  readonly hideSecret?: boolean;
  /** `--no-hooks`: do not run hooks. Default `false`. */
  readonly disableHooks?: boolean;
  /** `--skip-crds`: do not install the chart's CRDs. Default `false`. */
  readonly skipCrds?: boolean;
  /** `--skip-schema-validation`: do not validate values against values.schema.json. Default `false`. */
  readonly skipSchemaValidation?: boolean;
  /** `--disable-openapi-validation`: do not validate manifests against the cluster's OpenAPI schema. Default `false`. */
  readonly disableOpenApiValidation?: boolean;
  /** `--take-ownership`: adopt existing resources without Helm's ownership annotations. Default `false`. */
  readonly takeOwnership?: boolean;
  /**
   * `--server-side`: apply with server-side apply. Defaults to `true` for install and `'auto'`
   * (whatever the previous revision used) for upgrade; `'auto'` means `true` for install.
   */
  readonly serverSideApply?: boolean | 'auto';
  /** `--force-conflicts`: take over fields other managers own (server-side apply only). Default `false`. */
  readonly forceConflicts?: boolean;
  /** `--force-replace` (formerly `--force`): replace resources that cannot be updated. Default `false`. */
  readonly forceReplace?: boolean;
  /** `--enable-dns`: allow DNS lookups while rendering. Default `false`. */
  readonly enableDns?: boolean;
  /** `--hide-notes`: leave `notes` out of the result. Default `false`. */
  readonly hideNotes?: boolean;
  /** `--render-subchart-notes`: render subcharts' NOTES.txt too. Default `false`. */
  readonly subNotes?: boolean;
  /**
   * `--rollback-on-failure` (formerly `--atomic`): on failure, undo the operation (install:
   * uninstall the release; upgrade: roll back to the last successful revision). Implies
   * `waitStrategy: 'watcher'` unless another wait is chosen. Default `false`.
   */
  readonly rollbackOnFailure?: boolean;
  /** `--create-namespace`: create the release namespace if missing (upgrade: only when it installs). Default `false`. */
  readonly createNamespace?: boolean;
}

export interface InstallOptions extends ReleaseWriteOptions {
  /** `NAME`: the release name. Required unless `generateName`. */
  readonly releaseName?: string;
  /** `-g/--generate-name`: generate the release name. Default `false`. */
  readonly generateName?: boolean;
  /** `--name-template`: template for the generated name. */
  readonly nameTemplate?: string;
  /** `--replace`: reuse the name of an uninstalled (kept-history) or failed release. Default `false`. */
  readonly replace?: boolean;
  /** `--kube-version`: `.Capabilities.KubeVersion` for a `client` dry run. */
  readonly kubeVersion?: string;
  /** `--api-versions`: extra `.Capabilities.APIVersions` for a `client` dry run. */
  readonly apiVersions?: readonly string[];
}

export const releaseWriteSpec: OptionSpec<ReleaseWriteOptions> = {
  ...chartSourceSpec,
  ...valuesSpec,
  ...waitSpec,
  namespace: 'string',
  description: 'string',
  labels: 'object',
  dependencyUpdate: 'boolean',
  waitForJobs: 'boolean',
  dryRun: ['none', 'client', 'server'],
  hideSecret: 'boolean',
  disableHooks: 'boolean',
  skipCrds: 'boolean',
  skipSchemaValidation: 'boolean',
  disableOpenApiValidation: 'boolean',
  takeOwnership: 'boolean',
  serverSideApply: 'any',
  forceConflicts: 'boolean',
  forceReplace: 'boolean',
  enableDns: 'boolean',
  hideNotes: 'boolean',
  subNotes: 'boolean',
  rollbackOnFailure: 'boolean',
  createNamespace: 'boolean',
};

const spec: OptionSpec<InstallOptions> = {
  ...releaseWriteSpec,
  releaseName: 'string',
  generateName: 'boolean',
  nameTemplate: 'string',
  replace: 'boolean',
  kubeVersion: 'string',
  apiVersions: 'string[]',
};

/** Checks what OptionSpec cannot express; shared with upgrade. */
export function checkWriteOptions(action: string, options: ReleaseWriteOptions): void {
  const ssa = options.serverSideApply;
  if (ssa !== undefined && typeof ssa !== 'boolean' && ssa !== 'auto') {
    throw new InvalidArgumentError(`${action}: option 'serverSideApply' must be a boolean or 'auto'`, action, { input: 'serverSideApply' });
  }
  if (options.chart === undefined) {
    throw new InvalidArgumentError(`${action}: option 'chart' is required`, action, { input: 'chart' });
  }
}

/** The wire params of install/upgrade: host-only options removed, `timeout` kept for Helm. */
export function writeParams(options: ReleaseWriteOptions): Record<string, unknown> {
  const { onEvent: _onEvent, serverSideApply, ...rest } = options;
  const params = toWireParams(rest);
  if (options.timeout !== undefined) params.timeout = Math.round(options.timeout);
  const ssa = serverSideParam(serverSideApply);
  if (ssa !== undefined) params.serverSideApply = ssa;
  return params;
}

/**
 * Installs a chart, like `helm install`. Resolves with the release (status `deployed`, or
 * `pending-install`/`deployed` for a dry run). A failed install rejects with a typed error
 * (`ReleaseExistsError`, `SchemaValidationError`, `TimeoutError`, ...) whose
 * `details.release` holds the release Helm recorded, when there is one.
 */
export async function install(cfg: Configuration, options: InstallOptions): Promise<Release> {
  checkOptions('install', options, spec);
  checkWriteOptions('install', options);
  if (options.releaseName === undefined && !options.generateName) {
    throw new InvalidArgumentError("install: option 'releaseName' is required (or set generateName)", 'install', { input: 'releaseName' });
  }
  const result = await cfg.call('release.install', writeParams(options), {
    action: 'install',
    signal: options.signal,
    timeout: callDeadline(options.timeout, options.rollbackOnFailure),
    onEvent: releaseEvents(options.onEvent),
  });
  return result as Release;
}
