/**
 * registryLogin / registryLogout against the htpasswd-protected OCI registry of tools/testenv,
 * interop of the registry config file with `helm registry login` and `helm pull`.
 */
import { existsSync, readFileSync } from 'node:fs';
import { runHelm } from '@helm-sdk/test-utils';
import { afterAll, describe, expect, it } from 'vitest';
import { type Configuration, RegistryAuthError, registryLogin, registryLogout } from '../src/index.js';
import { emitted, env, passwords, record, sdk } from './setup.js';

const open: Configuration[] = [];
function fresh() {
  const s = sdk();
  open.push(s.cfg);
  return s;
}
afterAll(async () => {
  await Promise.all(open.map((c) => c.close()));
  for (const p of passwords) expect(emitted.join('\n')).not.toContain(p);
});

const reg = env.registries.auth;

describe('registryLogin', () => {
  it('refuses a wrong password with REGISTRY_AUTH naming the host, not the password', async () => {
    const { cfg, home } = fresh();
    const err = await record(
      registryLogin(cfg, { host: reg.host, username: reg.username ?? '', password: 'wrong-password-123', plainHttp: true }),
    ).catch((e: unknown) => e);
    expect(RegistryAuthError.isInstance(err), String(err)).toBe(true);
    expect((err as Error).message).toContain(reg.host);
    expect((err as Error).message).not.toContain('wrong-password-123');
    expect(JSON.stringify((err as RegistryAuthError).details)).not.toContain('wrong-password-123');
    expect(existsSync(home.registryConfig)).toBe(false);
  });

  it('stores credentials that helm pull uses, and logout removes them', async () => {
    const { cfg, home } = fresh();
    const chart = env.charts[0];
    if (!chart) throw new Error('no fixture charts');
    const ref = `${reg.url}/charts/${chart.name}`;
    const before = await runHelm(['pull', ref, '--version', chart.version, '--plain-http', '-d', home.dir], home.env);
    expect(before.exitCode).not.toBe(0);

    expect(
      await registryLogin(cfg, { host: `oci://${reg.host}`, username: reg.username ?? '', password: reg.password ?? '', plainHttp: true }),
    ).toEqual({
      host: reg.host,
    });
    expect(readFileSync(home.registryConfig, 'utf8')).toContain(reg.host);
    const after = await runHelm(['pull', ref, '--version', chart.version, '--plain-http', '-d', home.dir], home.env);
    expect(after.exitCode, after.stderr).toBe(0);

    expect(await registryLogout(cfg, { host: reg.host })).toEqual({ host: reg.host });
    expect(readFileSync(home.registryConfig, 'utf8')).not.toContain(reg.host);
  });

  it('sees credentials stored by helm registry login; other Configurations do not', async () => {
    const one = fresh();
    const two = fresh();
    const cli = await runHelm(
      ['registry', 'login', reg.host, '-u', reg.username ?? '', '-p', reg.password ?? '', '--plain-http'],
      one.home.env,
    );
    expect(cli.exitCode, cli.stderr).toBe(0);
    expect(readFileSync(one.home.registryConfig, 'utf8')).toContain(reg.host);
    // Logging out in another Configuration touches only that Configuration's file (a no-op, as the CLI).
    await registryLogout(two.cfg, { host: reg.host });
    expect(readFileSync(one.home.registryConfig, 'utf8')).toContain(reg.host);
    expect(await registryLogout(one.cfg, { host: reg.host })).toEqual({ host: reg.host });
    expect(readFileSync(one.home.registryConfig, 'utf8')).not.toContain(reg.host);
  });
});
