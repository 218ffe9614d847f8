/**
 * Helpers of the mutating-release integration tests (install/upgrade/uninstall/rollback): the
 * lifecycle fixture chart, unique namespaces, and the reference helm CLI pointed at the test
 * cluster, used to check the state a call left behind independently of the SDK.
 */
import { fileURLToPath } from 'node:url';
import { runHelm } from '@helm-sdk/test-utils';
import type { Endpoints } from '@helm-sdk/testenv';

export const lifecycleChart = fileURLToPath(new URL('./charts/lifecycle', import.meta.url));

/** A namespace name unique to this run. */
export function uniqueNamespace(prefix: string): string {
  return `${prefix}-${Date.now().toString(36)}-${Math.floor(Math.random() * 1e4)}`;
}

/** Runs the reference helm CLI against the test cluster; throws on a non-zero exit. */
export async function helm(ep: Endpoints, args: readonly string[]): Promise<string> {
  const r = await runHelm(args, { KUBECONFIG: ep.kubeconfig });
  if (r.exitCode !== 0) throw new Error(`helm ${args.join(' ')} exited ${r.exitCode}: ${r.stderr}`);
  return r.stdout;
}

export interface CliRelease {
  name: string;
  namespace: string;
  version: number;
  info: { status: string; description: string };
  config?: Record<string, unknown>;
}

/** `helm status -o json`, or undefined when the release does not exist. */
export async function cliStatus(ep: Endpoints, name: string, namespace: string): Promise<CliRelease | undefined> {
  const r = await runHelm(['status', name, '-n', namespace, '-o', 'json'], { KUBECONFIG: ep.kubeconfig });
  if (r.exitCode !== 0) {
    if (/not found/.test(r.stderr)) return undefined;
    throw new Error(`helm status ${name} exited ${r.exitCode}: ${r.stderr}`);
  }
  return JSON.parse(r.stdout) as CliRelease;
}

/** `helm history -o json`: revision -> status. */
export async function cliHistory(ep: Endpoints, name: string, namespace: string): Promise<{ revision: number; status: string }[]> {
  const out = await helm(ep, ['history', name, '-n', namespace, '-o', 'json']);
  return JSON.parse(out) as { revision: number; status: string }[];
}
