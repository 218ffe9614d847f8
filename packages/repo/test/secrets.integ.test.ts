/**
 * Credentials never leak: every credential-bearing call (repo add/update/list, registry
 * login/logout, chart pull/push with credentials, right and wrong passwords) runs on an engine in
 * debug mode, while everything the SDK and the engine emit is captured: logger lines (engine
 * stderr, including the registry client's debug HTTP dumps), per-request events, results, error
 * messages and details. None may contain a test password or its basic-auth encoding.
 */
import { readFileSync } from 'node:fs';
import type { EngineEvent } from '@helm-sdk/core';
import { afterAll, describe, expect, it } from 'vitest';
import { addRepo, listRepos, registryLogin, registryLogout, removeRepo, updateRepos } from '../src/index.js';
import { env, sdk } from './setup.js';

const captured: string[] = [];
const wrongPassword = 'wrong-secret-7f3a9c';
const secrets = [env.repos.auth.password, env.registries.auth.password, wrongPassword].filter((p): p is string => !!p);
const forbidden = [
  ...secrets,
  ...secrets.flatMap((p) => [
    Buffer.from(`${env.repos.auth.username}:${p}`).toString('base64'),
    Buffer.from(`${env.registries.auth.username}:${p}`).toString('base64'),
  ]),
];

const { cfg, home } = sdk(undefined, { logger: (e) => captured.push(`[log ${e.level}] ${e.message}`) });
afterAll(() => cfg.close());

function capture(e: unknown): unknown {
  const err = e as { name?: string; message?: string; details?: unknown; stack?: string };
  captured.push(`[error] ${err.name}: ${err.message} ${JSON.stringify(err.details ?? {})} ${err.stack ?? ''}`);
  return e;
}
const onEvent = (ev: EngineEvent) => captured.push(`[event] ${JSON.stringify(ev)}`);

describe('credentials', () => {
  it('appear in no log line, event, result, error message or listing', async () => {
    // Debug on: the engine and Helm's registry client log the most they ever log.
    await cfg.call('engine.configure', { ...home.paths, debug: true });
    const r = env.repos.auth;
    const g = env.registries.auth;
    const ociRef = `${g.url}/charts/testenv-app`;
    const results: unknown[] = [];
    const run = async (p: Promise<unknown>) => {
      try {
        results.push(await p);
      } catch (e) {
        capture(e);
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

    for (const res of results) {
      // Archive bytes are not text; everything else is checked as JSON.
      captured.push(`[result] ${JSON.stringify(res, (_k, v) => (v instanceof Uint8Array ? `<${v.length} bytes>` : v))}`);
    }
    const all = captured.join('\n');
    // The run did produce output to check: errors for the wrong passwords, debug lines from the engine.
    expect(all).toContain('[error] RegistryAuthError');
    expect(captured.filter((l) => l.startsWith('[log')).length).toBeGreaterThan(0);
    for (const s of forbidden) expect(all, `leaked ${s.slice(0, 3)}...`).not.toContain(s);
    // The CLI format keeps the password in repositories.yaml (mode 0600), which is where it belongs.
    expect(readFileSync(home.repositoryConfig, 'utf8')).not.toContain(wrongPassword);
  });
});
