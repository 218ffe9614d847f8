/**
 * searchRepos and indexRepo against `helm search repo` and `helm repo index`.
 */
import { copyFileSync, mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { basename, join } from 'node:path';
import type { HelmHome } from '@helm-sdk/test-utils';
import { runHelm } from '@helm-sdk/test-utils';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { addRepo, ChartNotFoundError, type Configuration, InvalidArgumentError, indexRepo, searchRepos } from '../src/index.js';
import { env, sdk } from './setup.js';

let cfg: Configuration;
let home: HelmHome;
beforeAll(async () => {
  ({ cfg, home } = sdk());
  await addRepo(cfg, { name: 'plain', url: env.repos.plain.url });
  await addRepo(cfg, { name: 'tls', url: env.repos.tls.url, caFile: env.repos.tls.caFile ?? '' });
});
afterAll(() => cfg.close());

interface CliHit {
  name: string;
  version: string;
  app_version: string;
  description: string;
}

describe('searchRepos', () => {
  for (const [title, opts, args] of [
    ['lists every chart without a keyword', {}, []],
    ['finds charts by keyword', { keyword: 'testenv' }, ['testenv']],
    ['finds charts by regexp', { keyword: 'testenv-a.p', regexp: true }, ['testenv-a.p', '--regexp']],
    ['lists every version', { keyword: 'app', versions: true }, ['app', '--versions']],
    ['applies a version constraint', { keyword: 'testenv', version: '^0.1.0' }, ['testenv', '--version', '^0.1.0']],
    ['finds nothing for an unknown keyword', { keyword: 'no-such-chart-anywhere' }, ['no-such-chart-anywhere']],
  ] as const) {
    it(`${title}, as helm search repo`, async () => {
      const res = await searchRepos(cfg, opts);
      const cli = await runHelm(['search', 'repo', ...args, '-o', 'json'], home.env);
      expect(cli.exitCode, cli.stderr).toBe(0);
      const expected = (JSON.parse(cli.stdout) as CliHit[]).map((h) => [h.name, h.version, h.app_version, h.description]);
      expect(res.charts.map((h) => [h.name, h.version, h.appVersion, h.description])).toEqual(expected);
      expect(res.skipped).toEqual([]);
    });
  }

  it('rejects a bad version constraint, naming it', async () => {
    const err = await searchRepos(cfg, { keyword: 'testenv', version: '>>1.x!' }).catch((e: unknown) => e);
    expect(InvalidArgumentError.isInstance(err)).toBe(true);
    expect((err as InvalidArgumentError).input).toBe('version');
    expect((err as Error).message).toContain('>>1.x!');
  });

  it('fails without repositories', async () => {
    const other = sdk();
    const err = await searchRepos(other.cfg, { keyword: 'x' }).catch((e: unknown) => e);
    await other.cfg.close();
    expect(ChartNotFoundError.isInstance(err)).toBe(true);
  });
});

describe('indexRepo', () => {
  it('writes the same index as helm repo index (apart from time stamps)', async () => {
    const sdkDir = mkdtempSync(join(tmpdir(), 'helm-sdk-index-'));
    const cliDir = mkdtempSync(join(tmpdir(), 'helm-cli-index-'));
    for (const c of env.charts) {
      copyFileSync(c.archive, join(sdkDir, basename(c.archive)));
      copyFileSync(c.archive, join(cliDir, basename(c.archive)));
    }
    const res = await indexRepo(cfg, { dir: sdkDir, url: 'https://charts.example.com' });
    expect(res).toEqual({ path: join(sdkDir, 'index.yaml'), entries: env.charts.length });
    const cli = await runHelm(['repo', 'index', cliDir, '--url', 'https://charts.example.com'], home.env);
    expect(cli.exitCode, cli.stderr).toBe(0);
    const strip = (s: string) => s.replace(/^(\s*)(created|generated): .*$/gm, '$1$2: X');
    expect(strip(readFileSync(res.path, 'utf8'))).toBe(strip(readFileSync(join(cliDir, 'index.yaml'), 'utf8')));
  });

  it('merges into an existing index, as helm repo index --merge', async () => {
    const [first, second] = env.charts;
    if (!first || !second || first.name === second.name) throw new Error('need two fixture charts');
    // the existing index: the first chart, served from the old URL
    const oldDir = mkdtempSync(join(tmpdir(), 'helm-sdk-index-old-'));
    copyFileSync(first.archive, join(oldDir, basename(first.archive)));
    const old = await indexRepo(cfg, { dir: oldDir, url: 'https://old.example.com' });
    const oldText = readFileSync(old.path, 'utf8');
    expect(oldText).not.toContain(second.name);
    // the new directory has only the second chart; the merged index must list both
    const sdkDir = mkdtempSync(join(tmpdir(), 'helm-sdk-index-'));
    const cliDir = mkdtempSync(join(tmpdir(), 'helm-cli-index-'));
    for (const dir of [sdkDir, cliDir]) copyFileSync(second.archive, join(dir, basename(second.archive)));
    const res = await indexRepo(cfg, { dir: sdkDir, url: 'https://new.example.com', merge: old.path });
    expect(res).toEqual({ path: join(sdkDir, 'index.yaml'), entries: 2 });
    const merged = readFileSync(res.path, 'utf8');
    // each entry keeps the URL it was indexed with: the old one from the merged file, the new one here
    expect(merged).toContain(`- https://old.example.com/${basename(first.archive)}\n`);
    expect(merged).toContain(`- https://new.example.com/${basename(second.archive)}\n`);
    expect(merged).not.toContain(`https://new.example.com/${basename(first.archive)}`);
    const cli = await runHelm(['repo', 'index', cliDir, '--url', 'https://new.example.com', '--merge', old.path], home.env);
    expect(cli.exitCode, cli.stderr).toBe(0);
    const strip = (s: string) => s.replace(/^(\s*)(created|generated): .*$/gm, '$1$2: X');
    expect(strip(merged)).toBe(strip(readFileSync(join(cliDir, 'index.yaml'), 'utf8')));
    // the index merged from is read, not rewritten
    expect(readFileSync(old.path, 'utf8')).toBe(oldText);
  });

  it('rejects a directory that does not exist', async () => {
    const err = await indexRepo(cfg, { dir: '/nonexistent/charts' }).catch((e: unknown) => e);
    expect(InvalidArgumentError.isInstance(err)).toBe(true);
    expect((err as Error).message).toContain('/nonexistent/charts');
  });
});
