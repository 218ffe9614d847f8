/**
 * `testRelease`: run a release's tests, as `helm test` (engine method `release.test`, Go
 * `internal/methods/release_testing.go`). A failing test does not throw: the result says
 * `passed: false` with Helm's error, and still carries every test's phase and logs (the CLI
 * prints those too before it exits non-zero). An unknown release, an unreachable cluster and an
 * abort do throw.
 */
import { type Configuration, checkOptions, type EngineEvent, type OptionSpec, requireOption } from '@helm-sdk/core';
import type { Release } from './release.js';

export interface TestReleaseOptions {
  /** The release (`helm test RELEASE`). Required. */
  readonly releaseName: string;
  /** `-n/--namespace`: the release's namespace. Defaults to the Configuration's namespace. */
  readonly namespace?: string;
  /**
   * `--filter`: `name=<test>` runs only the named tests, `!name=<test>` skips them (several
   * entries, or comma-separated in one, as the CLI). Anything else is an `InvalidArgumentError`.
   */
  readonly filter?: readonly string[];
  /** `--logs`: read the test pods' logs. Default `true` (the CLI's default is `false`). */
  readonly logs?: boolean;
  /**
   * `--timeout` in milliseconds: how long Helm waits for each test to finish. Default `300000`.
   * As on install/upgrade it is Helm's timeout, not a deadline for the call: tests run one after
   * the other, so the call may take up to this times the number of tests. Use `signal` (or the
   * Configuration's `timeout`) to bound the call itself.
   */
  readonly timeout?: number;
  /** Aborts the run: the engine cancels Helm's wait; rejects with `AbortError`. */
  readonly signal?: AbortSignal;
  /** Receives `hook` events (each test's final phase) and Helm's `log` lines. */
  readonly onEvent?: (event: EngineEvent) => void;
}

/** One container's log of a test pod. */
export interface TestContainerLog {
  readonly container: string;
  /** What the container wrote; `''` when it could not be read. */
  readonly log: string;
  /** Why the log could not be read (e.g. no kubelet serves it). */
  readonly error?: string;
}

/** One test hook and how it ran. */
export interface TestRun {
  readonly name: string;
  readonly kind: string;
  /** `Succeeded`, `Failed`, `Running` or `Unknown`; `''` when skipped or never started. */
  readonly phase: string;
  /** Excluded by `filter`. */
  readonly skipped?: boolean;
  readonly started?: Date;
  readonly completed?: Date;
  /** Pods only, when `logs` is on. */
  readonly logs?: readonly TestContainerLog[];
}

export interface TestReleaseResult {
  /** The tested revision (summary: no manifest, values or hooks). */
  readonly release: Release;
  /** Every test hook in weight order, skipped ones included. */
  readonly tests: readonly TestRun[];
  /** Every executed test succeeded. */
  readonly passed: boolean;
  /** Helm's error when a test failed or timed out. */
  readonly error?: string;
}

const spec: OptionSpec<TestReleaseOptions> = {
  releaseName: 'string',
  namespace: 'string',
  filter: 'string[]',
  logs: 'boolean',
  timeout: 'number',
  signal: 'signal',
  onEvent: 'function',
};

/** Runs a release's test hooks, like `helm test --logs`. Not retried after an engine crash (it creates pods). */
export async function testRelease(cfg: Configuration, options: TestReleaseOptions): Promise<TestReleaseResult> {
  checkOptions('testRelease', options, spec);
  requireOption('testRelease', options, 'releaseName');
  const { signal, onEvent, timeout, ...rest } = options;
  const params = timeout === undefined ? rest : { ...rest, timeout: Math.round(timeout) };
  const result = await cfg.call('release.test', params, { action: 'testRelease', signal, onEvent });
  return result as TestReleaseResult;
}
