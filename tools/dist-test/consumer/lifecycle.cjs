// A user's CommonJS script (Node 20): the same lifecycle as lifecycle.mjs through require(), which
// loads the packages' CommonJS builds (dist/index.cjs).
const assert = require('node:assert/strict');
const { Configuration, install, list, ReleaseNotFoundError, status, uninstall, upgrade } = require('@helm-sdk/actions');

const { DIST_RUNTIME, DIST_VERSION, DIST_RELEASE: releaseName, DIST_CHART: chart, DIST_KUBECONFIG: kubeconfig } = process.env;

async function main() {
  assert.equal(typeof globalThis.Bun, 'undefined', 'this script must run on Node, not Bun');
  assert.equal(DIST_RUNTIME, 'node');
  assert.equal(process.version, DIST_VERSION, `expected Node ${DIST_VERSION}, running ${process.version}`);
  assert.match(require.resolve('@helm-sdk/actions'), /index\.cjs$/, 'require() loads the CommonJS build');

  const started = performance.now();
  const cfg = new Configuration({ kubeconfig, namespace: 'default' });
  try {
    const installed = await install(cfg, { releaseName, chart, values: { message: 'one' } });
    assert.equal(installed.status, 'deployed');
    assert.equal(installed.revision, 1);

    const current = await status(cfg, { releaseName });
    assert.equal(current.status, 'deployed');
    assert.equal(current.revision, 1);

    const upgraded = await upgrade(cfg, { releaseName, chart, values: { message: 'two' } });
    assert.equal(upgraded.status, 'deployed');
    assert.equal(upgraded.revision, 2);

    const listed = (await list(cfg, {})).find((r) => r.name === releaseName);
    assert.equal(listed && listed.revision, 2, 'list shows revision 2');

    await uninstall(cfg, { releaseName });
    await assert.rejects(status(cfg, { releaseName }), (e) => ReleaseNotFoundError.isInstance(e));
    assert.equal((await list(cfg, {})).find((r) => r.name === releaseName), undefined, 'gone from list');
  } finally {
    await cfg.close();
  }
  console.log(`DIST-RESULT ${JSON.stringify({ runtime: `node ${process.version} (cjs)`, ms: Math.round(performance.now() - started) })}`);
}

main().catch((error) => {
  console.error(error);
  process.exitCode = 1;
});
