/**
 * Core refuses an engine whose hello names another version than the installed
 * @helm-sdk/engine-go, and accepts an unstamped development build with a warning.
 *
 * The engines are real: this host's target built by engine-go's scripts/cached-build.sh with
 * another version stamped (HELM_SDK_ENGINE_VERSION), cached in ~/.cache/helm-sdk/engines, so
 * only the first run on a machine pays for the links.
 */
import { execFileSync } from 'node:child_process';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { DEV_ENGINE_VERSION, ENGINE_VERSION } from '@helm-sdk/engine-go';
import { afterEach, beforeAll, describe, expect, it } from 'vitest';
import { EngineUnavailableError, EngineVersionMismatchError, engineInfo, HelmSdkError, type LogEntry, ping } from '../src/index.js';
import { closeAll, testConfig } from './helpers.js';

const OTHER_VERSION = '0.0.1-other';
const engineGoDir = dirname(createRequire(import.meta.url).resolve('@helm-sdk/engine-go/package.json'));

function stampedEngine(version: string): string {
  const started = performance.now();
  const path = execFileSync('bash', [join(engineGoDir, 'scripts', 'cached-build.sh'), `${process.platform}-${process.arch}`, version], {
    encoding: 'utf8',
    stdio: ['ignore', 'pipe', 'inherit'],
  }).trim();
  console.log(`engine ${version}: ${path} (${Math.round(performance.now() - started)} ms)`);
  return path;
}

let otherEngine = '';
let devEngine = '';
beforeAll(() => {
  otherEngine = stampedEngine(OTHER_VERSION);
  devEngine = stampedEngine(DEV_ENGINE_VERSION);
}, 600_000);
afterEach(closeAll);

describe('engine version check', () => {
  it('refuses an engine of another version, naming both versions, the path and the fix', async () => {
    const cfg = testConfig({ enginePath: otherEngine });
    const error = await ping(cfg).then(
      () => undefined,
      (e: unknown) => e,
    );
    expect(EngineVersionMismatchError.isInstance(error)).toBe(true);
    expect(HelmSdkError.isInstance(error)).toBe(true);
    const mismatch = error as EngineVersionMismatchError;
    expect(mismatch).toMatchObject({
      code: 'ENGINE_VERSION_MISMATCH',
      engineVersion: OTHER_VERSION,
      expectedVersion: ENGINE_VERSION,
      enginePath: otherEngine,
    });
    expect(mismatch.message).toContain(`helm-sdk engine at ${otherEngine} is version ${OTHER_VERSION}`);
    expect(mismatch.message).toContain(`the installed @helm-sdk/engine-go is ${ENGINE_VERSION}`);
    expect(mismatch.message).toContain(`@helm-sdk/engine-${process.platform}-${process.arch}@${ENGINE_VERSION}`);
    expect(mismatch.message).toContain('HELM_SDK_ENGINE_PATH');
    // The refused engine was stopped, not kept.
    expect(cfg.enginePid).toBeUndefined();
  });

  it('says so on every call instead of spending the restart budget', async () => {
    const cfg = testConfig({ enginePath: otherEngine, restartBudget: { maxRestarts: 2, windowMs: 60_000 } });
    for (let i = 0; i < 4; i++) {
      const error = await ping(cfg).catch((e: unknown) => e);
      expect(EngineUnavailableError.isInstance(error)).toBe(false);
      expect(EngineVersionMismatchError.isInstance(error)).toBe(true);
    }
    expect(cfg.engineStarts).toBe(4);
  });

  it(`accepts an unstamped development build (${DEV_ENGINE_VERSION}) with a warning`, async () => {
    const logs: LogEntry[] = [];
    const cfg = testConfig({ enginePath: devEngine, logger: (entry) => logs.push(entry) });
    expect(await ping(cfg, { payload: 'dev' })).toBe('dev');
    expect((await engineInfo(cfg)).engine).toBe(DEV_ENGINE_VERSION);
    const warnings = logs.filter((l) => l.level === 'warn' && l.source === 'sdk');
    expect(warnings).toHaveLength(1);
    expect(warnings[0]?.message).toContain(`helm-sdk engine at ${devEngine} is an unversioned development build (${DEV_ENGINE_VERSION})`);
  });

  it('accepts the workspace engine, stamped with the package version, silently', async () => {
    const logs: LogEntry[] = [];
    const cfg = testConfig({ logger: (entry) => logs.push(entry) });
    expect((await engineInfo(cfg)).engine).toBe(ENGINE_VERSION);
    expect(logs.filter((l) => l.source === 'sdk')).toEqual([]);
  });
});
