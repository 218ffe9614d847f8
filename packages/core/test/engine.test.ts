/**
 * The engine lifecycle against the real engine binary (built by @helm-sdk/engine-go's build
 * target), with its test-only fault methods switched on through HELM_SDK_ENGINE_TEST.
 */
import { afterAll, afterEach, describe, expect, it } from 'vitest';
import {
  AbortError,
  ConfigurationClosedError,
  EngineCrashedError,
  type EngineEvent,
  EngineNotFoundError,
  EngineUnavailableError,
  engineInfo,
  HelmError,
  InternalError,
  InvalidArgumentError,
  MethodNotFoundError,
  PROTOCOL_VERSION,
  ProtocolError,
  ping,
  TimeoutError,
} from '../src/index.js';
import { closeAll, livingEngines, rawCall, testConfig, trackPid, waitFor } from './helpers.js';

afterEach(closeAll);
afterAll(async () => {
  await closeAll();
  // No engine process outlives the suite.
  expect(await waitFor(() => livingEngines().length === 0, 5_000)).toBe(true);
});

describe('engine lifecycle', () => {
  it('starts lazily and reports its versions', async () => {
    const cfg = testConfig();
    expect(cfg.enginePid).toBeUndefined();
    const info = await engineInfo(cfg);
    expect(info.protocol).toBe(PROTOCOL_VERSION);
    expect(info.helm).toMatch(/^v4\.\d+\.\d+/);
    expect(info.go).toMatch(/^go1\./);
    expect(info.pid).toBe(cfg.enginePid);
  });

  it('matches 1,000 concurrent pings with distinct payloads', async () => {
    const cfg = testConfig();
    const payloads = Array.from({ length: 1000 }, (_, i) => ({ i, text: `ping-${i}`, bytes: new Uint8Array([i % 256, 1, 2]) }));
    const results = await Promise.all(payloads.map((payload) => ping(cfg, { payload })));
    results.forEach((result, i) => {
      const { bytes, ...rest } = result as { bytes: Uint8Array };
      const { bytes: sent, ...expected } = payloads[i] as { bytes: Uint8Array };
      expect(rest).toEqual(expected);
      // bin comes back as bin (msgpackr gives a Buffer, which is a Uint8Array).
      expect(bytes).toBeInstanceOf(Uint8Array);
      expect([...bytes]).toEqual([...sent]);
    });
    expect(cfg.engineStarts).toBe(1);
  });

  it('delivers events to the call that asked for them', async () => {
    const cfg = testConfig();
    const seen: EngineEvent[] = [];
    const other: EngineEvent[] = [];
    await Promise.all([
      rawCall(cfg, 'test.events', { count: 5 }, { onEvent: (e) => seen.push(e) }),
      rawCall(cfg, 'test.events', { count: 2 }, { onEvent: (e) => other.push(e) }),
    ]);
    expect(seen).toHaveLength(5);
    expect(other).toHaveLength(2);
    expect(seen.every((e) => typeof e.type === 'string')).toBe(true);
  });

  it('aborts a call mid-flight and the engine cancels it', async () => {
    const cfg = testConfig();
    await ping(cfg);
    const controller = new AbortController();
    const started = Date.now();
    const call = rawCall(cfg, 'test.sleep', { ms: 30_000 }, { signal: controller.signal });
    setTimeout(() => controller.abort(), 50);
    const error = await call.catch((e: unknown) => e);
    expect(AbortError.isInstance(error)).toBe(true);
    expect((error as Error).name).toBe('AbortError');
    expect(Date.now() - started).toBeLessThan(2_000);
    // The engine is still serving, on the same process.
    const pid = cfg.enginePid;
    await expect(ping(cfg, { payload: 'after' })).resolves.toBe('after');
    expect(cfg.enginePid).toBe(pid);
  });

  it('rejects at once when the signal is already aborted', async () => {
    const cfg = testConfig();
    const error = await ping(cfg, { signal: AbortSignal.abort() }).catch((e: unknown) => e);
    expect(AbortError.isInstance(error)).toBe(true);
  });

  it('times out a call with TimeoutError naming the action', async () => {
    const cfg = testConfig();
    const error = await rawCall(cfg, 'test.sleep', { ms: 30_000 }, { timeout: 100, action: 'slowThing' }).catch((e: unknown) => e);
    expect(TimeoutError.isInstance(error)).toBe(true);
    expect((error as TimeoutError).message).toContain('slowThing timed out after 100 ms');
    await expect(ping(cfg, { payload: 1 })).resolves.toBe(1);
  });

  it('turns a panic in a handler into InternalError and keeps serving', async () => {
    const cfg = testConfig();
    await ping(cfg);
    const pid = cfg.enginePid;
    const error = await rawCall(cfg, 'test.panic', {}).catch((e: unknown) => e);
    expect(InternalError.isInstance(error)).toBe(true);
    await expect(ping(cfg, { payload: 'alive' })).resolves.toBe('alive');
    expect(cfg.enginePid).toBe(pid);
  });

  it('reports an unknown method with a typed error', async () => {
    const cfg = testConfig();
    const error = await rawCall(cfg, 'no.such.method', {}).catch((e: unknown) => e);
    expect(MethodNotFoundError.isInstance(error)).toBe(true);
    expect(HelmError.isInstance(error)).toBe(true);
  });

  it('keeps the stream intact when Helm code writes to stdout', async () => {
    const cfg = testConfig();
    await rawCall(cfg, 'test.stdout', { text: 'wrote /tmp/x\n\u0000\u0000\u0000\u0010garbage' });
    await expect(ping(cfg, { payload: 'still framed' })).resolves.toBe('still framed');
  });

  it('rejects every in-flight call with EngineCrashedError on SIGKILL, then restarts', async () => {
    const cfg = testConfig();
    await ping(cfg);
    const firstPid = cfg.enginePid;
    const calls = Array.from({ length: 100 }, () => rawCall(cfg, 'test.sleep', { ms: 60_000 }).catch((e: unknown) => e));
    await new Promise((r) => setTimeout(r, 100));
    const killedAt = Date.now();
    expect(cfg.killEngine('SIGKILL')).toBe(true);
    const errors = await Promise.all(calls);
    expect(Date.now() - killedAt).toBeLessThan(1_000);
    for (const error of errors) {
      expect(EngineCrashedError.isInstance(error)).toBe(true);
      expect((error as EngineCrashedError).signal).toBe('SIGKILL');
    }
    trackPid(firstPid);
    await expect(ping(cfg, { payload: 'again' })).resolves.toBe('again');
    expect(cfg.enginePid).not.toBe(firstPid);
    expect(cfg.engineStarts).toBe(2);
  });

  it('stops restarting a crash-looping engine with EngineUnavailableError', async () => {
    const cfg = testConfig({ restartBudget: { maxRestarts: 3, windowMs: 60_000 } });
    for (let i = 0; i < 3; i++) {
      const error = await rawCall(cfg, 'test.crash', { code: 7 }).catch((e: unknown) => e);
      expect(EngineCrashedError.isInstance(error)).toBe(true);
      expect((error as EngineCrashedError).exitCode).toBe(7);
    }
    const error = await ping(cfg).catch((e: unknown) => e);
    expect(EngineUnavailableError.isInstance(error)).toBe(true);
    expect((error as Error).message).toContain('crashed 3 times');
    await ping(cfg).catch(() => {});
    expect(cfg.engineStarts).toBe(3);
  });

  it('refuses an engine that speaks another protocol major, naming both versions', async () => {
    const cfg = testConfig({ env: { HELM_SDK_ENGINE_TEST_PROTOCOL: '9.0' } });
    const error = await ping(cfg).catch((e: unknown) => e);
    expect(ProtocolError.isInstance(error)).toBe(true);
    expect((error as Error).message).toContain('protocol 9.0');
    expect((error as Error).message).toContain(`protocol ${PROTOCOL_VERSION}`);
  });

  it('names every place it looked when the binary is missing', async () => {
    const cfg = testConfig({ enginePath: '/nonexistent/helm-sdk-engine' });
    const error = await ping(cfg).catch((e: unknown) => e);
    expect(EngineNotFoundError.isInstance(error)).toBe(true);
    expect((error as EngineNotFoundError).tried[0]).toMatchObject({ source: 'option', problem: 'does not exist' });
    expect((error as Error).message).toContain('/nonexistent/helm-sdk-engine');
    expect((error as Error).message).toContain('HELM_SDK_ENGINE_PATH');
  });

  it('close() rejects pending calls, stops the engine and refuses new calls', async () => {
    const cfg = testConfig();
    await ping(cfg);
    const pid = cfg.enginePid as number;
    const pending = rawCall(cfg, 'test.sleep', { ms: 60_000 }).catch((e: unknown) => e);
    await cfg.close();
    expect(ConfigurationClosedError.isInstance(await pending)).toBe(true);
    expect(await waitFor(() => livingEngines().length === 0 || !isPidAlive(pid))).toBe(true);
    expect(ConfigurationClosedError.isInstance(await ping(cfg).catch((e: unknown) => e))).toBe(true);
  });

  it('close() stops an engine that ignores cancellation (SIGTERM/SIGKILL escalation)', async () => {
    const cfg = testConfig();
    await ping(cfg);
    const pid = cfg.enginePid as number;
    void rawCall(cfg, 'test.hang', {}).catch(() => {});
    await cfg.close();
    expect(isPidAlive(pid)).toBe(false);
  });

  it('supports `await using`', async () => {
    let pid: number | undefined;
    {
      await using cfg = testConfig();
      await ping(cfg);
      pid = cfg.enginePid;
    }
    expect(pid).toBeDefined();
    expect(isPidAlive(pid as number)).toBe(false);
  });

  it('validates Configuration options, naming the bad one, before any engine starts', () => {
    expect(() => testConfig({ driver: 'etcd' as 'secret' })).toThrow(InvalidArgumentError);
    expect(() => testConfig({ driver: 'etcd' as 'secret' })).toThrow(/option 'driver' must be one of 'secret'/);
    expect(() => testConfig({ kubeconfg: 'x' } as never)).toThrow(/unknown option 'kubeconfg'/);
    expect(() => testConfig({ qps: 'fast' } as never)).toThrow(/option 'qps' must be a non-negative finite number/);
  });
});

function isPidAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}

describe('engine.configure', () => {
  it('rejects bad settings with a typed error naming the option, once, without a spawn per call', async () => {
    const cfg = testConfig({ kubeconfigData: 'this: is: not: a kubeconfig' });
    const first = await ping(cfg).catch((e: unknown) => e);
    expect(InvalidArgumentError.isInstance(first)).toBe(true);
    expect((first as InvalidArgumentError).input).toBe('kubeconfigData');
    const second = await ping(cfg).catch((e: unknown) => e);
    expect(second).toBe(first);
    expect(cfg.engineStarts).toBe(1);
  });
});
