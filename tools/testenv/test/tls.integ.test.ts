/**
 * Proof, with the reference helm CLI, that the TLS registry (own CA, basic auth) and the
 * mutual-TLS chart repository (client certificate required) work as the endpoints say, and
 * refuse a client that lacks the CA, the password or the client certificate.
 */
import { existsSync, mkdtempSync, readdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, inject, it } from 'vitest';
import { chartsDir, makeHelm } from './helm.js';

const ep = inject('testenv');

describe('TLS registry (own CA, basic auth)', () => {
  const reg = ep.registries.tls;
  const ca = reg.caFile ?? '';
  const login = (helm: ReturnType<typeof makeHelm>, password: string, extra: string[]) =>
    helm.run(['registry', 'login', reg.host, '--username', reg.username ?? '', '--password-stdin', ...extra], password);

  it('speaks TLS only, with a certificate of its own CA', () => {
    expect(reg.plainHttp).toBe(false);
    expect(reg.url).toBe(`oci://${reg.host}`);
    expect(existsSync(ca)).toBe(true);
    // not the repositories' CA: a test that passes the wrong one must fail
    expect(ca).not.toBe(ep.repos.tls.caFile);
  });

  it('refuses a login without the CA, and a wrong password with it', async () => {
    const helm = makeHelm(ep);
    const noCa = await login(helm, reg.password ?? '', []);
    expect(noCa.code).not.toBe(0);
    expect(noCa.stderr).toMatch(/certificate signed by unknown authority/);
    const wrong = await login(helm, 'not-the-password', ['--ca-file', ca]);
    expect(wrong.code).not.toBe(0);
    expect(wrong.stderr).toMatch(/401|unauthorized/i);
  });

  it('helm registry login --ca-file, then push and pull with --ca-file', async () => {
    const helm = makeHelm(ep);
    const refused = await helm.run(['pull', `${reg.url}/charts/testenv-app`, '--version', '0.1.0', '--ca-file', ca, '-d', helm.home]);
    expect(refused.code).not.toBe(0);
    expect(refused.stderr).toMatch(/401|unauthorized|basic credential/i);
    const ok = await login(helm, reg.password ?? '', ['--ca-file', ca]);
    expect(ok.code, ok.stderr).toBe(0);
    const out = mkdtempSync(join(tmpdir(), 'testenv-pkg-'));
    await helm.ok(['package', join(chartsDir, 'testenv-fail'), '--version', '0.3.0', '-d', out]);
    await helm.ok(['push', join(out, 'testenv-fail-0.3.0.tgz'), `${reg.url}/pushed`, '--ca-file', ca]);
    const dest = mkdtempSync(join(tmpdir(), 'testenv-pull-'));
    await helm.ok(['pull', `${reg.url}/pushed/testenv-fail`, '--version', '0.3.0', '--ca-file', ca, '-d', dest]);
    await helm.ok(['pull', `${reg.url}/charts/testenv-app`, '--version', '0.1.0', '--ca-file', ca, '-d', dest]);
    expect(readdirSync(dest).sort()).toEqual(['testenv-app-0.1.0.tgz', 'testenv-fail-0.3.0.tgz']);
  });
});

describe('mutual-TLS chart repository', () => {
  const r = ep.repos.mtls;
  const tlsFlags = ['--ca-file', r.caFile ?? '', '--cert-file', r.certFile ?? '', '--key-file', r.keyFile ?? ''];

  it('requires a client certificate: refused with the CA alone', async () => {
    const helm = makeHelm(ep);
    expect([r.caFile, r.certFile, r.keyFile].every((f) => f !== undefined && existsSync(f))).toBe(true);
    const noCert = await helm.run(['repo', 'add', 'nocert', r.url, '--ca-file', r.caFile ?? '']);
    expect(noCert.code).not.toBe(0);
    expect(noCert.stderr).toMatch(/certificate required/);
    const pull = await helm.run(['pull', 'testenv-app', '--repo', r.url, '--ca-file', r.caFile ?? '', '-d', helm.home]);
    expect(pull.code).not.toBe(0);
    expect(pull.stderr).toMatch(/certificate required/);
  });

  it('helm repo add/update and helm pull --ca-file --cert-file --key-file', async () => {
    const helm = makeHelm(ep);
    await helm.ok(['repo', 'add', 'mtls', r.url, ...tlsFlags]);
    const up = await helm.ok(['repo', 'update', 'mtls']);
    expect(up.stdout).toContain('Successfully got an update');
    const dest = mkdtempSync(join(tmpdir(), 'testenv-mtls-pull-'));
    await helm.ok(['pull', 'testenv-app', '--repo', r.url, '--version', '0.1.0', ...tlsFlags, '-d', dest]);
    expect(readdirSync(dest)).toEqual(['testenv-app-0.1.0.tgz']);
  });
});
