/**
 * Helpers of the read-side integration tests (list, status, history, get*, testRelease): the
 * fixture charts, and the reference helm CLI pointed at the test cluster. Releases are made with
 * the CLI, so every test is also an interop check: the SDK reads what `helm` wrote.
 */
import { fileURLToPath } from 'node:url';
import { runHelm } from '@helm-sdk/test-utils';
import type { Endpoints } from '@helm-sdk/testenv';

export const readApp = fileURLToPath(new URL('./charts/read-app', import.meta.url));
export const cmOnly = fileURLToPath(new URL('./charts/cm-only', import.meta.url));

/** A short id unique to this run, for namespaces and release names. */
export function runId(): string {
  return `${Date.now().toString(36).slice(-5)}${Math.floor(Math.random() * 1296).toString(36)}`;
}

/** Runs the reference helm CLI against the test cluster. */
export function helmRun(ep: Endpoints, args: readonly string[]) {
  return runHelm(args, { KUBECONFIG: ep.kubeconfig });
}

/** Runs the reference helm CLI; throws on a non-zero exit; returns stdout. */
export async function helmOk(ep: Endpoints, args: readonly string[]): Promise<string> {
  const r = await helmRun(ep, args);
  if (r.exitCode !== 0) throw new Error(`helm ${args.join(' ')} exited ${r.exitCode}: ${r.stderr}`);
  return r.stdout;
}

/** `helm ... -o json`, parsed. */
export async function helmJson<T>(ep: Endpoints, args: readonly string[]): Promise<T> {
  return JSON.parse(await helmOk(ep, [...args, '-o', 'json'])) as T;
}

/** Runs fn over items with at most `limit` in flight. */
export async function pool<T>(items: readonly T[], limit: number, fn: (item: T) => Promise<unknown>): Promise<void> {
  let next = 0;
  const worker = async () => {
    while (next < items.length) {
      const item = items[next++] as T;
      await fn(item);
    }
  };
  await Promise.all(Array.from({ length: Math.min(limit, items.length) }, worker));
}

/**
 * Parses the CLI's `helm list` "updated" column (Go's time.Time.String():
 * `2026-11-24 00:17:29.912345678 +0000 UTC`).
 */
export function parseGoTime(s: string): Date {
  const m = /^(\d{4}-\d\d-\d\d) (\d\d:\d\d:\d\d)(\.\d+)? ([+-]\d\d)(\d\d)/.exec(s);
  if (!m) throw new Error(`not a Go time: ${s}`);
  const frac = (m[3] ?? '').slice(0, 4);
  return new Date(`${m[1]}T${m[2]}${frac}${m[4]}:${m[5]}`);
}

/** Whole seconds since the epoch: the CLI's dates are compared to the second. */
export const seconds = (d: Date | string | undefined): number => Math.floor(new Date(d ?? 0).getTime() / 1000);
