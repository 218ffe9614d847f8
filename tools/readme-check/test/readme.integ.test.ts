/**
 * Runs every README module that is not marked typecheck-only, as a user would run the copied
 * example: its own process (tsx), its own working directory, against the test environment. The
 * run-time conventions (tools/readme-check/README.md):
 *
 * - the working directory is a fresh temp dir; `./charts/web` and `./web` are `helm create web`
 *   charts and `./values-prod.yaml` an empty values file, when the example names them;
 * - `'/path/to/kubeconfig'` is replaced by the test environment's kubeconfig, which is also
 *   KUBECONFIG;
 * - REPO_URL is the plain chart repository; REGISTRY (a fresh path on the auth registry),
 *   REGISTRY_USERNAME, REGISTRY_PASSWORD and REGISTRY_PLAIN_HTTP=true name the OCI registry;
 * - Helm's home directories (HELM_*_HOME, DOCKER_CONFIG) are private to the run.
 */
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { Configuration, createChart } from '@helm-sdk/chart';
import type {} from '@helm-sdk/testenv/global-setup';
import { execa } from 'execa';
import { afterAll, describe, expect, inject, it } from 'vitest';
import { type BlockModule, readmeModules, repoRoot } from '../src/blocks.js';

const env = inject('testenv');
const pkgDir = join(repoRoot, 'tools', 'readme-check');
// Inside the package, so that the copied example resolves @helm-sdk/* from its node_modules.
const runRoot = join(pkgDir, '.run');
mkdirSync(runRoot, { recursive: true });
const runDir = mkdtempSync(join(runRoot, 'run-'));
const tsx = join(pkgDir, 'node_modules', '.bin', 'tsx');

const modules = readmeModules();
const runnable = modules.filter((m) => m.runnable);

interface Run {
  readonly exitCode: number | undefined;
  readonly stdout: string;
  readonly stderr: string;
}

async function run(m: BlockModule): Promise<Run> {
  const cwd = mkdtempSync(join(runDir, `${m.name}-`));
  const home = mkdtempSync(join(runDir, 'home-'));
  await using cfg = new Configuration({ cwd });
  for (const dir of ['./charts/web', './web']) {
    if (m.source.includes(`'${dir}'`)) {
      mkdirSync(join(cwd, dir, '..'), { recursive: true });
      await createChart(cfg, { name: join(cwd, dir) });
    }
  }
  if (m.source.includes("'./values-prod.yaml'")) writeFileSync(join(cwd, 'values-prod.yaml'), '{}\n');
  const file = join(runDir, `${m.name}.ts`);
  writeFileSync(file, m.source.replaceAll("'/path/to/kubeconfig'", JSON.stringify(env.kubeconfig)));
  const registry = env.registries.auth;
  const r = await execa(tsx, ['--conditions=@helm-sdk/source', file], {
    cwd,
    reject: false,
    // A wait-free example takes ~2 s; the quickstart's two watcher waits on kwok's fake node take
    // ~20 s alone. 180 s leaves room for a 2-core machine running other suites at the same time.
    timeout: 180_000,
    extendEnv: true,
    env: {
      // nx runs test targets with FORCE_COLOR set, and Node's console.log then colours numbers
      // ("web \x1b[33m1\x1b[39m deployed"): the examples' output is asserted as plain text.
      FORCE_COLOR: '0',
      NO_COLOR: '1',
      KUBECONFIG: env.kubeconfig,
      REPO_URL: env.repos.plain.url,
      REGISTRY: `${registry.url}/readme-check-${Date.now()}`,
      REGISTRY_USERNAME: registry.username ?? '',
      REGISTRY_PASSWORD: registry.password ?? '',
      REGISTRY_PLAIN_HTTP: String(registry.plainHttp),
      HELM_CONFIG_HOME: join(home, 'config'),
      HELM_CACHE_HOME: join(home, 'cache'),
      HELM_DATA_HOME: join(home, 'data'),
      DOCKER_CONFIG: join(home, 'docker'),
    },
  });
  return { exitCode: r.exitCode, stdout: String(r.stdout), stderr: String(r.stderr) };
}

afterAll(async () => {
  // The quickstart installs release "web" in namespace "web": leave the shared cluster as found.
  await using cfg = new Configuration({ kubeconfig: env.kubeconfig, namespace: 'web' });
  const { uninstall } = await import('@helm-sdk/actions');
  await uninstall(cfg, { releaseName: 'web', ignoreNotFound: true });
  rmSync(runDir, { recursive: true, force: true });
});

/** What each runnable example must print, beyond exiting 0. */
const expectations: Record<string, (r: Run) => void> = {
  'README-1': (r) => {
    expect(r.stdout).toMatch(/^web 1 deployed$/m);
    expect(r.stdout.trim().split('\n').at(-1)).toBe('deployed');
    // The printed form of `resource` events: the status and message of an object change from one
    // line to the next, never a repeated line (issue 11: only-message changes looked like repeats).
    const lines = r.stdout.split('\n').filter((l) => /^(Deployment|Service|ServiceAccount|Pod) /.test(l));
    expect(lines.length).toBeGreaterThan(0);
    const last = new Map<string, string>();
    for (const l of lines) {
      const key = l.split(' ').slice(0, 2).join(' ');
      expect(last.get(key), l).not.toBe(l);
      last.set(key, l);
    }
  },
  // loadChart().values in values.yaml's order (`helm create`'s file starts with these three).
  'packages-chart-README-1': (r) => expect(r.stdout).toMatch(/^web 1\.2\.3 \[\s*'replicaCount',\s*'image',\s*'imagePullSecrets',/m),
  'packages-chart-README-2': (r) => {
    expect(r.stdout).toMatch(/\/web:1\.2\.3 sha256:[0-9a-f]{64}/);
    expect(`${r.stdout}${r.stderr}`).not.toContain(env.registries.auth.password ?? '\0');
  },
  'packages-core-README-1': (r) => expect(r.stdout).toMatch(/hello: 'engine'/),
  'packages-engine-go-README-1': (r) => expect(r.stdout).toMatch(/helm-sdk-engine/),
  'packages-repo-README-1': (r) => expect(r.stdout).toMatch(/name: 'example'/),
};

describe('README examples run against the test environment', () => {
  it('runs at least the self-contained examples of chart, core, engine-go, repo and the quickstart', () => {
    expect(runnable.map((m) => m.name)).toEqual(expect.arrayContaining(Object.keys(expectations)));
  });

  it.each(runnable.map((m) => [`${m.blocks[0]?.file}:${m.blocks[0]?.line}`, m] as const))('%s', async (_where, m) => {
    const r = await run(m);
    expect(r.exitCode, `${m.name} failed:\n${r.stderr}\n${r.stdout}`).toBe(0);
    expectations[m.name]?.(r);
  });
});
