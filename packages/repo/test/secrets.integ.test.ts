/**
 * Credentials never leak: every credential-bearing call (repo add/update/list, registry
 * login/logout, chart pull/push with credentials, right and wrong passwords) runs on an engine in
 * debug mode, the most it ever logs. The suite-wide leak guard (tools/test-utils/src/leak-guard.ts,
 * a setupFile) captures every log line, event, result and error of every Configuration and
 * searches them for the test credentials (plain, base64, URL-encoded, basic-auth encoded); this
 * test adds its wrong password to them and checks the guard really saw the run.
 */
import { readFileSync } from 'node:fs';
import { addSecret, leakGuardStats, leakHits } from '@helm-sdk/test-utils/leak-guard';
import { afterAll, describe, expect, it } from 'vitest';
import { addRepo, listRepos, registryLogin, registryLogout, removeRepo, updateRepos } from '../src/index.js';
import { env, sdk } from './setup.js';

const wrongPassword = 'wrong-secret-7f3a9c';
const errorNames: string[] = [];
const logLevels: string[] = [];
const onEvent = () => {};

const { cfg, home } = sdk(undefined, { logger: (e) => logLevels.push(e.level) });
afterAll(() => cfg.close());

describe('credentials', () => {
  it('appear in no log line, event, result, error message or listing', async () => {
    // Debug on: the engine and Helm's registry client log the most they ever log.
    addSecret(wrongPassword, 'the wrong password', env.registries.auth.username);
    if (env.repos.auth.username) addSecret(wrongPassword, 'the wrong password', env.repos.auth.username);
    const before = leakGuardStats();
    await cfg.call('engine.configure', { ...home.paths, debug: true });
    const r = env.repos.auth;
    const g = env.registries.auth;
    const ociRef = `${g.url}/charts/testenv-app`;
    const results: unknown[] = [];
    const run = async (p: Promise<unknown>) => {
      try {
        results.push(await p);
      } catch (e) {
        errorNames.push((e as Error).name);
      }
    };

    await run(addRepo(cfg, { name: 'auth-wrong', url: r.url, username: r.username ?? '', password: wrongPassword }));
    await run(addRepo(cfg, { name: 'auth', url: r.url, username: r.username ?? '', password: r.password ?? '' }));
    await run(addRepo(cfg, { name: 'auth', url: r.url, username: r.username ?? '', password: wrongPassword }));
    await run(listRepos(cfg));
    await run(updateRepos(cfg));
    await run(cfg.call('repo.update', {}, { onEvent }));
    await run(cfg.call('chart.pull', { chart: 'auth/testenv-app', returnBytes: true }, { onEvent }));
    await run(
      cfg.call(
        'chart.pull',
        { chart: 'testenv-app', repo: r.url, username: r.username ?? '', password: wrongPassword, returnBytes: true },
        { onEvent },
      ),
    );
    await run(
      cfg.call(
        'chart.show',
        { chart: 'testenv-app', repo: r.url, username: r.username ?? '', password: r.password ?? '', what: 'chart' },
        { onEvent },
      ),
    );

    await run(registryLogin(cfg, { host: g.host, username: g.username ?? '', password: wrongPassword, plainHttp: true }));
    await run(
      cfg.call(
        'chart.pull',
        { chart: ociRef, version: '0.1.0', plainHttp: true, username: g.username ?? '', password: wrongPassword, returnBytes: true },
        { onEvent },
      ),
    );
    await run(
      cfg.call(
        'chart.push',
        {
          chart: env.charts[0]?.archive ?? '',
          remote: `${g.url}/secrets`,
          plainHttp: true,
          username: g.username ?? '',
          password: wrongPassword,
        },
        { onEvent },
      ),
    );
    await run(registryLogin(cfg, { host: g.host, username: g.username ?? '', password: g.password ?? '', plainHttp: true }));
    await run(cfg.call('chart.pull', { chart: ociRef, version: '0.1.0', plainHttp: true, returnBytes: true }, { onEvent }));
    await run(cfg.call('chart.push', { chart: env.charts[0]?.archive ?? '', remote: `${g.url}/secrets`, plainHttp: true }, { onEvent }));
    await run(registryLogout(cfg, { host: g.host }));
    await run(removeRepo(cfg, { name: 'auth' }));

    const seen = leakGuardStats();
    // The run did produce output to check: errors for the wrong passwords, debug lines from the engine.
    expect(errorNames).toContain('RegistryAuthError');
    expect(logLevels.length).toBeGreaterThan(0);
    expect(seen.errors - before.errors).toBe(errorNames.length);
    // Every call went through the guard: the results plus the debug `engine.configure`.
    expect(seen.results - before.results).toBe(results.length + 1);
    expect(seen.logs - before.logs).toBeGreaterThanOrEqual(logLevels.length);
    expect(leakHits()).toEqual([]);
    // The CLI format keeps the password in repositories.yaml (mode 0600), which is where it belongs.
    expect(readFileSync(home.repositoryConfig, 'utf8')).not.toContain(wrongPassword);
  });
});
