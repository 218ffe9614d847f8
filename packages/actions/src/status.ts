/**
 * `status`: a release with its live resources, as `helm status` (engine method `release.status`,
 * Go `internal/methods/release_status.go`). Where the CLI prints kubectl tables, the SDK returns
 * one typed entry per object with a kstatus summary.
 */
import { type CallOptions, type Configuration, callSpec, checkOptions, type OptionSpec, requireOption } from '@helm-sdk/core';
import { checkIntegers } from './read-options.js';
import type { Release } from './release.js';

export interface StatusOptions extends CallOptions {
  /** The release (`helm status RELEASE_NAME`). Required. */
  readonly releaseName: string;
  /** `-n/--namespace`: the release's namespace. Defaults to the Configuration's namespace. */
  readonly namespace?: string;
  /** `--revision`: the revision to show. Defaults to the latest. */
  readonly revision?: number;
  /** Skip reading the live resources (no CLI flag; the CLI always reads them). Default `false`. */
  readonly noResources?: boolean;
}

/** kstatus' summary of an object, plus `NotFound` for a manifest object missing from the cluster. */
export type ResourceStatus = 'InProgress' | 'Failed' | 'Current' | 'Terminating' | 'NotFound' | 'Unknown';

/** One live object of a release. */
export interface ReleaseResource {
  readonly apiVersion: string;
  readonly kind: string;
  readonly name: string;
  /** Absent for cluster-scoped objects. */
  readonly namespace?: string;
  /** `Current` means reconciled and ready. */
  readonly status: ResourceStatus;
  /** `status === 'Current'`. */
  readonly ready: boolean;
  /** kstatus' message, e.g. `Deployment is available. Replicas: 2`. */
  readonly message?: string;
  /** A pod found through a workload's selector (the CLI's `Pod(related)`), not in the manifest. */
  readonly related?: boolean;
}

/** A release (with notes, manifest, values and hooks) and its live resources. */
export interface ReleaseStatusResult extends Release {
  /** The manifest's objects (sorted by kind, namespace, name), then related pods. */
  readonly resources: readonly ReleaseResource[];
}

const spec: OptionSpec<StatusOptions> = {
  ...callSpec,
  releaseName: 'string',
  namespace: 'string',
  revision: 'number',
  noResources: 'boolean',
};

/** Shows a release's status and live resources, like `helm status`. */
export async function status(cfg: Configuration, options: StatusOptions): Promise<ReleaseStatusResult> {
  checkOptions('status', options, spec);
  requireOption('status', options, 'releaseName');
  checkIntegers('status', options, ['revision']);
  const { signal, timeout, ...params } = options;
  const result = await cfg.call('release.status', params, { action: 'status', signal, timeout, retryOnCrash: true });
  return result as ReleaseStatusResult;
}
