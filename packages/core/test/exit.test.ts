/**
 * A script that forgets `close()` must still exit by itself, and its engine with it (the child
 * is unref'd while idle; the engine exits on stdin EOF).
 */

import { fileURLToPath } from 'node:url';
import { execa } from 'execa';
import { describe, expect, it } from 'vitest';
import { isAlive, waitFor } from './helpers.js';

const script = fileURLToPath(new URL('./fixtures/forgets-close.ts', import.meta.url));

describe('process exit', () => {
  it('exits without close() and leaves no engine behind', async () => {
    const started = Date.now();
    const result = await execa('node', ['--conditions=@helm-sdk/source', '--import', 'tsx', script], {
      reject: false,
      timeout: 30_000,
      cwd: fileURLToPath(new URL('..', import.meta.url)),
    });
    expect(result.timedOut).toBe(false);
    expect(result.exitCode).toBe(0);
    const pid = Number(/engine-pid=(\d+)/.exec(result.stdout)?.[1]);
    expect(pid).toBeGreaterThan(0);
    expect(result.stdout).toContain('pong=hello');
    // The engine sees stdin EOF and exits within a second.
    expect(await waitFor(() => !isAlive(pid), 2_000)).toBe(true);
    expect(Date.now() - started).toBeLessThan(30_000);
  });
});
