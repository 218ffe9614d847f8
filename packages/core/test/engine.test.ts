/**
 * The engine lifecycle against the real engine binary (built by @helm-sdk/engine-go's build
 * target), with its test-only fault methods switched on through HELM_SDK_ENGINE_TEST.
 */
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { resolveEngine } from '@helm-sdk/engine-go';
import { afterAll, afterEach, describe, expect, it } from 'vitest';
import { EngineProcess } from '../src/engine/process.js';
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
import { closeAll, isAlive, livingEngines, procState, rawCall, testConfig, testEnv, trackPid, waitFor } from './helpers.js';

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
    const sleepMs = 30_000;
    const call = rawCall(cfg, 'test.sleep', { ms: sleepMs }, { signal: controller.signal });
    setTimeout(() => controller.abort(), 50);
    const error = await call.catch((e: unknown) => e);
    expect(AbortError.isInstance(error)).toBe(true);
    expect((error as Error).name).toBe('AbortError');
    // Settled by the abort, well before the sleep could have ended.
    expect(Date.now() - started).toBeLessThan(sleepMs / 2);
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
    const sleepMs = 60_000;
    const calls = Array.from({ length: 100 }, () => rawCall(cfg, 'test.sleep', { ms: sleepMs }).catch((e: unknown) => e));
    await new Promise((r) => setTimeout(r, 100));
    const killedAt = Date.now();
    expect(cfg.killEngine('SIGKILL')).toBe(true);
    const errors = await Promise.all(calls);
    // Settled by the engine's exit, not by the sleeps ending: well before they could have.
    expect(Date.now() - killedAt).toBeLessThan(sleepMs / 2);
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
    const started = performance.now();
    await cfg.close();
    const closeMs = performance.now() - started;
    expect(ConfigurationClosedError.isInstance(await pending)).toBe(true);
    // close() resolves once the engine has exited and been reaped: no polling needed.
    expect(isAlive(pid)).toBe(false);
    // It went on stdin EOF, cancelling the sleep, before close() had to escalate to SIGTERM.
    expect(closeMs).toBeLessThan(CLOSE_GRACE_MS);
    expect(cfg.enginePid).toBeUndefined();
    expect(ConfigurationClosedError.isInstance(await ping(cfg).catch((e: unknown) => e))).toBe(true);
    // Refused without starting another engine.
    expect(cfg.engineStarts).toBe(1);
  });

  it('close() escalates to SIGTERM after the grace period, then SIGKILL, for an engine that cannot see EOF', async () => {
    const cfg = testConfig();
    await ping(cfg);
    const pid = cfg.enginePid as number;
    // A stopped engine cannot read stdin EOF, and a SIGTERM stays pending until it is continued:
    // only SIGKILL ends it.
    expect(cfg.killEngine('SIGSTOP')).toBe(true);
    expect(await waitFor(() => procState(pid) === 'T', 10_000)).toBe(true);
    const started = performance.now();
    const closed = cfg.close();
    const termAt = await pendingSignalAt(pid, SIGTERM, started);
    await closed;
    const closeMs = performance.now() - started;
    console.log(
      `CLOSE_ESCALATION ${JSON.stringify({ graceMs: CLOSE_GRACE_MS, termAtMs: Math.round(termAt), closeMs: Math.round(closeMs) })}`,
    );
    // SIGTERM only once the grace period is over, SIGKILL only after SIGTERM's own wait. The poll
    // can only see the SIGTERM late, so the SIGKILL step is checked on the total.
    expect(termAt).toBeGreaterThanOrEqual(CLOSE_GRACE_MS - TIMER_SLACK_MS);
    expect(closeMs).toBeGreaterThanOrEqual(CLOSE_GRACE_MS + SIGKILL_AFTER_MS - TIMER_SLACK_MS);
    expect(isAlive(pid)).toBe(false);
  });

  it('supports `await using`', async () => {
    let pid: number | undefined;
    {
      await using cfg = testConfig();
      await ping(cfg);
      pid = cfg.enginePid;
    }
    expect(pid).toBeDefined();
    expect(isAlive(pid as number)).toBe(false);
  });

  it('validates Configuration options, naming the bad one, before any engine starts', () => {
    expect(() => testConfig({ driver: 'etcd' as 'secret' })).toThrow(InvalidArgumentError);
    expect(() => testConfig({ driver: 'etcd' as 'secret' })).toThrow(/option 'driver' must be one of 'secret'/);
    expect(() => testConfig({ kubeconfg: 'x' } as never)).toThrow(/unknown option 'kubeconfg'/);
    expect(() => testConfig({ qps: 'fast' } as never)).toThrow(/option 'qps' must be a non-negative finite number/);
  });
});

/** EngineProcess.close()'s default grace before SIGTERM, and its wait after SIGTERM before SIGKILL. */
const CLOSE_GRACE_MS = 3_000;
const SIGKILL_AFTER_MS = 1_000;
const SIGTERM = 15;
/**
 * Node's timers count from the event loop's clock as cached when the current tick began, so a
 * timer may fire that many milliseconds before performance.now() says its delay is over: a few
 * ms at most, the time this test's synchronous code runs before close() arms its timer.
 */
const TIMER_SLACK_MS = 20;

/**
 * Polls /proc/<pid>/status until `signal` is pending for the whole process (ShdPnd, a hex mask:
 * bit signal-1) and returns the milliseconds since `since`. A stopped process keeps a SIGTERM
 * pending, which makes the moment it was sent observable. Fails if the process is gone first.
 */
