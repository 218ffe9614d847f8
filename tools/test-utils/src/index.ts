/**
 * Helpers shared by the test suites of every package: where the repository is, the reference
 * `helm` CLI built from the engine's exact Helm version, and the interop cases of tools/fixtures.
 */
import { readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { execa } from 'execa';

export const repoRoot = resolve(fileURLToPath(new URL('.', import.meta.url)), '..', '..', '..');

let helmPath: string | undefined;

/** Path to the reference `helm` binary (built and cached by tools/helm-cli/build.sh). */
export async function referenceHelm(): Promise<string> {
  if (helmPath) return helmPath;
  const { stdout } = await execa('bash', [join(repoRoot, 'tools/helm-cli/build.sh')], { cwd: repoRoot });
  const path = stdout.trim().split('\n').pop();
  if (!path) throw new Error('tools/helm-cli/build.sh printed no path');
  helmPath = path;
  return path;
}

export interface HelmRun {
  readonly stdout: string;
  readonly stderr: string;
  readonly exitCode: number;
}

const scratch = join(repoRoot, 'node_modules/.cache/helm-sdk-test');

/**
 * The environment both the reference CLI and the engine get in cluster-free interop tests:
 * no kubeconfig (the namespace would otherwise leak in from the current context) and Helm's
 * home directories inside the workspace.
 */
export const isolatedEnv: Readonly<Record<string, string>> = {
  KUBECONFIG: join(scratch, 'no-kubeconfig'),
  HELM_CONFIG_HOME: join(scratch, 'config'),
  HELM_CACHE_HOME: join(scratch, 'cache'),
  HELM_DATA_HOME: join(scratch, 'data'),
};

/** Runs the reference helm CLI with cwd = repository root and {@link isolatedEnv}. */
export async function runHelm(args: readonly string[], env: Record<string, string> = {}): Promise<HelmRun> {
  const helm = await referenceHelm();
  const result = await execa(helm, args, {
    cwd: repoRoot,
    reject: false,
    stripFinalNewline: false,
    extendEnv: false,
    env: { PATH: process.env.PATH ?? '', HOME: process.env.HOME ?? '', ...isolatedEnv, ...env },
  });
  return { stdout: String(result.stdout), stderr: String(result.stderr), exitCode: result.exitCode ?? -1 };
}

/** One interop case from tools/fixtures/cases.json. */
export interface InteropCase {
  readonly name: string;
  /** Chart path relative to the repository root. */
  readonly chart: string;
  /** Extra `helm template` arguments (paths relative to the repository root). */
  readonly args?: readonly string[];
  readonly lintArgs?: readonly string[];
  readonly show?: readonly ('all' | 'chart' | 'values' | 'readme' | 'crds')[];
  readonly expectError?: boolean;
  /** The CLI's error text varies between runs (e.g. several schema errors): compare failure only. */
  readonly nondeterministicStderr?: boolean;
  readonly lintExpectError?: boolean;
  readonly releaseName?: string;
}

export function loadCases(): InteropCase[] {
  const raw = JSON.parse(readFileSync(join(repoRoot, 'tools/fixtures/cases.json'), 'utf8')) as unknown;
  const list = Array.isArray(raw) ? raw : (raw as { cases: unknown[] }).cases;
  return list as InteropCase[];
}

export type { HelmHome } from './helm-home.js';
export { makeHelmHome } from './helm-home.js';
export type { TemplateCaseOptions } from './template-args.js';
export { templateArgsToOptions } from './template-args.js';
