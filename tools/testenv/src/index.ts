/**
 * @helm-sdk/testenv: a real local Kubernetes control plane (etcd, kube-apiserver,
 * kube-controller-manager, kube-scheduler, kwok with one fake node), three OCI registries (one over
 * TLS) and four chart repositories (one over TLS, one over mutual TLS), all on 127.0.0.1. See
 * tools/testenv/README.md.
 */
import { type ChildProcess, spawn } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { mkdir } from 'node:fs/promises';
import { homedir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { type ApiServerControl, apiServerControl, controlChannel } from './control.js';

export type { ApiServerControl } from './control.js';
export { threadStates } from './control.js';

export const testenvDir = resolve(dirname(fileURLToPath(import.meta.url)), '..');
export const repoRoot = resolve(testenvDir, '..', '..');

export interface RegistryEndpoint {
  /** host:port, e.g. 127.0.0.1:40123 */
  readonly host: string;
  /** oci://host:port */
  readonly url: string;
  /** true for `open` and `auth` (plain HTTP: pass --plain-http to helm), false for `tls` */
  readonly plainHttp: boolean;
  readonly username?: string;
  readonly password?: string;
  /** `tls` only: the CA certificate that signed the registry's server certificate (--ca-file) */
  readonly caFile?: string;
}

export interface RepoEndpoint {
  readonly url: string;
  readonly username?: string;
  readonly password?: string;
  /** CA certificate that signed the TLS and mutual-TLS repositories' server certificate */
  readonly caFile?: string;
  /** `mtls` only: the client certificate the repository requires (signed by `caFile`'s CA) */
  readonly certFile?: string;
  /** `mtls` only: the client certificate's private key (PEM). A credential: never log it. */
  readonly keyFile?: string;
}

export interface ChartRef {
  readonly name: string;
  readonly version: string;
  /** the packaged .tgz (inside the environment's temp dir) */
  readonly archive: string;
}

/** The endpoints JSON written by the launcher (`testenv up --out FILE`). */
export interface Endpoints {
  readonly version: 1;
  /** admin kubeconfig (client certificate in group system:masters), context "testenv", namespace default */
  readonly kubeconfig: string;
  /** https://127.0.0.1:PORT */
  readonly apiServer: string;
  /** what /version reports, e.g. v1.37.1 */
  readonly kubernetesVersion: string;
  readonly context: string;
  /** name of the kwok fake node */
  readonly node: string;
  /** pod annotation that makes kwok fail a pod on purpose: `helm-sdk.test/fail: "true"` */
  readonly failAnnotation: string;
  /** `tls`: HTTPS with its own CA (`caFile`) and basic auth */
  readonly registries: { readonly open: RegistryEndpoint; readonly auth: RegistryEndpoint; readonly tls: RegistryEndpoint };
  /** `mtls`: HTTPS that requires a client certificate (`certFile`/`keyFile`) */
  readonly repos: {
    readonly plain: RepoEndpoint;
    readonly auth: RepoEndpoint;
    readonly tls: RepoEndpoint;
    readonly mtls: RepoEndpoint;
  };
  /** fixture charts (tools/testenv/charts) published in every repo and registry (as <registry>/charts/<name>:<version>) */
  readonly charts: readonly ChartRef[];
  /** launcher, kube-apiserver, kube-controller-manager, kube-scheduler, kwok */
  readonly pids: Readonly<Record<string, number>>;
  readonly dir: string;
  readonly logDir: string;
  readonly startedAt: string;
  readonly readySeconds: number;
}

export interface BuiltBinaries {
  readonly launcher: string;
  readonly bin: string;
  readonly kwok: string;
  readonly k8sVersion: string;
}

export const cacheRoot = (): string =>
  process.env.HELM_SDK_CACHE ?? process.env.HELM_SDK_CACHE_DIR ?? join(homedir(), '.cache', 'helm-sdk');

/** Where `up` keeps the endpoints file and pid file of the environment it runs. */
export const runDir = (): string => join(cacheRoot(), 'testenv', 'run');

function run(cmd: string, args: string[], onStderr: (s: string) => void): Promise<string> {
  return new Promise((res, rej) => {
    const p = spawn(cmd, args, { stdio: ['ignore', 'pipe', 'pipe'] });
    let out = '';
    p.stdout.setEncoding('utf8').on('data', (d: string) => {
      out += d;
    });
    p.stderr.setEncoding('utf8').on('data', onStderr);
    p.on('error', rej);
    p.on('close', (code) => (code === 0 ? res(out) : rej(new Error(`${cmd} ${args.join(' ')} exited with ${code}`))));
  });
}

/** Builds the binaries if needed (cached under ~/.cache/helm-sdk/testenv) and returns their paths. */
export async function buildTestEnv(log: (s: string) => void = (s) => process.stderr.write(s)): Promise<BuiltBinaries> {
  const out = await run('bash', [join(testenvDir, 'build.sh')], log);
  const last = out.trim().split('\n').pop() ?? '';
  return JSON.parse(last) as BuiltBinaries;
}

export interface StartOptions {
  /** write the endpoints JSON here (default: <temp dir>/endpoints.json) */
  readonly out?: string;
  /** working directory (default: a fresh temp dir, removed on stop) */
  readonly dir?: string;
  /** keep the working directory (logs, etcd data) after stop */
  readonly keep?: boolean;
  /** directory of fixture charts to publish (default: tools/testenv/charts) */
  readonly charts?: string;
  /** launcher progress lines; default: stderr. Pass () => {} to silence. */
  readonly log?: (s: string) => void;
  /** start only the registries and chart repositories (the cluster fields of the endpoints are empty strings) */
  readonly noCluster?: boolean;
  /** give up if not ready within this many ms (default 180000) */
  readonly timeoutMs?: number;
}

export interface TestEnv {
  readonly endpoints: Endpoints;
  readonly endpointsFile: string;
  readonly process: ChildProcess;
  /**
   * Kill/start and pause/resume this environment's kube-apiserver, for fault tests. Only on an
   * environment this process started (never the shared one); undefined with `noCluster`.
   */
  readonly apiServer: ApiServerControl | undefined;
  /** Stops everything (SIGTERM, then SIGKILL after 20 s) and resolves when the launcher has exited. */
  stop(): Promise<void>;
}

/**
 * Builds (if needed) and starts a test environment. The launcher watches its stdin, so the whole
 * environment goes away when this Node process dies, even by SIGKILL.
 */
export async function startTestEnv(opts: StartOptions = {}): Promise<TestEnv> {
  const log = opts.log ?? ((s: string) => process.stderr.write(s));
  const bins = await buildTestEnv(log);
  const args = [
    'up',
    `--bin=${bins.bin}`,
    `--kwok=${bins.kwok}`,
    `--charts=${opts.charts ?? join(testenvDir, 'charts')}`,
    `--k8s-version=${bins.k8sVersion}`,
    `--timeout=${Math.round((opts.timeoutMs ?? 180_000) / 1000)}s`,
    '--watch-stdin',
  ];
  if (opts.out) {
    await mkdir(dirname(opts.out), { recursive: true });
    args.push(`--out=${opts.out}`);
  }
  if (opts.dir) args.push(`--dir=${opts.dir}`);
  if (opts.keep) args.push('--keep');
  if (opts.noCluster) args.push('--no-cluster');
  const child = spawn(bins.launcher, args, { stdio: ['pipe', 'pipe', 'pipe'] });
  const exited = new Promise<number | null>((res) => child.on('exit', (code) => res(code)));
  let stderrTail = '';
  child.stderr.setEncoding('utf8').on('data', (d: string) => {
    stderrTail = (stderrTail + d).slice(-8000);
    log(d);
  });
  const endpointsFile = await new Promise<string>((res, rej) => {
    let buf = '';
    child.stdout.setEncoding('utf8').on('data', (d: string) => {
      buf += d;
      // the launcher prints exactly one stdout line, the endpoints file path, once everything is ready
      const nl = buf.indexOf('\n');
      if (nl >= 0) res(buf.slice(0, nl).trim());
    });
    child.on('error', rej);
    void exited.then((code) => rej(new Error(`testenv launcher exited with ${code} before it was ready:\n${stderrTail}`)));
  });
  const endpoints = JSON.parse(readFileSync(endpointsFile, 'utf8')) as Endpoints;
  const apiPid = endpoints.pids['kube-apiserver'];
  const apiServer = apiPid === undefined ? undefined : apiServerControl(controlChannel(child.stdin, child.stdout), apiPid);
  let stopping: Promise<void> | undefined;
  const stop = (): Promise<void> => {
    stopping ??= (async () => {
      if (child.exitCode !== null || child.signalCode !== null) return;
      // a paused API server would only die after the launcher's 5 s grace
      if (apiServer && isAlive(apiServer.pid())) await apiServer.resume().catch(() => {});
      child.stdin.end();
      child.kill('SIGTERM');
      const timer = setTimeout(() => child.kill('SIGKILL'), 20_000);
      await exited;
      clearTimeout(timer);
    })();
    return stopping;
  };
  return { endpoints, endpointsFile, process: child, apiServer, stop };
}

/** Reads an endpoints file and checks that its launcher is still running. */
export function readEndpoints(file: string): Endpoints {
  if (!existsSync(file)) throw new Error(`testenv endpoints file ${file} does not exist (is the environment running?)`);
  const ep = JSON.parse(readFileSync(file, 'utf8')) as Endpoints;
  const pid = ep.pids.launcher;
  if (pid === undefined || !isAlive(pid)) throw new Error(`testenv launcher (pid ${pid}) of ${file} is not running`);
  return ep;
}

export function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}

/** Environment variables that point kubectl/helm at the test cluster. */
export function kubeEnv(ep: Endpoints): Record<string, string> {
  return { KUBECONFIG: ep.kubeconfig };
}
