/**
 * `env` and `version` against the reference `helm` CLI: `helm env` and `helm version --template`
 * run with the same settings (as flags) and the same Helm home directories as the engine.
 */
import { isolatedEnv, runHelm } from '@helm-sdk/test-utils';
import { afterAll, describe, expect, it } from 'vitest';
import { env, InvalidArgumentError, version } from '../src/index.js';
import { closeAll, testConfig } from './helpers.js';

afterAll(closeAll);

// A token long and odd enough that finding it anywhere is no accident.
const token = 'kt-9f3b7c1e-env-test-token-5d2a';
const settings = {
  namespace: 'env-ns',
  context: 'env-context',
  kubeconfig: '/tmp/env-test/kubeconfig',
  kubeToken: token,
  kubeApiServer: 'https://127.0.0.1:6443',
  kubeCaFile: '/tmp/env-test/ca.crt',
  kubeTlsServerName: 'api.example',
  kubeAsUser: 'alice',
  kubeAsGroups: ['devs', 'ops'],
  kubeInsecureSkipTlsVerify: true,
  registryConfig: '/tmp/env-test/registry.json',
  repositoryConfig: '/tmp/env-test/repositories.yaml',
  repositoryCache: '/tmp/env-test/repository',
  contentCache: '/tmp/env-test/content',
  qps: 12.5,
  burst: 7,
  maxHistory: 4,
} as const;
// The same settings as the CLI's flags (HELM_MAX_HISTORY has no flag; the groups go through
// HELM_KUBEASGROUPS because the CLI parses its flags twice, so --kube-as-group lists each twice).
const flags = [
  '--namespace=env-ns',
  '--kube-context=env-context',
  '--kubeconfig=/tmp/env-test/kubeconfig',
  `--kube-token=${token}`,
  '--kube-apiserver=https://127.0.0.1:6443',
  '--kube-ca-file=/tmp/env-test/ca.crt',
  '--kube-tls-server-name=api.example',
  '--kube-as-user=alice',
  '--kube-insecure-skip-tls-verify',
  '--registry-config=/tmp/env-test/registry.json',
  '--repository-config=/tmp/env-test/repositories.yaml',
  '--repository-cache=/tmp/env-test/repository',
  '--content-cache=/tmp/env-test/content',
  '--qps=12.5',
  '--burst-limit=7',
];

function parseEnv(text: string): Record<string, string> {
  const out: Record<string, string> = {};
  for (const line of text.trimEnd().split('\n')) {
    const m = /^([A-Z_]+)="(.*)"$/.exec(line);
    if (!m) throw new Error(`not a helm env line: ${line}`);
    out[m[1] as string] = m[2] as string;
  }
  return out;
}

describe('env', () => {
  it('prints the keys and values of helm env for the same settings, with the token redacted', async () => {
    const cfg = testConfig({ ...settings, env: { ...isolatedEnv } });
    const res = await env(cfg);
    const cli = await runHelm(['env', ...flags], { ...isolatedEnv, HELM_MAX_HISTORY: '4', HELM_KUBEASGROUPS: 'devs,ops' });
    expect(cli.exitCode, cli.stderr).toBe(0);
    const want = parseEnv(cli.stdout);
    expect(Object.keys(res.vars).sort()).toEqual(Object.keys(want).sort());
    // HELM_BIN is the program running Helm: the CLI there, the engine here.
    expect(res.vars.HELM_BIN).toMatch(/helm-sdk-engine$/);
    expect(want.HELM_KUBETOKEN).toBe(token);
    expect(res.vars.HELM_KUBETOKEN).toBe('***');
    for (const key of Object.keys(want)) {
      if (key === 'HELM_BIN' || key === 'HELM_KUBETOKEN') continue;
      expect.soft(res.vars[key], key).toBe(want[key]);
    }
    // The text is helm env's layout: the same lines but the two above.
    const mask = (t: string) => t.replace(/^HELM_(BIN|KUBETOKEN)=.*$/gm, 'HELM_$1=?');
    expect(mask(res.text)).toBe(mask(cli.stdout));
    expect(JSON.stringify(res)).not.toContain(token);
    expect(res.driver).toBe('secret');
  });

  it('resolves the defaults as helm env does without flags', async () => {
    const cfg = testConfig({ env: { ...isolatedEnv } });
    const res = await env(cfg);
    const want = parseEnv((await runHelm(['env'], { ...isolatedEnv })).stdout);
    for (const key of Object.keys(want)) {
      if (key === 'HELM_BIN') continue;
      expect.soft(res.vars[key], key).toBe(want[key]);
    }
    expect(res.vars.HELM_KUBETOKEN).toBe('');
    expect((await env(testConfig({ driver: 'configmap', env: { ...isolatedEnv } }))).driver).toBe('configmap');
  });

  it('rejects unknown options by name', async () => {
    await expect(env(testConfig(), { verbose: true } as never)).rejects.toThrow(InvalidArgumentError);
  });
});

describe('version', () => {
  it('reports the fields of helm version --template, as the reference CLI of the same Helm', async () => {
    const res = await version(testConfig());
    const cli = await runHelm([
      'version',
      '--template',
      '{{.Version}}|{{.GitCommit}}|{{.GitTreeState}}|{{.GoVersion}}|{{.KubeClientVersion}}',
    ]);
    expect(cli.exitCode, cli.stderr).toBe(0);
    const [v, commit, tree, go, kube] = cli.stdout.split('|');
    expect(res.version).toBe(v);
    expect(res.version).toMatch(/^v4\.\d+\.\d+/);
    expect(res.gitCommit).toBe(commit);
    expect(res.gitTreeState).toBe(tree);
    expect(res.goVersion).toMatch(/^go1\.\d+/);
    expect(go).toMatch(/^go1\.\d+/);
    expect(res.kubeClientVersion).toMatch(/^v1\.\d+$/);
    expect(res.kubeClientVersion).toBe(kube);
    expect(res.engine).toMatch(/^\d+\.\d+\.\d+/);
  });
});
