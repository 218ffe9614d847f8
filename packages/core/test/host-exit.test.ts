/**
 * The host process goes away without `close()` (process.exit, an uncaught exception, process.exit
 * with a call in flight, SIGKILL): the engine sees stdin EOF and must stop by itself, promptly.
 * Measured from the moment the host is gone (its exit event, or our SIGKILL) to the moment the
 * engine pid is gone (or a zombie waiting to be reaped), polled every 2 ms; each case prints a
 * `HOST_EXIT {...}` line with the figure. exit.test.ts covers the idle script that simply ends.
 */

import { fileURLToPath } from 'node:url';
import { execa } from 'execa';
import { describe, expect, it } from 'vitest';
import { isAlive } from './helpers.js';

const script = fileURLToPath(new URL('./fixtures/host-exits.ts', import.meta.url));
const cwd = fileURLToPath(new URL('..', import.meta.url));

/** Gone, or a zombie: it has exited, only its parent (init, after the host died) has not reaped it yet. */
const engineGone = (pid: number): boolean => !isAlive(pid);

/**
 * The engine must stop by itself once its host is gone: nobody is left to send it SIGTERM. The
 * bound is relative to close()'s grace period (EngineProcess.close(): 3 s of waiting for an
 * EOF exit before SIGTERM): an orphaned engine is gone before a host calling close() would have
 * given up on it. PROTOCOL.md promises a second, and by construction the engine's EOF path waits
 * at most 0.3 s for handlers and 0.5 s for queued frames; these cases hit neither wait (test.sleep
 * honours cancel, a dead host's pipe fails writes at once), so what is measured is scheduling:
 * 0.2-415 ms over 24 runs on a 2-core machine at load average 13-24 with `yes` keeping a core busy
 * (SIGKILL of the host the slowest, as the kernel tears it down first). The figures are printed;
 * a hang, or an engine that waits for its 60 s call, fails.
 */
const ENGINE_GONE_LIMIT_MS = 3_000;

async function msUntilGone(pid: number, since: number, limitMs: number): Promise<number> {
  while (!engineGone(pid)) {
    if (performance.now() - since > limitMs) return Number.POSITIVE_INFINITY;
    await new Promise((r) => setTimeout(r, 2));
  }
  return performance.now() - since;
}

interface Outcome {
  readonly enginePid: number;
  readonly hostExitCode: number | undefined;
  readonly hostSignal: string | undefined;
  readonly engineGoneMs: number;
}

async function runHost(mode: 'exit' | 'throw' | 'inflight' | 'wait'): Promise<Outcome> {
  const host = execa('node', ['--conditions=@helm-sdk/source', '--import', 'tsx', script, mode], {
    reject: false,
    timeout: 30_000,
    cwd,
  });
  const enginePid = await new Promise<number>((resolve, reject) => {
    let out = '';
    host.stdout?.on('data', (d: Buffer) => {
      out += d.toString();
      const m = /engine-pid=(\d+)/.exec(out);
      if (m) resolve(Number(m[1]));
    });
    void host.then((r) => reject(new Error(`host ended before printing the engine pid: ${r.stderr}`)));
  });
  expect(enginePid).toBeGreaterThan(0);
  let goneSince: number;
  if (mode === 'wait') {
    expect(engineGone(enginePid)).toBe(false);
    goneSince = performance.now();
    host.kill('SIGKILL');
  } else {
    // the 'exit' event fires as soon as the host's process is gone
    goneSince = await new Promise<number>((resolve) => host.once('exit', () => resolve(performance.now())));
  }
  const engineGoneMs = await msUntilGone(enginePid, goneSince, 5_000);
  const r = await host;
  const outcome = { enginePid, hostExitCode: r.exitCode, hostSignal: r.signal, engineGoneMs };
  console.log(`HOST_EXIT ${JSON.stringify({ mode, ...outcome, engineGoneMs: Math.round(engineGoneMs * 10) / 10 })}`);
  return outcome;
}

describe('host exits without close()', () => {
  it('process.exit(0): the engine exits by itself, before close() would send SIGTERM', async () => {
    const o = await runHost('exit');
    expect(o.hostExitCode).toBe(0);
    expect(o.engineGoneMs).toBeLessThan(ENGINE_GONE_LIMIT_MS);
  });

  it('an uncaught exception: the engine exits by itself, before close() would send SIGTERM', async () => {
    const o = await runHost('throw');
    expect(o.hostExitCode).toBe(1);
    expect(o.engineGoneMs).toBeLessThan(ENGINE_GONE_LIMIT_MS);
  });

  it('process.exit with a 60 s call in flight: the engine cancels it and exits before close() would send SIGTERM', async () => {
    const o = await runHost('inflight');
    expect(o.hostExitCode).toBe(3);
    expect(o.engineGoneMs).toBeLessThan(ENGINE_GONE_LIMIT_MS);
  });

  it('SIGKILL of the host with a 60 s call in flight: the engine exits by itself, before close() would send SIGTERM', async () => {
    const o = await runHost('wait');
    expect(o.hostSignal).toBe('SIGKILL');
    expect(o.engineGoneMs).toBeLessThan(ENGINE_GONE_LIMIT_MS);
  });
});
