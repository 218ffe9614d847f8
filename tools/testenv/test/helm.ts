/** Runs the reference helm CLI (tools/helm-cli/build.sh) against the test environment. */
import { spawn } from 'node:child_process';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Endpoints } from '../src/index.js';
import { repoRoot, testenvDir } from '../src/index.js';

export const chartsDir = join(testenvDir, 'charts');

function exec(cmd: string, args: readonly string[], env: Record<string, string>, input?: string) {
  return new Promise<{ stdout: string; stderr: string; code: number; ms: number }>((res, rej) => {
    const t0 = Date.now();
    const p = spawn(cmd, args, { env: { ...process.env, ...env }, stdio: ['pipe', 'pipe', 'pipe'], cwd: repoRoot });
    let stdout = '';
    let stderr = '';
    p.stdout.setEncoding('utf8').on('data', (d: string) => {
      stdout += d;
    });
    p.stderr.setEncoding('utf8').on('data', (d: string) => {
      stderr += d;
    });
    p.on('error', rej);
    p.on('close', (code) => res({ stdout, stderr, code: code ?? -1, ms: Date.now() - t0 }));
    // helm exits without reading stdin for most commands; when it is gone before our (empty)
    // write lands, the write fails with EPIPE. That is not a failure of the command: its exit code
    // and output say how it went. Unhandled, the EPIPE failed a whole suite run under load.
    p.stdin.on('error', () => {});
    p.stdin.end(input ?? '');
  });
}

let helmBin: Promise<string> | undefined;
export function helmPath(): Promise<string> {
  helmBin ??= exec('bash', [join(repoRoot, 'tools/helm-cli/build.sh')], {}).then((r) => {
    if (r.code !== 0) throw new Error(`tools/helm-cli/build.sh failed:\n${r.stderr}`);
    return r.stdout.trim().split('\n').pop() as string;
  });
  return helmBin;
}

/** A helm with its own config/cache/data dirs, pointed at the test cluster. */
export function makeHelm(ep: Endpoints) {
  const home = mkdtempSync(join(tmpdir(), 'testenv-helm-'));
  const env = {
    KUBECONFIG: ep.kubeconfig,
    HELM_CONFIG_HOME: join(home, 'config'),
    HELM_CACHE_HOME: join(home, 'cache'),
    HELM_DATA_HOME: join(home, 'data'),
  };
  const run = async (args: readonly string[], input?: string) => exec(await helmPath(), args, env, input);
  /** runs helm and throws with its output unless it exits 0 */
  const ok = async (args: readonly string[], input?: string) => {
    const r = await run(args, input);
    if (r.code !== 0) throw new Error(`helm ${args.join(' ')} exited ${r.code}\n${r.stderr}\n${r.stdout}`);
    return r;
  };
  return { home, env, run, ok };
}
