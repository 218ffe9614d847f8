/**
 * A script's process ends as soon as the script is done (issue 11, section 0), whether it ends
 * with `await cfg.close()` or forgets it (the child is unref'd while idle; the engine exits on
 * stdin EOF), and leaves no engine behind. Each case prints an `EXIT {...}` line with its figures.
 */

import { fileURLToPath } from 'node:url';
import { execa } from 'execa';
import { describe, expect, it } from 'vitest';
import { isAlive, waitFor } from './helpers.js';

const script = fileURLToPath(new URL('./fixtures/one-call.ts', import.meta.url));
const cwd = fileURLToPath(new URL('..', import.meta.url));

/** EngineProcess.close()'s default grace before SIGTERM (packages/core/src/engine/process.ts). */
const CLOSE_GRACE_MS = 3_000;

/**
 * How long the process may outlive the script's last statement. Before the fix, close()'s
 * uncleared SIGTERM timer held the event loop for the whole grace period: the process lingered
 * for CLOSE_GRACE_MS minus the ~5 ms the engine took to exit, i.e. at least ~2,990 ms. With
 * nothing holding the loop, what is left is Node's own teardown and the parent noticing the exit,
 * tens of milliseconds even with both cores of a 2-core machine busy. Half the grace leaves a
 * wide margin on both sides: a busy machine cannot push a fixed run past it, and the bug cannot
 * come in under it.
 */
const LINGER_LIMIT_MS = CLOSE_GRACE_MS / 2;

interface Run {
  readonly enginePid: number;
  readonly closeMs: number;
  readonly lingerMs: number;
}

async function runScript(mode: 'close' | 'forget'): Promise<Run> {
  const child = execa('node', ['--conditions=@helm-sdk/source', '--import', 'tsx', script, mode], {
    reject: false,
    timeout: 30_000,
    cwd,
  });
  // The 'exit' event fires as soon as the process is gone, before its pipes finish closing.
  const exitedAt = new Promise<number>((resolve) => child.once('exit', () => resolve(Date.now())));
  const result = await child;
  expect(result.timedOut).toBe(false);
  expect(result.exitCode).toBe(0);
  expect(result.stdout).toContain('pong=hello');
  const field = (name: string): number => Number(new RegExp(`${name}=(\\d+)`).exec(result.stdout)?.[1]);
  const run = { enginePid: field('engine-pid'), closeMs: field('close-ms'), lingerMs: (await exitedAt) - field('done-at') };
  console.log(`EXIT ${JSON.stringify({ mode, ...run })}`);
  expect(run.enginePid).toBeGreaterThan(0);
  return run;
}

describe('process exit', () => {
  it('exits as soon as a script ending with await cfg.close() is done', async () => {
    const run = await runScript('close');
    expect(run.lingerMs).toBeGreaterThanOrEqual(0);
    expect(run.lingerMs).toBeLessThan(LINGER_LIMIT_MS);
    // The engine went on stdin EOF, before close() had to escalate to SIGTERM.
    expect(run.closeMs).toBeLessThan(CLOSE_GRACE_MS);
    // close() resolves once the engine has exited and the host has reaped it.
    expect(isAlive(run.enginePid)).toBe(false);
  });

  it('exits as soon as a script that forgets close() is done, and leaves no engine behind', async () => {
    const run = await runScript('forget');
    expect(run.lingerMs).toBeGreaterThanOrEqual(0);
    expect(run.lingerMs).toBeLessThan(LINGER_LIMIT_MS);
    // The engine sees stdin EOF when the host exits; PROTOCOL.md promises it is gone within a
    // second (host-exit.test.ts measures that). This only waits for it, with room for a busy machine.
    expect(await waitFor(() => !isAlive(run.enginePid), 10_000)).toBe(true);
  });
});
