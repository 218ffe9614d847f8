/**
 * `pnpm bench`: performance ratios measured in one run (a script, not a timed test).
 *
 * - ping: sequential round trips (p50/p99) and pipelined throughput over one engine.
 * - engine cold start (spawn -> hello -> configured) and idle RSS.
 * - template of a 50-template chart: SDK warm call vs one `helm template` process per call
 *   (what shelling out costs), and vs the Helm library called in-process from Go (the floor).
 *
 * - status of a release (testenv-app: Deployment, StatefulSet, Service, ConfigMap, hook Job) and
 *   list of 100 releases on the real cluster of tools/testenv: SDK warm call vs one `helm`
 *   process per call, and status vs the Helm library in-process. Uses the test environment named
 *   by HELM_SDK_TESTENV (`pnpm testenv up`), else starts one (`--no-cluster` skips); the releases are made with
 *   the reference CLI in a namespace of their own and removed afterwards.
 *
 * Prints a table and, as its last line, one JSON object with every figure.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { Configuration, engineInfo, list, ping, status, template } from '@helm-sdk/actions';
import { referenceHelm, repoRoot } from '@helm-sdk/test-utils';
import { startTestEnv } from '@helm-sdk/testenv';
import { execa } from 'execa';

const chart = join(repoRoot, 'tools/fixtures/charts/many-templates');
const quantile = (sorted: number[], q: number): number => sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))] ?? Number.NaN;
const median = (xs: number[]): number =>
  quantile(
    [...xs].sort((a, b) => a - b),
    0.5,
  );
const round = (x: number, digits = 2): number => Number(x.toFixed(digits));

async function timeIt(n: number, fn: () => Promise<unknown>): Promise<number[]> {
  const out: number[] = [];
  for (let i = 0; i < n; i++) {
    const start = performance.now();
    await fn();
    out.push(performance.now() - start);
  }
  return out;
}

function rssMb(pid: number): number {
  const status = readFileSync(`/proc/${pid}/status`, 'utf8');
  const kb = Number(/VmRSS:\s+(\d+)/.exec(status)?.[1] ?? Number.NaN);
  return kb / 1024;
}

const results: Record<string, number | string> = {};

// Engine cold start: a new Configuration each time, measured to the first answered call.
const cold: number[] = [];
for (let i = 0; i < 10; i++) {
  const cfg = new Configuration();
  const start = performance.now();
  await ping(cfg);
  cold.push(performance.now() - start);
  await cfg.close();
}
results.engine_cold_start_ms = round(median(cold));

const cfg = new Configuration();
const info = await engineInfo(cfg);
results.engine = info.engine;
results.helm = info.helm;
results.node = process.version;
await new Promise((r) => setTimeout(r, 500));
results.engine_idle_rss_mb = round(rssMb(info.pid), 1);

// Sequential pings.
await timeIt(2_000, () => ping(cfg, { payload: 'warm-up' }));
const seq = (await timeIt(20_000, () => ping(cfg, { payload: 'x' }))).sort((a, b) => a - b);
results.ping_seq_p50_us = round(quantile(seq, 0.5) * 1000, 1);
results.ping_seq_p99_us = round(quantile(seq, 0.99) * 1000, 1);

// Pipelined pings: keep a window of calls in flight.
{
  const total = 200_000;
  const window = 512;
  let sent = 0;
  const start = performance.now();
  const worker = async (): Promise<void> => {
    while (sent < total) {
      sent++;
      await ping(cfg, { payload: sent });
    }
  };
  await Promise.all(Array.from({ length: window }, worker));
  results.ping_pipelined_per_s = Math.round(total / ((performance.now() - start) / 1000));
}

// template: SDK warm vs helm CLI process per call vs in-process library.
await timeIt(5, () => template(cfg, { chart, releaseName: 'bench' }));
results.template_sdk_ms = round(median(await timeIt(30, () => template(cfg, { chart, releaseName: 'bench' }))));
const helm = await referenceHelm();
await execa(helm, ['template', 'bench', chart]);
results.template_cli_ms = round(median(await timeIt(15, () => execa(helm, ['template', 'bench', chart]))));
results.template_speedup = round(Number(results.template_cli_ms) / Number(results.template_sdk_ms), 1);

// The floor: the same engine handler called in-process from Go, no process boundary.
const inprocess = await execa(
  'go',
  ['run', './cmd/inprocess-bench', '-method', 'chart.template', '-params', JSON.stringify({ chart, releaseName: 'bench' }), '-n', '30'],
  { cwd: join(repoRoot, 'packages/engine-go') },
);
const inproc = JSON.parse(inprocess.stdout.trim().split('\n').pop() ?? '{}') as { median_ms?: number };
if (typeof inproc.median_ms === 'number') {
  results.template_inprocess_ms = round(inproc.median_ms);
  results.template_overhead_ratio = round(Number(results.template_sdk_ms) / inproc.median_ms);
}

// status / list100 on the real cluster: the test environment named by HELM_SDK_TESTENV, or one
// started here (skipped with --no-cluster).
const testenvFile = process.env.HELM_SDK_TESTENV;
const ownEnv = testenvFile || process.argv.includes('--no-cluster') ? undefined : await startTestEnv({ log: () => {} });
if (testenvFile || ownEnv) {
  const ep = ownEnv ? ownEnv.endpoints : (JSON.parse(readFileSync(testenvFile as string, 'utf8')) as { kubeconfig: string });
  const ns = `bench-${Date.now().toString(36)}`;
  const env = { ...process.env, KUBECONFIG: ep.kubeconfig };
  const helmIn = (args: string[]) => execa(helm, [...args, '-n', ns], { env });
  const appChart = join(repoRoot, 'tools/testenv/charts/testenv-app');
  const cmChart = join(repoRoot, 'packages/actions/test/charts/cm-only');
  const kcfg = new Configuration({ kubeconfig: ep.kubeconfig, namespace: ns });
  try {
    await helmIn(['install', 'bench-app', appChart, '--create-namespace']);
    await timeIt(5, () => status(kcfg, { releaseName: 'bench-app' }));
    results.status_sdk_ms = round(median(await timeIt(50, () => status(kcfg, { releaseName: 'bench-app' }))));
    await helmIn(['status', 'bench-app']);
    results.status_cli_ms = round(median(await timeIt(15, () => helmIn(['status', 'bench-app']))));
    results.status_speedup = round(Number(results.status_cli_ms) / Number(results.status_sdk_ms), 1);
    const statusInproc = await execa(
      'go',
      [
        'run',
        './cmd/inprocess-bench',
        '-method',
        'release.status',
        '-params',
        JSON.stringify({ releaseName: 'bench-app', namespace: ns }),
        '-settings',
        JSON.stringify({ kubeconfig: ep.kubeconfig }),
        '-n',
        '50',
      ],
      { cwd: join(repoRoot, 'packages/engine-go') },
    );
    const si = JSON.parse(statusInproc.stdout.trim().split('\n').pop() ?? '{}') as { median_ms?: number };
    if (typeof si.median_ms === 'number') {
      results.status_inprocess_ms = round(si.median_ms);
      results.status_overhead_ratio = round(Number(results.status_sdk_ms) / si.median_ms);
    }

    // 100 releases (bench-app is one of them), installed 8 at a time.
    const names = Array.from({ length: 99 }, (_, i) => `bench-cm-${i}`);
    let next = 0;
    await Promise.all(
      Array.from({ length: 8 }, async () => {
        while (next < names.length) await helmIn(['install', names[next++] as string, cmChart]);
      }),
    );
    const count = (await list(kcfg, { limit: 0 })).length;
    if (count !== 100) throw new Error(`bench: expected 100 releases in ${ns}, found ${count}`);
    await timeIt(3, () => list(kcfg, { limit: 0 }));
    results.list100_sdk_ms = round(median(await timeIt(20, () => list(kcfg, { limit: 0 }))));
    await helmIn(['list', '--max', '0']);
    results.list100_cli_ms = round(median(await timeIt(10, () => helmIn(['list', '--max', '0']))));
    results.list100_speedup = round(Number(results.list100_cli_ms) / Number(results.list100_sdk_ms), 1);
  } finally {
    await kcfg.close();
    const all = ['bench-app', ...Array.from({ length: 99 }, (_, i) => `bench-cm-${i}`)];
    for (let i = 0; i < all.length; i += 20) {
      await execa(helm, ['uninstall', ...all.slice(i, i + 20), '-n', ns, '--ignore-not-found'], { env, reject: false });
    }
  }
}

await ownEnv?.stop();

const after = rssMb(info.pid);
results.engine_rss_after_mb = round(after, 1);
await cfg.close();

const rows: [string, string, string][] = [
  ['engine cold start', `${results.engine_cold_start_ms} ms`, 'target <= 80 ms'],
  ['engine idle RSS', `${results.engine_idle_rss_mb} MB`, ''],
  ['ping sequential p50', `${results.ping_seq_p50_us} us`, 'target <= 100 us'],
  ['ping sequential p99', `${results.ping_seq_p99_us} us`, ''],
  ['ping pipelined', `${results.ping_pipelined_per_s} /s`, 'target >= 50,000/s'],
  ['template (50 templates) SDK warm', `${results.template_sdk_ms} ms`, ''],
  ['template helm CLI per call', `${results.template_cli_ms} ms`, ''],
  ['template speedup (CLI / SDK)', `${results.template_speedup}x`, 'target >= 10x'],
  ['template in-process Go library', `${results.template_inprocess_ms ?? 'n/a'} ms`, 'the floor'],
  ['template overhead (SDK / in-process)', `${results.template_overhead_ratio ?? 'n/a'}x`, ''],
  ['status SDK warm', `${results.status_sdk_ms ?? 'n/a'} ms`, 'local control plane'],
  ['status helm CLI per call', `${results.status_cli_ms ?? 'n/a'} ms`, ''],
  ['status speedup (CLI / SDK)', `${results.status_speedup ?? 'n/a'}x`, 'target >= 30x'],
  ['status in-process Go library', `${results.status_inprocess_ms ?? 'n/a'} ms`, 'the floor'],
  ['status overhead (SDK / in-process)', `${results.status_overhead_ratio ?? 'n/a'}x`, 'target <= 1.3x'],
  ['list 100 releases SDK warm', `${results.list100_sdk_ms ?? 'n/a'} ms`, ''],
  ['list 100 releases helm CLI per call', `${results.list100_cli_ms ?? 'n/a'} ms`, ''],
];
console.log(`helm-sdk bench: engine ${info.engine}, Helm ${info.helm}, ${process.version}, ${process.platform}-${process.arch}`);
for (const [name, value, note] of rows) console.log(`${name.padEnd(40)} ${value.padStart(14)}  ${note}`);
console.log(JSON.stringify(results));
