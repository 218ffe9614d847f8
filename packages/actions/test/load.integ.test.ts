/**
 * The CI-sized load test (issue 7, "Load"): 4 Configurations x 500 mixed operations (template,
 * install, status, list, getValues, getManifest, uninstall, and status of a release just
 * uninstalled) concurrently against the test cluster, through the workload `pnpm load` runs at
 * 20,000 operations (tools/load/workload.ts). Every result is checked (status deployed, list equal
 * to the releases the worker owns, values and manifest as installed); the only accepted error is
 * the deliberate RELEASE_NOT_FOUND. Two of the Configurations authenticate with a ServiceAccount
 * bearer token instead of the admin client certificate.
 */
import { fileURLToPath } from 'node:url';
import { kubeRequest, serviceAccountKubeconfig } from '@helm-sdk/testenv/service-account';
import { afterAll, describe, expect, inject, it } from 'vitest';
import { cleanUp, failuresByCode, latencyTable, operationKinds, runLoad } from '../../../tools/load/workload.js';
import { Configuration, list } from '../src/index.js';
import { uniqueNamespace } from './write-helpers.js';

const ep = inject('testenv');
const chart = fileURLToPath(new URL('../../../tools/load/chart', import.meta.url));
const namespace = uniqueNamespace('load');
const configurations: Configuration[] = [];

afterAll(async () => {
  await Promise.all(configurations.map((cfg) => cfg.close()));
  await kubeRequest(ep, 'DELETE', `/api/v1/namespaces/${namespace}`);
});

describe('load', () => {
  it('runs 4 Configurations x 500 mixed operations concurrently with zero unexpected errors and every result right', async () => {
    const token = await serviceAccountKubeconfig(ep);
    for (let i = 0; i < 4; i++) {
      configurations.push(new Configuration(i % 2 === 0 ? { kubeconfig: ep.kubeconfig } : { kubeconfigData: token.kubeconfigData }));
    }
    await Promise.all(configurations.map((cfg) => cfg.start()));

    const result = await runLoad({ configurations, totalOperations: 2_000, workersPerConfiguration: 2, namespace, chart, seed: 42 });
    const table = latencyTable(result);
    console.log(
      `LOAD ${JSON.stringify({ operations: result.operations, seconds: Number(result.seconds.toFixed(1)), latencyMs: table, expected: result.expectedErrors })}`,
    );

    expect(failuresByCode(result), JSON.stringify(result.failures.slice(0, 5))).toEqual({});
    expect(result.operations).toBe(2_000);
    // The mix really was mixed: every kind ran, on both kinds of credentials.
    for (const kind of operationKinds) expect(result.latencies[kind].length, kind).toBeGreaterThan(0);
    expect(result.expectedErrors.RELEASE_NOT_FOUND).toBe(result.latencies.statusGone.length);
    expect(configurations.map((cfg) => cfg.engineStarts)).toEqual([1, 1, 1, 1]);

    expect(await cleanUp(result, namespace)).toBe(0);
    expect(await list(configurations[1] as Configuration, { namespace })).toEqual([]);
  }, 240_000);
});