async function pendingSignalAt(pid: number, signal: number, since: number): Promise<number> {
  const bit = 1n << BigInt(signal - 1);
  for (;;) {
    let status: string;
    try {
      status = readFileSync(`/proc/${pid}/status`, 'utf8');
    } catch {
      throw new Error(`engine ${pid} exited before signal ${signal} was seen pending`);
    }
    const mask = /^ShdPnd:\s*([0-9a-f]+)$/m.exec(status)?.[1];
    if (mask !== undefined && (BigInt(`0x${mask}`) & bit) !== 0n) return performance.now() - since;
    if (procState(pid) === 'Z') throw new Error(`engine ${pid} exited before signal ${signal} was seen pending`);
    await new Promise((r) => setTimeout(r, 5));
  }
}

/** Lines of a test.sleep mark file: the pid of the engine of each attempt. */
function attempts(mark: string): number[] {
  try {
    return readFileSync(mark, 'utf8')
      .split('\n')
      .filter((l) => l !== '')
      .map(Number);
  } catch {
    return [];
  }
}

describe('EngineProcess.close()', () => {
  it('sends SIGTERM after the grace period it was given, then SIGKILL, and reports the exit as expected', async () => {
    const engine = await EngineProcess.start({ path: resolveEngine().path, env: testEnv });
    const pid = engine.pid as number;
    trackPid(pid);
    expect(engine.kill('SIGSTOP')).toBe(true);
    expect(await waitFor(() => procState(pid) === 'T', 10_000)).toBe(true);
    const graceMs = 200;
    const started = performance.now();
    const closed = engine.close(new ConfigurationClosedError(), graceMs);
    const termAt = await pendingSignalAt(pid, SIGTERM, started);
    const exit = await closed;
    const closeMs = performance.now() - started;
    expect(termAt).toBeGreaterThanOrEqual(graceMs - TIMER_SLACK_MS);
    expect(closeMs).toBeGreaterThanOrEqual(graceMs + SIGKILL_AFTER_MS - TIMER_SLACK_MS);
    // SIGTERM stayed pending in the stopped process; SIGKILL is what ended it.
    expect(exit.signal).toBe('SIGKILL');
    expect(exit.expected).toBe(true);
    expect(isAlive(pid)).toBe(false);
  });
});

describe('crash retry', () => {
  const dir = mkdtempSync(join(tmpdir(), 'helm-sdk-retry-'));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('a read-only call in flight at SIGKILL resolves on the restarted engine', async () => {
    const cfg = testConfig();
    await ping(cfg);
    const firstPid = cfg.enginePid as number;
    trackPid(firstPid);
    // Stopped, the engine cannot answer: the call is certainly in flight when SIGKILL comes.
    expect(cfg.killEngine('SIGSTOP')).toBe(true);
    const info = engineInfo(cfg);
    await new Promise((r) => setImmediate(r));
    expect(cfg.killEngine('SIGKILL')).toBe(true);
    const answered = await info;
    expect(answered.pid).not.toBe(firstPid);
    expect(answered.pid).toBe(cfg.enginePid);
    expect(cfg.engineStarts).toBe(2);
  });

  it('a call that opted into the retry is attempted once more, on the new engine, after dying mid-run', async () => {
    const cfg = testConfig();
    await ping(cfg);
    const firstPid = cfg.enginePid as number;
    trackPid(firstPid);
    const mark = join(dir, 'read');
    // Long enough that the first attempt is still sleeping when the poll below sees its mark and
    // kills the engine, however busy the machine: the test process would have to be starved of
    // the CPU for 3 s. The retry sleeps as long.
    const call = rawCall(cfg, 'test.sleep', { ms: 3_000, mark }, { retryOnCrash: true });
    expect(await waitFor(() => attempts(mark).length === 1, 30_000)).toBe(true);
    expect(cfg.killEngine('SIGKILL')).toBe(true);
    const result = (await call) as { pid: number };
    expect(result.pid).not.toBe(firstPid);
    expect(result.pid).toBe(cfg.enginePid);
    expect(attempts(mark)).toEqual([firstPid, result.pid]);
  });

  it('a mutating call in flight at SIGKILL rejects with EngineCrashedError and is not attempted again', async () => {
    const cfg = testConfig();
    await ping(cfg);
    const firstPid = cfg.enginePid as number;
    trackPid(firstPid);
    const mark = join(dir, 'mutation');
    // No retryOnCrash: how every mutating call (install, upgrade, ...) reaches the engine.
    const call = rawCall(cfg, 'test.sleep', { ms: 60_000, mark }).catch((e: unknown) => e);
    expect(await waitFor(() => attempts(mark).length === 1, 30_000)).toBe(true);
    expect(cfg.killEngine('SIGKILL')).toBe(true);
    const error = await call;
    expect(EngineCrashedError.isInstance(error)).toBe(true);
    expect((error as EngineCrashedError).signal).toBe('SIGKILL');
    // call() settling at all proves the host did not retry (a retry would still be sleeping); the
    // mark shows the engines' side: one attempt, on the first engine, after the next call has run
    // on a new one.
    await expect(ping(cfg, { payload: 'next' })).resolves.toBe('next');
    expect(cfg.enginePid).not.toBe(firstPid);
    expect(attempts(mark)).toEqual([firstPid]);
  });
});

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
