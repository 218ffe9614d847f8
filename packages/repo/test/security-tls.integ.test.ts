/**
 * TLS verification is on by default for repositories and registries, and turning it off is
 * explicit and loud (issue 7, Security): against the TLS chart repository of the test environment
 * (its own CA), `addRepo` without `caFile` is refused with a typed error; with the CA it works
 * silently; with `insecureSkipTlsVerify` it works and logs one warning naming the option and the
 * host. `registryLogin` with `plainHttp` warns the same way. The repository stored that way warns
 * again, from the engine, each time `updateRepos` fetches its index without verification. No warning names a credential (the
 * leak guard scans them too).
 */
import type { LogEntry } from '@helm-sdk/core';
import { addSecret } from '@helm-sdk/test-utils/leak-guard';
import { afterAll, describe, expect, it } from 'vitest';
import { addRepo, InvalidArgumentError, registryLogin, updateRepos } from '../src/index.js';
import { env, sdk } from './setup.js';

const logs: LogEntry[] = [];
const { cfg, home } = sdk(undefined, { logger: (e) => logs.push(e) });
afterAll(async () => {
  await cfg.close();
  home.remove();
});
const warnings = () => logs.filter((e) => e.level === 'warn').map((e) => e.message);
const tls = env.repos.tls;
const tlsHost = new URL(tls.url).host;

describe('TLS of chart repositories and registries', () => {
  it('is verified by default: a repository signed by an unknown CA is refused with a typed error', async () => {
    const error = await addRepo(cfg, { name: 'tls', url: tls.url }).catch((e: unknown) => e);
    expect(InvalidArgumentError.isInstance(error), String(error)).toBe(true);
    expect((error as InvalidArgumentError).message).toMatch(/certificate signed by unknown authority/);
    expect((error as InvalidArgumentError).details.url).toBe(tls.url);
    expect(warnings()).toEqual([]);
  });

  it('passes with the CA given, without a warning', async () => {
    expect(await addRepo(cfg, { name: 'tls-ca', url: tls.url, caFile: tls.caFile ?? '' })).toEqual({ added: true });
    expect(warnings()).toEqual([]);
  });

  it('can be turned off explicitly, which logs one warning naming the option and the host', async () => {
    const password = 'tls-repo-password-5d1e';
    addSecret(password, 'the TLS repo password', 'tls-user');
    const r = await addRepo(cfg, { name: 'tls-insecure', url: tls.url, insecureSkipTlsVerify: true, username: 'tls-user', password });
    expect(r).toEqual({ added: true });
    expect(warnings()).toEqual([`addRepo: option 'insecureSkipTlsVerify' is on: does not verify the server certificate (${tlsHost})`]);
    expect(logs.filter((e) => e.level === 'warn').every((e) => e.source === 'sdk')).toBe(true);
  });

  it('warns again, from the engine, when updateRepos fetches the stored insecure repository by name', async () => {
    logs.length = 0;
    const r = await updateRepos(cfg, { names: ['tls-insecure'] });
    expect(r.ok, JSON.stringify(r)).toBe(true);
    expect(logs.filter((e) => e.level === 'warn').map((e) => [e.source, e.message])).toEqual([
      [
        'engine',
        expect.stringContaining(
          `repo.update: repository 'tls-insecure' is stored with 'insecure_skip_tls_verify: true': does not verify the server certificate (${tlsHost})`,
        ),
      ],
    ]);
  });

  it('does not warn for a chart pulled by name from it: Helm v4.3.1 still verifies that download', async () => {
    // ChartDownloader.ResolveChartVersion applies a stored repository's credentials and CA files
    // to the chart download, not its insecure_skip_tls_verify (the CLI fails the same way).
    logs.length = 0;
    const error = await cfg.call('chart.pull', { chart: 'tls-insecure/testenv-app', returnBytes: true }).catch((e: unknown) => e);
    expect(InvalidArgumentError.isInstance(error), String(error)).toBe(true);
    expect((error as Error).message).toMatch(/certificate signed by unknown authority/);
    expect(warnings()).toEqual([]);
  });

  it('warns for a plain-HTTP registry login, without the password', async () => {
    logs.length = 0;
    const g = env.registries.auth;
    await registryLogin(cfg, { host: g.host, username: g.username ?? '', password: g.password ?? '', plainHttp: true });
    expect(warnings()).toEqual([
      `registryLogin: option 'plainHttp' is on: uses plain HTTP without TLS, so charts and credentials travel unencrypted (${g.host})`,
    ]);
  });
});
