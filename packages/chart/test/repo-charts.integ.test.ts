/**
 * Charts that live in the test environment's repositories and registries: showChart and lintChart
 * equal to the CLI on them, dependencies resolved from a repository, and the typed errors for
 * bad remote input (missing chart, unreachable repository, bad index.yaml, bad OCI reference,
 * wrong version constraint).
 */
import { appendFileSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { type HelmHome, runHelm } from '@helm-sdk/test-utils';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  buildDependencies,
  ChartNotFoundError,
  type Configuration,
  createChart,
  InvalidArgumentError,
  lintChart,
  listDependencies,
  pullChart,
  showChart,
  updateDependencies,
} from '../src/index.js';
import { emitted, env, passwords, sdk } from './setup.js';

const tmp = (p = 'helm-sdk-rc-') => mkdtempSync(join(tmpdir(), p));
let cfg: Configuration;
let home: HelmHome;
let badIndex: Server;
let badIndexUrl: string;

beforeAll(async () => {
  ({ cfg, home } = sdk());
  expect((await runHelm(['repo', 'add', 'plain', env.repos.plain.url], home.env)).exitCode).toBe(0);
  const a = env.repos.auth;
  expect(
    (await runHelm(['repo', 'add', 'auth', a.url, '--username', a.username ?? '', '--password', a.password ?? ''], home.env)).exitCode,
  ).toBe(0);
  badIndex = createServer((_req, res) => res.end('entries: [this is: not an index'));
  await new Promise<void>((r) => badIndex.listen(0, '127.0.0.1', r));
  badIndexUrl = `http://127.0.0.1:${(badIndex.address() as AddressInfo).port}`;
});
afterAll(async () => {
  badIndex.close();
  await cfg.close();
  for (const p of passwords) expect(emitted.join('\n')).not.toContain(p);
});

const whats = ['all', 'chart', 'values', 'readme', 'crds'] as const;

describe('showChart on remote charts equals helm show', () => {
  const oci = `${env.registries.open.url}/charts/testenv-app`;
  for (const [title, chart, extra, cliExtra] of [
    ['repo/name', 'plain/testenv-app', {}, []],
    ['repo/name with basic auth', 'auth/testenv-app', {}, []],
    ['--repo URL', 'testenv-app', { repo: env.repos.plain.url }, ['--repo', env.repos.plain.url]],
    ['oci:// reference', oci, { version: '0.1.0', plainHttp: true }, ['--version', '0.1.0', '--plain-http']],
  ] as const) {
    it(title, async () => {
      for (const what of whats) {
        const cli = await runHelm(['show', what, chart, ...cliExtra], home.env);
        expect(cli.exitCode, cli.stderr).toBe(0);
        expect(await showChart(cfg, { chart, what, ...extra }), `${what} ${chart}`).toBe(cli.stdout);
      }
    });
  }

  it('a pulled archive, by path and as bytes', async () => {
    const dest = tmp();
    const { path } = await pullChart(cfg, { chart: 'plain/testenv-app', destination: dest });
    const bytes = readFileSync(path ?? '');
    for (const what of whats) {
      const cli = await runHelm(['show', what, path ?? ''], home.env);
      expect(await showChart(cfg, { chart: path ?? '', what })).toBe(cli.stdout);
      expect(await showChart(cfg, { chart: new Uint8Array(bytes), what })).toBe(cli.stdout);
    }
  });
});

describe('lintChart on pulled charts equals helm lint', () => {
  for (const name of ['testenv-app', 'testenv-fail']) {
    it(name, async () => {
      const dest = tmp();
      const { path } = await pullChart(cfg, { chart: `plain/${name}`, destination: dest });
      for (const args of [[], ['--strict'], ['--set', 'replicas=2']]) {
        const cli = await runHelm(['lint', path ?? '', ...args], home.env);
        const opts = args[0] === '--strict' ? { strict: true } : args[0] === '--set' ? { set: [args[1] ?? ''] } : {};
        const res = await lintChart(cfg, { chart: path ?? '', ...opts });
        expect(res.ok).toBe(cli.exitCode === 0);
        // the same messages, in the same order, as the CLI's `[SEVERITY] path: message` lines
        // (compared whole: an empty list is not a substring match that always holds)
        const cliLines = cli.stdout.split('\n').filter((l) => /^\[(INFO|WARNING|ERROR)\] /.test(l));
        expect(cliLines.length, cli.stdout).toBeGreaterThan(0);
        expect(res.messages.map((m) => `[${m.severity.toUpperCase()}] ${m.path}: ${m.message}`)).toEqual(cliLines);
        const fromBytes = await lintChart(cfg, { chart: new Uint8Array(readFileSync(path ?? '')), ...opts });
        expect(fromBytes.ok).toBe(res.ok);
        expect(fromBytes.messages.map((m) => m.message)).toEqual(res.messages.map((m) => m.message));
        expect(fromBytes.charts[0]?.chart).toBe('chartData');
      }
    });
  }
});

