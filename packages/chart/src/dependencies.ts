/**
 * `listDependencies`, `updateDependencies`, `buildDependencies`: `helm dependency list|update|build`
 * (engine methods `chart.dependencyList`, `chart.dependencyUpdate`, `chart.dependencyBuild`, Go
 * `internal/methods/chart_dependency.go`).
 */
import { type CallOptions, type Configuration, callSpec, checkOptions, type OptionSpec, requireOption } from '@helm-sdk/core';
import { epochSeconds, type RemoteOptions, remoteSpec } from './remote-options.js';

export interface ListDependenciesOptions extends CallOptions {
  /** `CHART`: the chart directory or archive. */
  readonly chart: string;
}

/** One row of `helm dependency list`. */
export interface DependencyStatus {
  readonly name: string;
  readonly version: string;
  readonly repository: string;
  /** `ok`, `missing`, `unpacked`, `wrong version`, `misnamed`, `corrupt`, `invalid version` or `too many matches`. */
  readonly status: string;
}

export interface DependencyList {
  readonly dependencies: readonly DependencyStatus[];
  /** The CLI's warnings, e.g. an archive in `charts/` that is not in Chart.yaml. */
  readonly warnings: readonly string[];
}

export interface UpdateDependenciesOptions extends RemoteOptions, CallOptions {
  /** `CHART`: the chart directory. */
  readonly chart: string;
  /** `--verify` downloaded charts against their signatures. Default `false`. */
  readonly verify?: boolean;
  /** `--keyring` for `verify`. Defaults to `~/.gnupg/pubring.gpg`. */
  readonly keyring?: string;
  /** `--skip-refresh`: do not refresh the cached repository indexes first. Default `false`. */
  readonly skipRefresh?: boolean;
  /** `SOURCE_DATE_EPOCH`: time written into Chart.lock (a Date or seconds since 1970). */
  readonly sourceDateEpoch?: Date | number;
}

export interface DependencyUpdateResult {
  /** What the CLI prints while it works ("Saving 1 charts", "Downloading ..."). */
  readonly output: string;
  /** The archives in `charts/` afterwards. */
  readonly charts: readonly string[];
}

const listSpec: OptionSpec<ListDependenciesOptions> = { ...callSpec, chart: 'string' };
const updateSpec: OptionSpec<UpdateDependenciesOptions> = {
  ...remoteSpec,
  ...callSpec,
  chart: 'string',
  verify: 'boolean',
  keyring: 'string',
  skipRefresh: 'boolean',
  sourceDateEpoch: 'any',
};

/** Lists a chart's dependencies with their status, as `helm dependency list`. */
export async function listDependencies(cfg: Configuration, options: ListDependenciesOptions): Promise<DependencyList> {
  checkOptions('listDependencies', options, listSpec);
  requireOption('listDependencies', options, 'chart');
  const { signal, timeout, ...params } = options;
  const r = await cfg.call('chart.dependencyList', params, { action: 'listDependencies', signal, timeout, retryOnCrash: true });
  return { dependencies: r.dependencies ?? [], warnings: r.warnings ?? [] };
}

async function runManager(
  action: 'updateDependencies' | 'buildDependencies',
  method: 'chart.dependencyUpdate' | 'chart.dependencyBuild',
  cfg: Configuration,
  options: UpdateDependenciesOptions,
): Promise<DependencyUpdateResult> {
  checkOptions(action, options, updateSpec);
  requireOption(action, options, 'chart');
  const { signal, timeout, sourceDateEpoch, ...params } = options;
  const r = await cfg.call(method, { ...params, sourceDateEpoch: epochSeconds(sourceDateEpoch) }, { action, signal, timeout });
  return { output: r.output, charts: r.charts ?? [] };
}

/** Downloads Chart.yaml's dependencies into `charts/` and writes Chart.lock, as `helm dependency update`. */
export function updateDependencies(cfg: Configuration, options: UpdateDependenciesOptions): Promise<DependencyUpdateResult> {
  return runManager('updateDependencies', 'chart.dependencyUpdate', cfg, options);
}

/** Rebuilds `charts/` from Chart.lock (or updates when there is none), as `helm dependency build`. */
export function buildDependencies(cfg: Configuration, options: UpdateDependenciesOptions): Promise<DependencyUpdateResult> {
  return runManager('buildDependencies', 'chart.dependencyBuild', cfg, options);
}
