/**
 * `pushChart`: upload a chart archive to an OCI registry, as `helm push` does (engine method
 * `chart.push`, Go `internal/methods/chart_push.go`).
 */
import {
  type CallOptions,
  type ChartReference,
  type Configuration,
  callSpec,
  checkOptions,
  type OptionSpec,
  requireOption,
  toWireParams,
} from '@helm-sdk/core';
import { type RemoteOptions, remoteSpec } from './remote-options.js';

export interface PushChartOptions extends RemoteOptions, CallOptions {
  /** The chart archive: a `.tgz` path (its `.prov` next to it is pushed too) or the archive bytes. */
  readonly chart: ChartReference;
  /** `REMOTE`: `oci://host[:port]/path`; the chart's name and version are appended. */
  readonly remote: string;
}

export interface PushResult {
  /** The pushed reference, `host/path/name:version`. */
  readonly ref: string;
  /** The manifest digest, `sha256:...`. */
  readonly digest: string;
  readonly name: string;
  readonly version: string;
}

const spec: OptionSpec<PushChartOptions> = { ...remoteSpec, ...callSpec, chart: 'chart', remote: 'string' };

/** Pushes a chart archive; credentials default to those stored by `registryLogin`. */
export async function pushChart(cfg: Configuration, options: PushChartOptions): Promise<PushResult> {
  checkOptions('pushChart', options, spec);
  requireOption('pushChart', options, 'chart');
  requireOption('pushChart', options, 'remote');
  const r = await cfg.call('chart.push', toWireParams(options) as { remote: string }, {
    action: 'pushChart',
    signal: options.signal,
    timeout: options.timeout,
  });
  return { ref: r.ref, digest: r.digest, name: r.name, version: r.version };
}
