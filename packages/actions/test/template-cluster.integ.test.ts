/**
 * `template` rendering against the cluster (issue 11, section 4): `dryRun: 'server'` and
 * `validate`, as `helm template --dry-run=server` / `--validate` do (lookup sees live objects,
 * an unknown kind is rejected, an existing object outside the release conflicts), each against
 * the reference `helm` CLI pointed at the test cluster.
 */
import { fileURLToPath } from 'node:url';
import { runHelm } from '@helm-sdk/test-utils';
import type {} from '@helm-sdk/testenv/global-setup';
import { kubeRequest } from '@helm-sdk/testenv/service-account';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { Configuration, type HelmError, InvalidChartError, ResourceConflictError, template } from '../src/index.js';
import { uniqueNamespace } from './write-helpers.js';

const ep = inject('testenv');
const clusterChart = fileURLToPath(new URL('./charts/cluster-render', import.meta.url));
const namespace = uniqueNamespace('sdk-template');
let cluster: Configuration;

beforeAll(async () => {
  cluster = new Configuration({ kubeconfig: ep.kubeconfig, namespace });
  const ns = await kubeRequest(ep, 'POST', '/api/v1/namespaces', { apiVersion: 'v1', kind: 'Namespace', metadata: { name: namespace } });
  expect(ns.status).toBe(201);
  const cm = await kubeRequest(ep, 'POST', `/api/v1/namespaces/${namespace}/configmaps`, {
    apiVersion: 'v1',
    kind: 'ConfigMap',
    metadata: { name: 'template-source' },
    data: { value: 'from the cluster' },
  });
  expect(cm.status).toBe(201);
});
afterAll(async () => {
  await cluster?.close();
  await kubeRequest(ep, 'DELETE', `/api/v1/namespaces/${namespace}`);
});

describe("template dryRun: 'server' renders against the cluster, as helm template --dry-run=server", () => {
  const cliEnv = { KUBECONFIG: ep.kubeconfig };

  it('lookup reads live objects (client mode sees none), byte for byte with the CLI', async () => {
    const client = await template(cluster, { chart: clusterChart, releaseName: 'r', namespace });
    expect(client.manifest).toContain('lookedUp: "nothing"');

    const server = await template(cluster, { chart: clusterChart, releaseName: 'r', namespace, dryRun: 'server' });
    expect(server.manifest).toContain('lookedUp: "from the cluster"');
    const cli = await runHelm(['template', 'r', clusterChart, '-n', namespace, '--dry-run=server'], cliEnv);
    expect(cli.exitCode, cli.stderr).toBe(0);
    expect(server.manifest).toBe(cli.stdout);

    // validate is the CLI's older spelling of the same thing.
    const validated = await template(cluster, { chart: clusterChart, releaseName: 'r', namespace, validate: true });
    expect(validated.manifest).toBe(server.manifest);
  });

  it('rejects a kind the cluster does not serve (client mode renders it)', async () => {
    const values = { widget: true };
    const client = await template(cluster, { chart: clusterChart, releaseName: 'r', namespace, values });
    expect(client.manifest).toContain('kind: Widget');

    for (const mode of [{ dryRun: 'server' as const }, { validate: true }]) {
      const err = await template(cluster, { chart: clusterChart, releaseName: 'r', namespace, values, ...mode }).catch((e: unknown) => e);
      expect(InvalidChartError.isInstance(err), String(err)).toBe(true);
      expect((err as HelmError).message).toContain('no matches for kind "Widget" in version "example.com/v1"');
    }
    const cli = await runHelm(['template', 'r', clusterChart, '-n', namespace, '--validate', '--set', 'widget=true'], cliEnv);
    expect(cli.exitCode).not.toBe(0);
    expect(cli.stderr).toContain('no matches for kind "Widget" in version "example.com/v1"');
  });

  it('an object that exists outside the release is a ResourceConflictError, as the CLI refuses it', async () => {
    // Release "taken" renders ConfigMap taken-rendered: make one that no release owns.
    const made = await kubeRequest(ep, 'POST', `/api/v1/namespaces/${namespace}/configmaps`, {
      apiVersion: 'v1',
      kind: 'ConfigMap',
      metadata: { name: 'taken-rendered' },
    });
    expect(made.status).toBe(201);
    const err = await template(cluster, { chart: clusterChart, releaseName: 'taken', namespace, dryRun: 'server' }).catch(
      (e: unknown) => e,
    );
    expect(ResourceConflictError.isInstance(err), String(err)).toBe(true);
    expect((err as HelmError).message).toContain('ConfigMap "taken-rendered" in namespace');
    const cli = await runHelm(['template', 'taken', clusterChart, '-n', namespace, '--dry-run=server'], cliEnv);
    expect(cli.exitCode).not.toBe(0);
    expect((err as HelmError).details.input).toBe('releaseName');
    // Helm's message names the release ("must be set to \"taken\""): no "(input: ...)" suffix.
    expect(cli.stderr).toBe(`Error: ${(err as HelmError).message}\n`);
    // Client mode does not look at the cluster at all.
    expect((await template(cluster, { chart: clusterChart, releaseName: 'taken', namespace })).manifest).toContain('taken-rendered');
  });
});
