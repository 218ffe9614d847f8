// The documented failure when no engine binary can be used: the first call rejects with
// EngineNotFoundError (code ENGINE_NOT_FOUND) whose message lists what was tried and how to fix it.
// Prints the message for tools/dist-test to check against the case it set up.
import assert from 'node:assert/strict';
import { Configuration, EngineNotFoundError, list } from '@helm-sdk/actions';

const cfg = new Configuration({ kubeconfig: process.env.DIST_KUBECONFIG, namespace: 'default' });
try {
  await assert.rejects(list(cfg, {}), (error) => {
    assert.ok(EngineNotFoundError.isInstance(error), `expected EngineNotFoundError, got ${error}`);
    assert.equal(error.code, 'ENGINE_NOT_FOUND');
    console.log(`DIST-RESULT ${JSON.stringify({ name: error.name, code: error.code, message: error.message })}`);
    return true;
  });
} finally {
  await cfg.close();
}
