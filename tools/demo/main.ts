/**
 * The README's main job: a release lifecycle driven by helm-sdk, with a live progress display.
 *
 * With `--kubeconfig PATH` (or KUBECONFIG set) it uses that cluster; otherwise it starts the
 * local control plane of tools/testenv (kube-apiserver, etcd, controller manager, scheduler, kwok)
 * and stops it at the end. Steps: lint, template, install (watcher wait, progress events),
 * status, upgrade, history, rollback, list, uninstall. Every step is timed.
 */
import { fileURLToPath } from 'node:url';
import {
  Configuration,
  type EngineEvent,
  engineInfo,
  history,
  install,
  list,
  rollback,
  SchemaValidationError,
  status,
  template,
  uninstall,
  upgrade,
} from '@helm-sdk/actions';
import { lintChart } from '@helm-sdk/chart';
import { startTestEnv, type TestEnv } from '@helm-sdk/testenv';

const chart = fileURLToPath(new URL('./chart', import.meta.url));
const namespace = `demo-${Date.now().toString(36)}`;
const releaseName = 'hello';

function argValue(name: string): string | undefined {
  const i = process.argv.indexOf(name);
  return i >= 0 ? process.argv[i + 1] : undefined;
}

async function step<T>(title: string, run: () => Promise<T>): Promise<T> {
  const start = performance.now();
  process.stdout.write(`\n== ${title}\n`);
  const result = await run();
  process.stdout.write(`   (${(performance.now() - start).toFixed(0)} ms)\n`);
  return result;
}

/** Prints each resource's status when it changes: the live progress display. */
function progress(): (event: EngineEvent) => void {
  const last = new Map<string, string>();
  return (event) => {
    if (event.type === 'resource') {
      const e = event as Extract<EngineEvent, { type: 'resource' }>;
      const key = `${e.kind}/${e.name}`;
      if (last.get(key) === e.status) return;
      last.set(key, e.status);
      console.log(`   ${key.padEnd(36)} ${e.status}${e.message ? `  ${e.message}` : ''}`);
    } else if (event.type === 'hook') {
      const e = event as Extract<EngineEvent, { type: 'hook' }>;
      console.log(`   hook ${e.name.padEnd(31)} ${e.phase}`);
    } else if (event.type === 'phase') {
      console.log(`   -> ${String((event as { name: string }).name)}`);
    }
  };
}

let env: TestEnv | undefined;
let kubeconfig = argValue('--kubeconfig') ?? process.env.KUBECONFIG;
if (!kubeconfig) {
  env = await step('start the local control plane (tools/testenv)', () => startTestEnv({ log: () => {} }));
  kubeconfig = env.endpoints.kubeconfig;
  console.log(`   Kubernetes ${env.endpoints.kubernetesVersion} at ${env.endpoints.apiServer}, node ${env.endpoints.node}`);
}

try {
  await using cfg = new Configuration({ kubeconfig, namespace });
  const info = await step('start the engine', () => engineInfo(cfg));
  console.log(`   engine ${info.engine}, Helm ${info.helm}, ${info.go}, protocol ${info.protocol}`);

  const lint = await step('lintChart', () => lintChart(cfg, { chart, strict: true }));
  console.log(`   ok=${lint.ok}, ${lint.messages.length} message(s)`);

  const rendered = await step('template', () => template(cfg, { chart, releaseName, namespace }));
  console.log(`   ${rendered.manifest.split('\n---').length - 1} documents`);

  const installed = await step(`install ${releaseName} into ${namespace} (watcher wait)`, () =>
    install(cfg, {
      releaseName,
      chart,
      namespace,
      createNamespace: true,
      waitStrategy: 'watcher',
      timeout: 120_000,
      onEvent: progress(),
    }),
  );
  console.log(`   ${installed.name} revision ${installed.revision}: ${installed.status}`);
  if (installed.notes) console.log(`   NOTES: ${installed.notes.trim()}`);

  const current = await step('status', () => status(cfg, { releaseName }));
  console.log(`   ${current.name}: ${current.status}, chart ${current.chart.name}-${current.chart.version}`);

  const upgraded = await step('upgrade with replicaCount=3', () =>
    upgrade(cfg, {
      releaseName,
      chart,
      namespace,
      values: { replicaCount: 3, greeting: 'Hello again' },
      waitStrategy: 'watcher',
      timeout: 120_000,
      onEvent: progress(),
    }),
  );
  console.log(`   revision ${upgraded.revision}: ${upgraded.status}`);

  try {
    await step('upgrade with a value the schema refuses (typed error, nothing lost)', () =>
      upgrade(cfg, { releaseName, chart, namespace, set: ['replicaCount=many'] }),
    );
  } catch (error) {
    if (!SchemaValidationError.isInstance(error)) throw error;
    console.log(`   ${error.name} (${error.code}): ${error.message.replace(/\s*\n\s*/g, ' ')}`);
    const unchanged = await status(cfg, { releaseName });
    console.log(`   release unchanged: revision ${unchanged.revision}, ${unchanged.status}`);
  }

  const revisions = await step('history', () => history(cfg, { releaseName }));
  for (const r of revisions) console.log(`   ${r.revision}  ${r.status.padEnd(11)} ${r.description ?? ''}`);

  const rolledBack = await step('rollback to revision 1', () =>
    rollback(cfg, { releaseName, revision: 1, waitStrategy: 'watcher', timeout: 120_000 }),
  );
  console.log(`   now at revision ${rolledBack.revision} (${rolledBack.status}), values ${JSON.stringify(rolledBack.config ?? {})}`);

  const releases = await step('list', () => list(cfg, {}));
  for (const r of releases) console.log(`   ${r.name}  ${r.namespace}  rev ${r.revision}  ${r.status}  ${r.chart.name}-${r.chart.version}`);

  await step('uninstall', () => uninstall(cfg, { releaseName }));
  const after = await list(cfg, { uninstalled: true, deployed: true });
  console.log(`   releases left in ${namespace}: ${after.length}`);
} finally {
  if (env) await step('stop the local control plane', () => env?.stop() ?? Promise.resolve());
}
