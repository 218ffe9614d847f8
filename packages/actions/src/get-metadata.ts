/**
 * `getMetadata`: a release's metadata, as `helm get metadata -o json` (engine method
 * `release.getMetadata`, Go `internal/methods/release_get.go`).
 */
import { type Configuration, checkOptions, requireOption } from '@helm-sdk/core';
import { type GetOptions, getSpec } from './get-values.js';
import { checkIntegers } from './read-options.js';
import type { ReleaseStatus } from './release.js';

export type GetMetadataOptions = GetOptions;

/** A dependency of the released chart (Chart.yaml `dependencies`). */
export interface ReleaseDependency {
  readonly name: string;
  readonly version?: string;
  readonly repository: string;
  readonly condition?: string;
  readonly tags?: readonly string[];
  readonly enabled?: boolean;
  /** Chart.yaml `import-values`. */
  readonly importValues?: readonly unknown[];
  readonly alias?: string;
}

/** The fields of `helm get metadata -o json`, with `deployedAt` as a `Date`. */
export interface ReleaseMetadata {
  readonly name: string;
  /** The chart's name. */
  readonly chart: string;
  /** The chart's version. */
  readonly version: string;
  readonly appVersion: string;
  /** Chart.yaml annotations. */
  readonly annotations?: Readonly<Record<string, string>>;
  /** The release's storage labels. */
  readonly labels?: Readonly<Record<string, string>>;
  readonly dependencies?: readonly ReleaseDependency[];
  readonly namespace: string;
  readonly revision: number;
  readonly status: ReleaseStatus;
  /** Last deployed (the CLI prints it as RFC 3339, to the second). */
  readonly deployedAt: Date;
  /** `ssa` or `csa`. */
  readonly applyMethod?: string;
}

/** A release's metadata, like `helm get metadata`. */
export async function getMetadata(cfg: Configuration, options: GetMetadataOptions): Promise<ReleaseMetadata> {
  checkOptions('getMetadata', options, getSpec);
  requireOption('getMetadata', options, 'releaseName');
  checkIntegers('getMetadata', options, ['revision']);
  const { signal, timeout, ...params } = options;
  const result = await cfg.call('release.getMetadata', params, { action: 'getMetadata', signal, timeout, retryOnCrash: true });
  return result as ReleaseMetadata;
}
