/**
 * registryLogin with a token and no username, as `helm registry login HOST --password TOKEN`
 * allows (pkg/cmd/registry_login.go getUsernamePassword): accepted where the registry takes it,
 * refused with RegistryAuthError where it does not, as the CLI, and the token never in anything
 * the SDK emits (the suite's leak guard scans every log line, result and error for it).
 */
import { existsSync, readFileSync } from 'node:fs';
import { runHelm } from '@helm-sdk/test-utils';
import { addSecret, leakGuardStats, leakHits } from '@helm-sdk/test-utils/leak-guard';
import { afterAll, describe, expect, it } from 'vitest';
import { type Configuration, InvalidArgumentError, RegistryAuthError, registryLogin } from '../src/index.js';
import { emitted, env, record, sdk } from './setup.js';

// Long and unlike anything else the suite emits.
const TOKEN = 'tok-7c41e0b9-registry-token-only-d82f';
addSecret(TOKEN, 'registry token');

const open: Configuration[] = [];
function fresh() {
  const s = sdk();
  open.push(s.cfg);
  return s;
}
afterAll(async () => {
  await Promise.all(open.map((c) => c.close()));
  expect(emitted.join('\n')).not.toContain(TOKEN);
  expect(leakHits()).toEqual([]);
  expect(leakGuardStats().credentials).toBeGreaterThan(0);
});

/** The auths entry a login stored for host, decoded ("user:secret"). */
function storedAuth(path: string, host: string): string {
  const auths = (JSON.parse(readFileSync(path, 'utf8')) as { auths: Record<string, { auth?: string }> }).auths;
  return Buffer.from(auths[host]?.auth ?? '', 'base64').toString();
}

describe('registryLogin with a token and no username', () => {
  it('logs in where the registry takes it and stores the same entry as helm registry login --password', async () => {
    const reg = env.registries.open;
    const sdkSide = fresh();
    expect(await record(registryLogin(sdkSide.cfg, { host: reg.host, password: TOKEN, plainHttp: true }))).toEqual({ host: reg.host });
    const cliSide = fresh();
    const cli = await runHelm(['registry', 'login', reg.host, '--password', TOKEN, '--plain-http'], cliSide.home.env);
    expect(cli.exitCode, cli.stderr).toBe(0);
    expect(storedAuth(sdkSide.home.registryConfig, reg.host)).toBe(storedAuth(cliSide.home.registryConfig, reg.host));
    expect(storedAuth(sdkSide.home.registryConfig, reg.host)).toBe(`:${TOKEN}`);
  });

  it('is refused by a registry that wants a user, with RegistryAuthError naming the host, as the CLI', async () => {
    const reg = env.registries.auth;
    const { cfg, home } = fresh();
    const err = await record(registryLogin(cfg, { host: reg.host, password: TOKEN, plainHttp: true })).catch((e: unknown) => e);
    expect(RegistryAuthError.isInstance(err), String(err)).toBe(true);
    expect((err as Error).message).toContain(reg.host);
    expect(existsSync(home.registryConfig)).toBe(false);
    const cli = await runHelm(['registry', 'login', reg.host, '--password', TOKEN, '--plain-http'], fresh().home.env);
    expect(cli.exitCode).not.toBe(0);
  });

  it('requires the token, naming the option', async () => {
    const { cfg } = fresh();
    const err = await registryLogin(cfg, { host: env.registries.open.host, password: '' }).catch((e: unknown) => e);
    expect(InvalidArgumentError.isInstance(err)).toBe(true);
    expect((err as InvalidArgumentError).details.input).toBe('password');
    expect((err as Error).message).toContain('token required');
    await expect(registryLogin(cfg, { host: env.registries.open.host } as never)).rejects.toThrow(/option 'password' is required/);
  });
});
