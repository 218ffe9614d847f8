// A user's ESM script (Node 20 and Node 24): install -> status -> upgrade -> list -> uninstall of
// one release, asserting each result. Run by tools/dist-test from a fresh `npm install
// @helm-sdk/actions`; DIST_* variables name the runtime it must be, the release, chart and cluster.
import assert from 'node:assert/strict';
import { Configuration, install, list, ReleaseNotFoundError, status, uninstall, upgrade } from '@helm-sdk/actions';

const { DIST_RUNTIME, DIST_VERSION, DIST_RELEASE: releaseName, DIST_CHART: chart, DIST_KUBECONFIG: kubeconfig } = process.env;
assert.equal(typeof globalThis.Bun, 'undefined', 'this script must run on Node, not Bun');
assert.equal(DIST_RUNTIME, 'node');
assert.equal(process.version, DIST_VERSION, `expected Node ${DIST_VERSION}, running ${process.version}`);

const started = performance.now();
const cfg = new Configuration({ kubeconfig, namespace: 'default' });
try {
  const installed = await install(cfg, { releaseName, chart, values: { message: 'one' } });
  assert.equal(installed.status, 'deployed');
  assert.equal(installed.revision, 1);

  const current = await status(cfg, { releaseName });
  assert.equal(current.status, 'deployed');
  assert.equal(current.revision, 1);
  assert.ok(
    current.resources.some((r) => r.kind === 'ConfigMap' && r.name === releaseName),
    'status lists the ConfigMap',
  );

  const upgraded = await upgrade(cfg, { releaseName, chart, values: { message: 'two' } });
  assert.equal(upgraded.status, 'deployed');
  assert.equal(upgraded.revision, 2);

  const listed = (await list(cfg, {})).find((r) => r.name === releaseName);
  assert.equal(listed?.revision, 2, 'list shows revision 2');
  assert.equal(listed?.status, 'deployed');

  await uninstall(cfg, { releaseName });
  await assert.rejects(status(cfg, { releaseName }), (e) => ReleaseNotFoundError.isInstance(e));
  assert.equal(
    (await list(cfg, {})).find((r) => r.name === releaseName),
    undefined,
    'gone from list',
  );
} finally {
  await cfg.close();
}
console.log(`DIST-RESULT ${JSON.stringify({ runtime: `node ${process.version} (esm)`, ms: Math.round(performance.now() - started) })}`);
