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
import {
  addRepo,
  InvalidArgumentError,
  listRepos,
  RegistryAuthError,
  registryLogin,
  registryLogout,
  removeRepo,
  updateRepos,
} from '../src/index.js';
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
    // Each call must do what its credentials allow: the right ones succeed, the wrong ones fail
    // with the typed error for it (so the guard sees both results and errors, and a call that
    // failed for some other reason, say a bad URL, cannot pass for a checked credential).
    const pass = async <T>(what: string, p: Promise<T>): Promise<T> => {
      const value = await p.catch((e: unknown) => {
        throw new Error(`${what} must succeed: ${String(e)}`);
      });
      results.push(value);
      return value;
    };
    const fail = async (what: string, p: Promise<unknown>, cls: { isInstance(e: unknown): boolean; name: string }): Promise<void> => {
      const e = await p.then(
        () => undefined,
        (x: unknown) => x,
      );
      expect(e, `${what} must fail`).toBeDefined();
      expect(cls.isInstance(e), `${what}: expected ${cls.name}, got ${String(e)}`).toBe(true);
      errorNames.push((e as Error).name);
    };

    await fail(
      'addRepo, wrong password',
      addRepo(cfg, { name: 'auth-wrong', url: r.url, username: r.username ?? '', password: wrongPassword }),
      RegistryAuthError,
    );
    expect(
      await pass(
        'addRepo, right password',
        addRepo(cfg, { name: 'auth', url: r.url, username: r.username ?? '', password: r.password ?? '' }),
      ),
    ).toEqual({
      added: true,
    });
    // the name is taken with other credentials: refused before the server is asked, as the CLI does
    await fail(
      'addRepo again, wrong password',
      addRepo(cfg, { name: 'auth', url: r.url, username: r.username ?? '', password: wrongPassword }),
      InvalidArgumentError,
    );
    expect((await pass('listRepos', listRepos(cfg))).map((x) => x.name)).toEqual(['auth']);
    expect((await pass('updateRepos', updateRepos(cfg))).ok).toBe(true);
    await pass('repo.update', cfg.call('repo.update', {}, { onEvent }));
    expect(
      await pass('pull auth/ (stored credentials)', cfg.call('chart.pull', { chart: 'auth/testenv-app', returnBytes: true }, { onEvent })),
    ).toMatchObject({ name: 'testenv-app', data: expect.any(Uint8Array) });
    await fail(
      'pull --repo, wrong password',
      cfg.call(
        'chart.pull',
        { chart: 'testenv-app', repo: r.url, username: r.username ?? '', password: wrongPassword, returnBytes: true },
        { onEvent },
      ),
      RegistryAuthError,
    );
    expect(
      await pass(
        'show --repo, right password',
        cfg.call(
          'chart.show',
          { chart: 'testenv-app', repo: r.url, username: r.username ?? '', password: r.password ?? '', what: 'chart' },
          { onEvent },
        ),
      ),
    ).toMatchObject({ text: expect.stringContaining('name: testenv-app') });

    await fail(
      'registryLogin, wrong password',
      registryLogin(cfg, { host: g.host, username: g.username ?? '', password: wrongPassword, plainHttp: true }),
      RegistryAuthError,
    );
    await fail(
      'OCI pull, wrong password',
      cfg.call(
        'chart.pull',
        { chart: ociRef, version: '0.1.0', plainHttp: true, username: g.username ?? '', password: wrongPassword, returnBytes: true },
        { onEvent },
      ),
      RegistryAuthError,
    );
    await fail(
      'OCI push, wrong password',
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
      RegistryAuthError,
    );
    await pass(
      'registryLogin, right password',
      registryLogin(cfg, { host: g.host, username: g.username ?? '', password: g.password ?? '', plainHttp: true }),
    );
    expect(
      await pass(
        'OCI pull, logged in',
        cfg.call('chart.pull', { chart: ociRef, version: '0.1.0', plainHttp: true, returnBytes: true }, { onEvent }),
      ),
    ).toMatchObject({ name: 'testenv-app', version: '0.1.0', data: expect.any(Uint8Array) });
    await pass(
      'OCI push, logged in',
      cfg.call('chart.push', { chart: env.charts[0]?.archive ?? '', remote: `${g.url}/secrets`, plainHttp: true }, { onEvent }),
    );
    await pass('registryLogout', registryLogout(cfg, { host: g.host }));
    await pass('removeRepo', removeRepo(cfg, { name: 'auth' }));

    const seen = leakGuardStats();
    // The run did produce output to check: errors for the wrong passwords, debug lines from the engine.
    expect(errorNames).toHaveLength(6);
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