describe('dependencies', () => {
  it('lists, updates and builds dependencies from a repository, as helm dependency', async () => {
    const dir = tmp();
    const { path: chart } = await createChart(cfg, { name: join(dir, 'withdeps') });
    appendFileSync(
      join(chart, 'Chart.yaml'),
      `dependencies:\n  - name: testenv-app\n    version: "0.1.0"\n    repository: "${env.repos.plain.url}"\n`,
    );
    const before = await listDependencies(cfg, { chart });
    expect(before.dependencies).toEqual([{ name: 'testenv-app', version: '0.1.0', repository: env.repos.plain.url, status: 'missing' }]);
    const cliBefore = await runHelm(['dependency', 'list', chart], home.env);
    expect(cliBefore.stdout).toMatch(/testenv-app\s+0\.1\.0\s+\S+\s+missing/);

    const up = await updateDependencies(cfg, { chart });
    expect(up.charts).toEqual(['testenv-app-0.1.0.tgz']);
    expect(up.output).toContain('Saving 1 charts');
    expect(readFileSync(join(chart, 'Chart.lock'), 'utf8')).toContain('testenv-app');
    const after = await listDependencies(cfg, { chart });
    expect(after.dependencies[0]?.status).toBe('ok');
    const cliAfter = await runHelm(['dependency', 'list', chart], home.env);
    expect(cliAfter.stdout).toMatch(/testenv-app\s+0\.1\.0\s+\S+\s+ok/);

    rmSync(join(chart, 'charts'), { recursive: true, force: true });
    const built = await buildDependencies(cfg, { chart });
    expect(built.charts).toEqual(['testenv-app-0.1.0.tgz']);
    // A stray archive is reported as the CLI reports it.
    const strayChart = env.charts.find((c) => c.name === 'testenv-fail');
    writeFileSync(join(chart, 'charts', 'testenv-fail-0.1.0.tgz'), readFileSync(strayChart?.archive ?? ''));
    const stray = await listDependencies(cfg, { chart });
    const cliStray = await runHelm(['dependency', 'list', chart], home.env);
    expect(stray.warnings.length).toBe(1);
    expect(cliStray.stdout).toContain(stray.warnings[0]);
  });

  it('fails to update a dependency whose repository is unreachable, naming it', async () => {
    const { path: chart } = await createChart(cfg, { name: join(tmp(), 'baddeps') });
    appendFileSync(
      join(chart, 'Chart.yaml'),
      'dependencies:\n  - name: x\n    version: "1.0.0"\n    repository: "http://127.0.0.1:1/gone"\n',
    );
    const err = await updateDependencies(cfg, { chart }).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(Error);
    expect((err as Error).message).toContain('127.0.0.1:1');
  });
});

describe('bad remote input gives typed errors naming the input', () => {
  it('missing chart in a repository', async () => {
    const err = await pullChart(cfg, { chart: 'plain/no-such-chart', returnBytes: true }).catch((e: unknown) => e);
    expect(ChartNotFoundError.isInstance(err), String(err)).toBe(true);
    expect((err as Error).message).toContain('no-such-chart');
  });

  it('missing version in a registry', async () => {
    const err = await pullChart(cfg, {
      chart: `${env.registries.open.url}/charts/testenv-app`,
      version: '9.9.9',
      plainHttp: true,
      returnBytes: true,
    }).catch((e: unknown) => e);
    expect(ChartNotFoundError.isInstance(err), String(err)).toBe(true);
    expect((err as Error).message).toContain('9.9.9');
  });

  it('unreachable repository', async () => {
    const url = 'http://127.0.0.1:1/charts';
    const err = await pullChart(cfg, { chart: 'testenv-app', repo: url, returnBytes: true }).catch((e: unknown) => e);
    expect(InvalidArgumentError.isInstance(err), String(err)).toBe(true);
    expect((err as Error).message).toContain(url);
    expect((err as InvalidArgumentError).details.url).toBe(url);
  });

  it('repository with a bad index.yaml', async () => {
    const err = await pullChart(cfg, { chart: 'testenv-app', repo: badIndexUrl, returnBytes: true }).catch((e: unknown) => e);
    expect(InvalidArgumentError.isInstance(err), String(err)).toBe(true);
    expect((err as Error).message).toContain(badIndexUrl);
  });

  for (const ref of ['oci://', 'oci:///charts/x', 'oci://host only', 'oci://127.0.0.1:1']) {
    it(`bad OCI reference ${JSON.stringify(ref)}`, async () => {
      const err = await pullChart(cfg, { chart: ref, returnBytes: true }).catch((e: unknown) => e);
      expect(InvalidArgumentError.isInstance(err), String(err)).toBe(true);
      expect((err as Error).message).toContain(ref);
    });
  }

  it('wrong version constraint', async () => {
    for (const chart of ['plain/testenv-app', `${env.registries.open.url}/charts/testenv-app`]) {
      const err = await pullChart(cfg, { chart, version: '>>1.0', plainHttp: true, returnBytes: true }).catch((e: unknown) => e);
      expect(InvalidArgumentError.isInstance(err), String(err)).toBe(true);
      expect((err as InvalidArgumentError).input).toBe('version');
      expect((err as Error).message).toContain('>>1.0');
    }
    const show = await showChart(cfg, { chart: 'plain/testenv-app', version: 'not a version' }).catch((e: unknown) => e);
    expect(InvalidArgumentError.isInstance(show), String(show)).toBe(true);
  });
});
