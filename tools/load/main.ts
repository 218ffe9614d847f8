/**
 * `pnpm load`: the load figure of issue 7. Four Configurations run a mixed release workload
 * (template, install, status, list, getValues, getManifest, uninstall; see workload.ts) concurrently
 * against the test cluster, 20,000 operations in all by default, and the script prints:
 *
 * - p50/p99/max latency per operation kind, ops/s, errors by kind and code;
 * - each engine's RSS and Node's RSS (after a full GC) after the first 2,000 operations and at the
 *   end, and a PASS/FAIL line for "within 10 %" (no leak) and for "zero unexpected errors";
 * - one JSON line with every figure.
 *
 * Exits 1 on any FAIL. Half the Configurations authenticate with the admin client certificate, the
 * other half with a ServiceAccount bearer token (tools/testenv/src/service-account.ts).
 *
 *   pnpm load [--ops 20000] [--configurations 4] [--workers 2] [--checkpoint 2000] [--seed 1]
 *
 * Uses the environment named by HELM_SDK_TESTENV (`pnpm testenv up`), else starts one and stops it.
 * Releases live in a namespace of their own (`load-<time>`), removed at the end.
 */
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { Configuration } from '@helm-sdk/actions';
import { type Endpoints, readEndpoints, startTestEnv } from '@helm-sdk/testenv';
import { kubeRequest, serviceAccountKubeconfig } from '../testenv/src/service-account.js';
import { cleanUp, failuresByCode, latencyTable, nodeRssMiB, rssMiB, runLoad } from './workload.js';

const { values: args } = parseArgs({
  options: {
    ops: { type: 'string', default: '20000' },
    configurations: { type: 'string', default: '4' },
    workers: { type: 'string', default: '2' },
    checkpoint: { type: 'string', default: '2000' },
    seed: { type: 'string', default: String(Date.now() % 1e9) },
  },
});
const totalOperations = Number(args.ops);
const checkpoint = Number(args.checkpoint);
const seed = Number(args.seed);
const chart = fileURLToPath(new URL('./chart', import.meta.url));

interface MemorySample {
  readonly ops: number;
  readonly engineMiB: number[];
  readonly nodeMiB: number;
}

async function environment(): Promise<{ ep: Endpoints; stop: () => Promise<void> }> {
  const given = process.env.HELM_SDK_TESTENV;
  if (given) return { ep: readEndpoints(given), stop: async () => {} };
  const env = await startTestEnv({ log: () => {} });
  return { ep: env.endpoints, stop: () => env.stop() };
}

const { ep, stop } = await environment();
const token = await serviceAccountKubeconfig(ep);
const namespace = `load-${Date.now().toString(36)}`;
const configurations = Array.from(
  { length: Number(args.configurations) },
  (_, i) => new Configuration(i % 2 === 0 ? { kubeconfig: ep.kubeconfig } : { kubeconfigData: token.kubeconfigData }),
);
// Start the engines first so their pids exist at the checkpoint.
const pids = await Promise.all(configurations.map(async (cfg) => (await cfg.start()).pid));

// Engine RSS is read every 0.25 % of the run (cheap: /proc), Node's every 1 % (each reading
// runs a full GC first, which pauses the workers for a few milliseconds).
const samples: MemorySample[] = [];
const engineEvery = Math.max(1, Math.round(totalOperations / 400));
const nodeEvery = Math.max(1, Math.round(totalOperations / 100));
let lastNode = Number.NaN;
const sample = (ops: number): void => {
  if (ops % nodeEvery === 0 || ops === totalOperations) lastNode = nodeRssMiB();
  samples.push({ ops, engineMiB: configurations.map((cfg) => rssMiB(cfg.enginePid ?? 0)), nodeMiB: lastNode });
};

process.stderr.write(
  `load: ${totalOperations} operations, ${configurations.length} Configurations x ${args.workers} workers, namespace ${namespace}, seed ${seed}\n`,
);
const t0 = performance.now();
const result = await runLoad({
  configurations,
  totalOperations,
  workersPerConfiguration: Number(args.workers),
  namespace,
  chart,
  seed,
  checkpoints: Array.from({ length: Math.floor(totalOperations / engineEvery) }, (_, i) => (i + 1) * engineEvery),
  onCheckpoint: (done) => {
    sample(done);
    if (done % (nodeEvery * 10) === 0) process.stderr.write(`  ${done} operations, ${((performance.now() - t0) / 1000).toFixed(0)} s\n`);
  },
});
const restarts = configurations.map((cfg, i) => (cfg.enginePid === pids[i] && cfg.engineStarts === 1 ? 0 : cfg.engineStarts - 1));

const cleanupFailures = await cleanUp(result, namespace);
await Promise.all(configurations.map((cfg) => cfg.close()));
await kubeRequest(ep, 'DELETE', `/api/v1/namespaces/${namespace}`);
await stop();

