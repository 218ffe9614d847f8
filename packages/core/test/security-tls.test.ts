/**
 * TLS verification is on by default; every option that weakens it is inventoried in
 * `weakTlsOptions` and, when set, logs one warning per call naming the option and the host, never a
 * credential (issue 7, Security). The behaviour against the TLS chart repository of the test
 * environment is in the actions, chart and repo suites (security-tls.integ.test.ts).
 */
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { Configuration, type LogEntry, ping, weakTlsOptions } from '../src/index.js';
import { weakTlsWarnings } from '../src/options.js';

const packagesDir = fileURLToPath(new URL('../../', import.meta.url));

describe('TLS-weakening options', () => {
  it('are all inventoried: every such option in any package spec is in weakTlsOptions', () => {
    const found = new Set<string>();
    for (const pkg of readdirSync(packagesDir)) {
      let files: string[] = [];
      try {
        files = readdirSync(join(packagesDir, pkg, 'src'), { recursive: true, encoding: 'utf8' }).filter((f) => f.endsWith('.ts'));
      } catch {
        continue;
      }
      for (const f of files) {
        if (f.endsWith('.generated.ts')) continue;
        for (const m of readFileSync(join(packagesDir, pkg, 'src', f), 'utf8').matchAll(
          /^\s*(\w*(?:[Ii]nsecure|plainHttp)\w*):\s*'boolean'/gm,
        )) {
          found.add(m[1] as string);
        }
      }
    }
    expect([...found].sort()).toEqual(Object.keys(weakTlsOptions).sort());
  });

  it('warn once each, naming the option and the host without userinfo', () => {
    expect(weakTlsWarnings('pullChart', { chart: 'oci://u:hunter2-secret@reg.example:5000/c', plainHttp: true })).toEqual([
      "pullChart: option 'plainHttp' is on: uses plain HTTP without TLS, so charts and credentials travel unencrypted (reg.example:5000)",
    ]);
    const both = weakTlsWarnings('addRepo', {
      url: 'https://u:hunter2-secret@charts.example/x',
      insecureSkipTlsVerify: true,
      password: 'hunter2-secret',
    });
    expect(both).toEqual(["addRepo: option 'insecureSkipTlsVerify' is on: does not verify the server certificate (charts.example)"]);
    expect(weakTlsWarnings('registryLogin', { host: 'bob:hunter2-secret@reg.example', insecure: true, plainHttp: true })).toHaveLength(2);
    expect(weakTlsWarnings('registryLogin', { host: 'bob:hunter2-secret@reg.example', insecure: true }).join()).not.toContain('hunter2');
    expect(weakTlsWarnings('pushChart', { remote: 'oci://reg.example/x', plainHttp: true }).join()).toContain('(reg.example)');
    expect(weakTlsWarnings('template', { chart: 'app', repo: 'https://charts.example', insecureSkipTlsVerify: true }).join()).toContain(
      '(charts.example)',
    );
    expect(weakTlsWarnings('install', { chart: './local', insecureSkipTlsVerify: true }).join()).toContain("(the chart's repositories)");
  });

  it('stay silent when off or absent', () => {
    for (const params of [
      {},
      { insecureSkipTlsVerify: false, plainHttp: false, insecure: false, kubeInsecureSkipTlsVerify: false },
      null,
      'x',
    ]) {
      expect(weakTlsWarnings('x', params)).toEqual([]);
    }
  });

  it('includes a kubeconfigData whose cluster skips verification, naming its server', () => {
    const kubeconfigData = 'clusters:\n- cluster:\n    server: https://kube.example:6443\n    insecure-skip-tls-verify: true\n  name: c\n';
    expect(weakTlsWarnings('Configuration', { kubeconfigData })).toEqual([
      "Configuration: kubeconfigData sets 'insecure-skip-tls-verify: true': does not verify the API server certificate (kube.example:6443)",
    ]);
  });

  it('make a Configuration with kubeInsecureSkipTlsVerify warn once, at construction, through its logger', () => {
    const logs: LogEntry[] = [];
    new Configuration({
      kubeInsecureSkipTlsVerify: true,
      kubeApiServer: 'https://kube.example:6443',
      kubeToken: 'tok-hunter2-secret',
      logger: (e) => logs.push(e),
    });
    expect(logs).toEqual([
      {
        level: 'warn',
        source: 'sdk',
        message: "Configuration: option 'kubeInsecureSkipTlsVerify' is on: does not verify the API server certificate (kube.example:6443)",
      },
    ]);
    const quiet: LogEntry[] = [];
    new Configuration({ kubeApiServer: 'https://kube.example:6443', logger: (e) => quiet.push(e) });
    expect(quiet).toEqual([]);
  });

  it('warn on every call that sets one, and only then', async () => {
    const logs: LogEntry[] = [];
    const cfg = new Configuration({ logger: (e) => logs.push(e) });
    try {
      await ping(cfg);
      expect(logs.filter((e) => e.level === 'warn')).toEqual([]);
      // The engine refuses the unknown key; the warning is logged before the call is sent.
      for (let i = 0; i < 2; i++) {
        await cfg.call('engine.ping', { insecureSkipTlsVerify: true } as never, { action: 'probe' }).catch(() => {});
      }
      expect(logs.filter((e) => e.level === 'warn').map((e) => e.message)).toEqual([
        "probe: option 'insecureSkipTlsVerify' is on: does not verify the server certificate (the chart's repositories)",
        "probe: option 'insecureSkipTlsVerify' is on: does not verify the server certificate (the chart's repositories)",
      ]);
    } finally {
      await cfg.close();
    }
  });
});
