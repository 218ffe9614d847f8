// A user's Bun script, in TypeScript as Bun runs it: the same lifecycle as lifecycle.mjs.
import assert from 'node:assert/strict';
import { Configuration, install, list, type Release, ReleaseNotFoundError, status, uninstall, upgrade } from '@helm-sdk/actions';

declare const Bun: { readonly version: string } | undefined;

const env = process.env;
const releaseName = env.DIST_RELEASE ?? '';
const chart = env.DIST_CHART ?? '';
assert.equal(env.DIST_RUNTIME, 'bun');
assert.notEqual(typeof Bun, 'undefined', 'this script must run on Bun');
assert.equal(Bun?.version, env.DIST_VERSION, `expected Bun ${env.DIST_VERSION}, running ${Bun?.version}`);

const started = performance.now();
const cfg = new Configuration({ kubeconfig: env.DIST_KUBECONFIG ?? '', namespace: 'default' });
try {
  const installed: Release = await install(cfg, { releaseName, chart, values: { message: 'one' } });
  assert.equal(installed.status, 'deployed');
  assert.equal(installed.revision, 1);

  const current = await status(cfg, { releaseName });
  assert.equal(current.status, 'deployed');
  assert.equal(current.revision, 1);

  const upgraded = await upgrade(cfg, { releaseName, chart, values: { message: 'two' } });
  assert.equal(upgraded.status, 'deployed');
  assert.equal(upgraded.revision, 2);

  const listed = (await list(cfg, {})).find((r) => r.name === releaseName);
  assert.equal(listed?.revision, 2, 'list shows revision 2');

  await uninstall(cfg, { releaseName });
  await assert.rejects(status(cfg, { releaseName }), (e: unknown) => ReleaseNotFoundError.isInstance(e));
  assert.equal(
    (await list(cfg, {})).find((r) => r.name === releaseName),
    undefined,
    'gone from list',
  );
} finally {
  await cfg.close();
}
console.log(`DIST-RESULT ${JSON.stringify({ runtime: `bun ${Bun?.version}`, ms: Math.round(performance.now() - started) })}`);
