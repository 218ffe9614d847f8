/**
 * Options shared by the mutating release functions (install, upgrade, uninstall, rollback): the
 * wait flags, live progress, and how `timeout` becomes both Helm's `--timeout` and the call's
 * deadline. Kept apart from the per-verb files so each verb stays one file, as on the Go side
 * (`internal/methods/release_write_common.go`).
 */
import type { CallOptions, EngineEvent, HookEvent, LogEvent, PhaseEvent, ResourceEvent } from '@helm-sdk/core';

/** `--wait`: what Helm waits for after applying. */
export type WaitStrategy = 'hookOnly' | 'watcher' | 'legacy';

/** `--dry-run`: `client` renders without the cluster, `server` also validates against it. */
export type DryRunMode = 'none' | 'client' | 'server';

/**
 * A progress event of a release operation:
 * - `phase`: a step started (`render`, `apply`, `hooks`, `wait`, `delete`, `wait-delete`);
 * - `resource`: a waited-for object's kstatus status changed (`InProgress`, `Current`, `Failed`,
 *   `NotFound`, ...), with kstatus' message;
 * - `hook`: a hook object is `running`, then `succeeded` or `failed` (`message` is the hook
 *   annotation, e.g. `post-install`);
 * - `log`: a line Helm logged.
 */
export type ReleaseEvent = PhaseEvent | ResourceEvent | HookEvent | LogEvent;

/** The engine's events as {@link ReleaseEvent}s (same wire shape, narrowed for `switch (e.type)`). */
export function releaseEvents(onEvent: ((event: ReleaseEvent) => void) | undefined): ((event: EngineEvent) => void) | undefined {
  return onEvent as ((event: EngineEvent) => void) | undefined;
}

export interface WaitOptions extends CallOptions {
  /**
   * `--wait`: `hookOnly` waits for hooks only, `watcher` for every resource to be ready (kstatus),
   * `legacy` uses Helm 3's readiness checks. Defaults to `hookOnly` (the CLI's default).
   */
  readonly waitStrategy?: WaitStrategy;
  /**
   * `--timeout` in milliseconds: how long Helm waits for resources and for each hook. Defaults
   * to `300000` (5m). When it runs out the call rejects with `TimeoutError`, and the release Helm
   * recorded is in `error.details.release`. The call as a whole is also bounded by it: it is
   * cancelled (rejecting with `TimeoutError`) if the engine has not answered `10 s` after Helm's
   * own limit (twice the timeout with `rollbackOnFailure`, whose rollback waits again).
   */
  readonly timeout?: number;
  /** Receives progress events while the operation runs: see {@link ReleaseEvent}. */
  readonly onEvent?: (event: ReleaseEvent) => void;
}

export const waitSpec = {
  waitStrategy: ['hookOnly', 'watcher', 'legacy'],
  timeout: 'number',
  signal: 'signal',
  onEvent: 'function',
} as const;

/** Grace given to the engine past Helm's own timeout before the host cancels the call. */
const DEADLINE_GRACE_MS = 10_000;

/** The call's deadline for a Helm `--timeout` (see {@link WaitOptions.timeout}). */
export function callDeadline(timeout: number | undefined, waitsTwice = false): number | undefined {
  if (timeout === undefined) return undefined;
  return timeout * (waitsTwice ? 2 : 1) + DEADLINE_GRACE_MS;
}

/** `--server-side` as the wire takes it: one type for every verb. */
export function serverSideParam(value: boolean | 'auto' | undefined): 'true' | 'false' | 'auto' | undefined {
  if (value === undefined) return undefined;
  return value === 'auto' ? 'auto' : value ? 'true' : 'false';
}
