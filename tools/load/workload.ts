/**
 * The mixed release workload of the load test (issue 7, "Load"), shared by `pnpm load`
 * (tools/load/main.ts, 20,000 operations with memory figures) and the CI-sized
 * packages/actions/test/load.integ.test.ts (2,000 operations).
 *
 * Each Configuration runs `workersPerConfiguration` sequential workers concurrently; a worker owns
 * the releases whose names start with its prefix, so it always knows exactly what `list` must
 * return, and it checks every result: a call that resolves with the wrong data counts as an error
 * just like one that rejects. The only expected error is the deliberate `status` of a release the
 * worker has just uninstalled (`RELEASE_NOT_FOUND`).
 */
import { readFileSync } from 'node:fs';
import { setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';
import {
  type Configuration,
  getManifest,
  getValues,
  HelmSdkError,
  install,
  list,
  ReleaseNotFoundError,
  status,
  template,
  uninstall,
} from '@helm-sdk/actions';
import { seededRandom } from '@helm-sdk/test-utils/random';

export const operationKinds = ['template', 'install', 'status', 'list', 'getValues', 'getManifest', 'uninstall', 'statusGone'] as const;
export type OperationKind = (typeof operationKinds)[number];

export interface LoadOptions {
  readonly configurations: readonly Configuration[];
  /** Operations in all, split evenly over the workers. */
  readonly totalOperations: number;
  /** Sequential workers per Configuration (calls in flight per engine). Default 2. */
  readonly workersPerConfiguration?: number;
  /** Namespace of this run's releases (created by the first install). */
  readonly namespace: string;
  /** A small chart whose only template is a ConfigMap named after the release with `data.n` = `.Values.n`. */
  readonly chart: string;
  /** Most releases a worker keeps installed at once. Default 3. */
  readonly maxReleasesPerWorker?: number;
  /** Seed of the operation mix. */
  readonly seed?: number;
  /** Called (synchronously) when the count of finished operations reaches each of these. */
  readonly checkpoints?: readonly number[];
  readonly onCheckpoint?: (done: number) => void;
  /** Timeout of each call in milliseconds. Default 60 000. */
  readonly callTimeout?: number;
}

export interface LoadFailure {
  readonly kind: OperationKind;
  /** The error's code (`HelmSdkError`), its class name, or `WRONG_RESULT` for a bad answer. */
  readonly code: string;
  readonly message: string;
}

export interface LoadResult {
  readonly operations: number;
  readonly seconds: number;
  readonly latencies: Readonly<Record<OperationKind, readonly number[]>>;
  readonly failures: readonly LoadFailure[];
  /** Expected errors seen (the `statusGone` probes), by code. */
  readonly expectedErrors: Readonly<Record<string, number>>;
  /** Releases still installed at the end (the caller uninstalls them). */
  readonly leftover: readonly { readonly cfg: Configuration; readonly name: string }[];
}

class WrongResult extends Error {}

function check(ok: boolean, what: string): void {
  if (!ok) throw new WrongResult(what);
}

// Relative weights of the mix when the worker may do anything.
const weights: readonly [OperationKind, number][] = [
  ['template', 3],
  ['install', 2],
  ['status', 3],
  ['list', 2],
  ['getValues', 2],
  ['getManifest', 2],
  ['uninstall', 2],
];

export async function runLoad(options: LoadOptions): Promise<LoadResult> {
  const workersPer = options.workersPerConfiguration ?? 2;
  const maxReleases = options.maxReleasesPerWorker ?? 3;
  const timeout = options.callTimeout ?? 60_000;
  if (options.configurations.length === 0 || workersPer < 1) throw new Error('runLoad: no configurations or workers');
  const latencies = Object.fromEntries(operationKinds.map((k) => [k, [] as number[]])) as Record<OperationKind, number[]>;
  const failures: LoadFailure[] = [];
  const expectedErrors: Record<string, number> = {};
  const leftover: { cfg: Configuration; name: string }[] = [];
  const checkpoints = new Set(options.checkpoints ?? []);
  const seed = options.seed ?? 1;
  const ns = options.namespace;
  let done = 0;
  let nextOp = 0;
  const started = performance.now();

  const worker = async (cfg: Configuration, index: number): Promise<void> => {
    const random = seededRandom(seed * 1000 + index);
    const prefix = `w${index}-`;
    const owned = new Map<string, number>(); // release name -> its value of n
    let serial = 0;
    let gone: string | undefined;

    const pick = (): OperationKind => {
      if (gone !== undefined) return 'statusGone';
      if (owned.size === 0) return random() < 0.3 ? 'template' : 'install';
      let roll = random() * weights.reduce((s, [, w]) => s + w, 0);
      for (const [kind, w] of weights) {
        roll -= w;
        if (roll < 0) return kind === 'install' && owned.size >= maxReleases ? 'uninstall' : kind;
      }
      return 'status';
    };
    const anyOwned = (): [string, number] => {
      const entries = [...owned];
      return entries[Math.floor(random() * entries.length)] as [string, number];
    };

    const run = async (kind: OperationKind): Promise<void> => {
      switch (kind) {
        case 'template': {
          const name = `${prefix}t${serial++}`;
          const n = Math.floor(random() * 1e6);
          const r = await template(cfg, { chart: options.chart, releaseName: name, namespace: ns, values: { n: String(n) }, timeout });
          check(
            r.manifest.includes(`name: ${name}\n`) && r.manifest.includes(`n: "${n}"`),
            `template ${name}: manifest lacks its name or n`,
          );
          return;
        }
        case 'install': {
          const name = `${prefix}r${serial++}`;
          const n = Math.floor(random() * 1e6);
          const r = await install(cfg, {
            chart: options.chart,
            releaseName: name,
            namespace: ns,
            createNamespace: true,
            values: { n: String(n) },
            timeout,
          });
          check(
            r.name === name && r.namespace === ns && r.revision === 1 && r.status === 'deployed',
            `install ${name}: got ${r.status} r${r.revision}`,
          );
          owned.set(name, n);
          return;
        }
        case 'status': {
          const [name] = anyOwned();
          const r = await status(cfg, { releaseName: name, namespace: ns, timeout });
          check(r.name === name && r.namespace === ns && r.status === 'deployed' && r.revision === 1, `status ${name}: got ${r.status}`);
          return;
        }
        case 'list': {
          const r = await list(cfg, { namespace: ns, filter: `^${prefix}`, timeout });
          const names = r.map((x) => x.name).sort();
          const want = [...owned.keys()].sort();
          check(JSON.stringify(names) === JSON.stringify(want), `list ${prefix}: got [${names}], want [${want}]`);
          check(
            r.every((x) => x.status === 'deployed'),
            `list ${prefix}: not all deployed`,
          );
          return;
        }
        case 'getValues': {
          const [name, n] = anyOwned();
          const r = await getValues(cfg, { releaseName: name, namespace: ns, timeout });
          check(JSON.stringify(r) === JSON.stringify({ n: String(n) }), `getValues ${name}: got ${JSON.stringify(r)}`);
          return;
        }
        case 'getManifest': {
          const [name, n] = anyOwned();
          const r = await getManifest(cfg, { releaseName: name, namespace: ns, timeout });
          check(r.includes(`name: ${name}\n`) && r.includes(`n: "${n}"`), `getManifest ${name}: manifest lacks its name or n`);
          return;
        }
        case 'uninstall': {
          const [name] = anyOwned();
          const r = await uninstall(cfg, { releaseName: name, namespace: ns, timeout });
          check(r.release?.name === name && r.release.status === 'uninstalled', `uninstall ${name}: got ${r.release?.status}`);
          owned.delete(name);
          gone = name;
          return;
        }
        case 'statusGone': {
          const name = gone as string;
          gone = undefined;
          try {
            await status(cfg, { releaseName: name, namespace: ns, timeout });
          } catch (e) {
            if (ReleaseNotFoundError.isInstance(e)) {
              expectedErrors.RELEASE_NOT_FOUND = (expectedErrors.RELEASE_NOT_FOUND ?? 0) + 1;
              return;
            }
            throw e;
          }
          check(false, `status ${name} after uninstall: found`);
        }
      }
    };

    while (nextOp < options.totalOperations) {
      nextOp++;
      const kind = pick();
      const t0 = performance.now();
      try {
        await run(kind);
        latencies[kind].push(performance.now() - t0);
      } catch (e) {
        const code = e instanceof WrongResult ? 'WRONG_RESULT' : HelmSdkError.isInstance(e) ? String(e.code) : (e as Error)?.name;
        failures.push({ kind, code, message: (e as Error)?.message ?? String(e) });
      }
      done++;
      if (checkpoints.has(done)) options.onCheckpoint?.(done);
    }
    for (const name of owned.keys()) leftover.push({ cfg, name });
  };

  await Promise.all(
    options.configurations.flatMap((cfg, c) => Array.from({ length: workersPer }, (_, w) => worker(cfg, c * workersPer + w))),
  );
  return { operations: done, seconds: (performance.now() - started) / 1000, latencies, failures, expectedErrors, leftover };
}

/** Uninstalls what a run left installed; resolves with how many failed. */
export async function cleanUp(result: LoadResult, namespace: string): Promise<number> {
  const outcomes = await Promise.allSettled(
    result.leftover.map(({ cfg, name }) => uninstall(cfg, { releaseName: name, namespace, timeout: 60_000 })),
  );
  return outcomes.filter((o) => o.status === 'rejected').length;
}

export function quantile(sorted: readonly number[], q: number): number {
  return sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))] ?? Number.NaN;
}

