/**
 * The `Release` object every release function returns: the twin of Go's
 * internal/methods/release_view.go. Dates arrive as `Date` (msgpack timestamps). A type test
 * (test/release.types.test.ts) checks it against the generated wire type, so the two cannot drift.
 */
import type { ChartMetadata } from '@helm-sdk/core';

/** Helm's release status. */
export type ReleaseStatus =
  | 'unknown'
  | 'deployed'
  | 'uninstalled'
  | 'superseded'
  | 'failed'
  | 'uninstalling'
  | 'pending-install'
  | 'pending-upgrade'
  | 'pending-rollback';

/** The released chart's metadata (Chart.yaml), without templates or files. */
export type ReleaseChart = ChartMetadata;

/** One hook of a release and how it last ran. */
export interface ReleaseHook {
  readonly name: string;
  readonly kind: string;
  readonly path: string;
  readonly manifest?: string;
  readonly events: readonly string[];
  readonly weight: number;
  readonly deletePolicies?: readonly string[];
  readonly lastRunStarted?: Date;
  readonly lastRunCompleted?: Date;
  readonly lastRunPhase?: string;
}

export interface Release {
  readonly name: string;
  readonly namespace: string;
  readonly revision: number;
  readonly status: ReleaseStatus;
  readonly chart: ReleaseChart;
  readonly firstDeployed?: Date;
  readonly lastDeployed?: Date;
  readonly deleted?: Date;
  readonly description?: string;
  /** Rendered NOTES.txt (not in list/history results). */
  readonly notes?: string;
  /** Rendered manifest (not in list/history results). */
  readonly manifest?: string;
  /** The user-supplied values (`helm get values`; not in list/history results). */
  readonly config?: Readonly<Record<string, unknown>>;
  /** Hooks (not in list/history results). */
  readonly hooks?: readonly ReleaseHook[];
  /** The release's own labels (`--labels`), without the storage driver's (`name`, `owner`, `status`, `version`, `createdAt`, `modifiedAt`). */
  readonly labels?: Readonly<Record<string, string>>;
  /** `ssa` (server-side apply) or `csa` (client-side apply). */
  readonly applyMethod?: string;
  /** The revision a rollback restored; absent when this revision is no rollback. */
  readonly rollbackRevision?: number;
}
