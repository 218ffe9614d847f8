/**
 * `pnpm testenv up`: builds (if needed) and starts the test environment, prints its endpoints and
 * runs until Ctrl-C, SIGTERM or `pnpm testenv down`.
 *   --out FILE   endpoints file (default ~/.cache/helm-sdk/testenv/run/endpoints.json)
 *   --keep       keep the working directory (logs, etcd data) after stopping
 *   --json       print the endpoints JSON instead of the summary
 */
import { existsSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { isAlive, runDir, startTestEnv } from './index.js';

const argv = process.argv.slice(2).filter((a) => a !== 'up');
const flag = (name: string): string | undefined => {
  const i = argv.findIndex((a) => a === name || a.startsWith(`${name}=`));
  if (i < 0) return undefined;
  const a = argv[i] as string;
  return a.includes('=') ? a.slice(a.indexOf('=') + 1) : (argv[i + 1] ?? '');
};

const dir = runDir();
mkdirSync(dir, { recursive: true });
const pidFile = join(dir, 'up.pid');
if (existsSync(pidFile)) {
  const pid = Number(readFileSync(pidFile, 'utf8').trim());
  if (pid && isAlive(pid)) {
    console.error(`a test environment is already running (pid ${pid}); stop it with \`pnpm testenv down\``);
    process.exit(1);
  }
}
const out = flag('--out') || join(dir, 'endpoints.json');
const t0 = Date.now();
const env = await startTestEnv({ out, keep: argv.includes('--keep') });
writeFileSync(pidFile, `${process.pid}\n`);
const ep = env.endpoints;
if (argv.includes('--json')) {
  console.log(JSON.stringify(ep, null, 2));
} else {
  const r = ep.registries;
  const p = ep.repos;
  console.log(`
helm-sdk test environment ready in ${((Date.now() - t0) / 1000).toFixed(1)} s (launcher: ${ep.readySeconds.toFixed(1)} s)
  endpoints      ${env.endpointsFile}
  kubeconfig     ${ep.kubeconfig}          (export KUBECONFIG=${ep.kubeconfig})
  api server     ${ep.apiServer}  Kubernetes ${ep.kubernetesVersion}, node ${ep.node}
  OCI registry   ${r.open.url}  (no auth, --plain-http)
  OCI registry   ${r.auth.url}  (user ${r.auth.username}, password ${r.auth.password}, --plain-http)
  OCI registry   ${r.tls.url}  (TLS, --ca-file ${r.tls.caFile}; user ${r.tls.username}, password ${r.tls.password})
  chart repo     ${p.plain.url}
  chart repo     ${p.auth.url}  (user ${p.auth.username}, password ${p.auth.password})
  chart repo     ${p.tls.url}  (--ca-file ${p.tls.caFile})
  chart repo     ${p.mtls.url}  (mutual TLS: --ca-file ${p.mtls.caFile} --cert-file ${p.mtls.certFile} --key-file ${p.mtls.keyFile})
  charts         ${ep.charts.map((c) => `${c.name}-${c.version}`).join(', ')}
  logs           ${ep.logDir}
Fail a pod on purpose with the pod annotation ${ep.failAnnotation}: "true".
Use it from tests with HELM_SDK_TESTENV=${env.endpointsFile}. Ctrl-C or \`pnpm testenv down\` stops it.`);
}

let stopping = false;
const shutdown = async (sig: string): Promise<void> => {
  if (stopping) return;
  stopping = true;
  console.error(`\n${sig}: stopping the test environment`);
  await env.stop();
  rmSync(pidFile, { force: true });
  process.exit(0);
};
process.on('SIGINT', () => void shutdown('SIGINT'));
process.on('SIGTERM', () => void shutdown('SIGTERM'));
process.on('SIGHUP', () => void shutdown('SIGHUP'));
env.process.on('exit', (code) => {
  if (stopping) return;
  console.error(`the test environment launcher exited unexpectedly (${code})`);
  rmSync(pidFile, { force: true });
  process.exit(1);
});