export interface LatencyRow {
  readonly kind: OperationKind;
  readonly count: number;
  readonly p50: number;
  readonly p99: number;
  readonly max: number;
}

/** p50/p99/max per operation kind, in milliseconds. */
export function latencyTable(result: LoadResult): LatencyRow[] {
  return operationKinds.map((kind) => {
    const sorted = [...result.latencies[kind]].sort((a, b) => a - b);
    const r = (x: number) => Number(x.toFixed(1));
    return {
      kind,
      count: sorted.length,
      p50: r(quantile(sorted, 0.5)),
      p99: r(quantile(sorted, 0.99)),
      max: r(sorted.at(-1) ?? Number.NaN),
    };
  });
}

/** Failures grouped by `kind code`. */
export function failuresByCode(result: LoadResult): Record<string, number> {
  const out: Record<string, number> = {};
  for (const f of result.failures) out[`${f.kind} ${f.code}`] = (out[`${f.kind} ${f.code}`] ?? 0) + 1;
  return out;
}

/** VmRSS of a process in MiB (Linux /proc). */
export function rssMiB(pid: number): number {
  const kb = Number(/VmRSS:\s+(\d+)/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'))?.[1] ?? Number.NaN);
  return kb / 1024;
}

let gc: (() => void) | undefined;
/** Node's RSS in MiB after a full garbage collection (gc exposed at run time, no flag needed). */
export function nodeRssMiB(): number {
  if (!gc) {
    setFlagsFromString('--expose-gc');
    gc = runInNewContext('gc') as () => void;
  }
  gc();
  return process.memoryUsage().rss / 1024 / 1024;
}