// Report.
const table = latencyTable(result);
console.log('\noperation     count    p50 ms   p99 ms   max ms');
for (const r of table) {
  console.log(
    `${r.kind.padEnd(12)} ${String(r.count).padStart(6)} ${String(r.p50).padStart(9)} ${String(r.p99).padStart(8)} ${String(r.max).padStart(8)}`,
  );
}
const opsPerSecond = result.operations / result.seconds;
console.log(`\n${result.operations} operations in ${result.seconds.toFixed(1)} s: ${opsPerSecond.toFixed(1)} ops/s`);
console.log(`expected errors: ${JSON.stringify(result.expectedErrors)}`);
const byCode = failuresByCode(result);
console.log(`unexpected errors: ${result.failures.length} ${JSON.stringify(byCode)}`);
for (const f of result.failures.slice(0, 10)) console.log(`  ${f.kind} ${f.code}: ${f.message.slice(0, 300)}`);

// One engine RSS reading moves by +-15 % with the Go heap's GC cycle (RSS swings between the live
// heap and about twice it, GOGC=100) and the calls in flight at that instant, so each side of the
// comparison is a median over 5 % of the run: "after 2,000" is the median of the readings from
// 2,000 to 3,000 operations, "after 20,000" that of the last 1,000 (21 engine readings each at
// the default size). A leak grows steadily and still shows; noise does not.
const median = (xs: number[]): number => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)] ?? Number.NaN;
const windowOps = Math.max(1, Math.round(totalOperations / 20));
const early = samples.filter((s) => s.ops >= checkpoint && s.ops <= checkpoint + windowOps);
const late = samples.filter((s) => s.ops >= totalOperations - windowOps);
const summary = (window: MemorySample[]) => ({
  ops: `${window[0]?.ops}-${window.at(-1)?.ops}`,
  readings: window.length,
  engineMiB: configurations.map((_, i) => median(window.map((s) => s.engineMiB[i] ?? Number.NaN))),
  nodeMiB: median(window.map((s) => s.nodeMiB).filter((m) => !Number.isNaN(m))),
});
const first = summary(early);
const last = summary(late);
console.log('\nmemory (MiB)          ops   engines                          node');
for (const s of samples.filter((x) => x.ops % (nodeEvery * 10) === 0 || x.ops === checkpoint)) {
  console.log(
    `${String(s.ops).padStart(23)}   ${s.engineMiB.map((m) => m.toFixed(1).padStart(6)).join(' ')}   ${s.nodeMiB.toFixed(1).padStart(6)}`,
  );
}
for (const [label, w] of [
  ['median', first],
  ['median', last],
] as const) {
  console.log(
    `${`${label} ${w.ops}`.padStart(23)}   ${w.engineMiB.map((m) => m.toFixed(1).padStart(6)).join(' ')}   ${w.nodeMiB.toFixed(1).padStart(6)}`,
  );
}

const verdicts: [string, boolean][] = [];
{
  const growth = (a: number, b: number) => (b - a) / a;
  const engineGrowth = first.engineMiB.map((m, i) => growth(m, last.engineMiB[i] ?? Number.NaN));
  const nodeGrowth = growth(first.nodeMiB, last.nodeMiB);
  const pct = (x: number) => `${(x * 100).toFixed(1)} %`;
  verdicts.push([
    `engine RSS after ${last.ops} ops within 10 % of after ${first.ops} (${engineGrowth.map(pct).join(', ')})`,
    engineGrowth.every((g) => g <= 0.1),
  ]);
  verdicts.push([`Node RSS after ${last.ops} ops within 10 % of after ${first.ops} (${pct(nodeGrowth)})`, nodeGrowth <= 0.1]);
}
verdicts.push([`zero unexpected errors (${result.failures.length})`, result.failures.length === 0]);
verdicts.push([`no engine restarted (${restarts.join(', ')})`, restarts.every((r) => r === 0)]);
verdicts.push([`all ${result.operations} operations ran`, result.operations === totalOperations]);
verdicts.push([`clean-up uninstalled every leftover release (${result.leftover.length})`, cleanupFailures === 0]);
console.log('');
for (const [what, ok] of verdicts) console.log(`${ok ? 'PASS' : 'FAIL'} ${what}`);

console.log(
  JSON.stringify({
    operations: result.operations,
    seconds: Number(result.seconds.toFixed(1)),
    opsPerSecond: Number(opsPerSecond.toFixed(1)),
    configurations: configurations.length,
    workersPerConfiguration: Number(args.workers),
    seed,
    latencyMs: Object.fromEntries(table.map((r) => [r.kind, { count: r.count, p50: r.p50, p99: r.p99, max: r.max }])),
    unexpectedErrors: byCode,
    expectedErrors: result.expectedErrors,
    memoryMedianMiB: Object.fromEntries(
      Object.entries({ early: first, late: last }).map(([k, w]) => [
        k,
        { ops: w.ops, readings: w.readings, engines: w.engineMiB.map((m) => Number(m.toFixed(1))), node: Number(w.nodeMiB.toFixed(1)) },
      ]),
    ),
    memoryMiB: samples
      .filter((s) => s.ops % nodeEvery === 0)
      .map((s) => ({
        ops: s.ops,
        engines: s.engineMiB.map((m) => Number(m.toFixed(1))),
        node: Number(s.nodeMiB.toFixed(1)),
      })),
    pass: verdicts.every(([, ok]) => ok),
  }),
);
process.exitCode = verdicts.every(([, ok]) => ok) ? 0 : 1;
