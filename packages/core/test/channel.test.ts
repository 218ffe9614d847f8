/**
 * The transport-free channel: ids, routing, and that every pending call settles exactly once.
 */
import { describe, expect, it } from 'vitest';
import { Channel } from '../src/channel.js';
import { AbortError, ChartNotFoundError, EngineCrashedError, TimeoutError } from '../src/errors.js';
import type { CancelMessage, RequestMessage } from '../src/protocol/messages.js';

function channel() {
  const sent: (RequestMessage | CancelMessage)[] = [];
  const inFlight: number[] = [];
  const ch = new Channel(
    (m) => sent.push(m),
    (n) => inFlight.push(n),
  );
  return { ch, sent, inFlight };
}

describe('Channel', () => {
  it('gives each request a fresh id and routes responses by id', async () => {
    const { ch, sent } = channel();
    const a = ch.request('engine.ping', { payload: 'a' });
    const b = ch.request('engine.ping', { payload: 'b' });
    expect(sent.map((m) => (m as RequestMessage).id)).toEqual([1, 2]);
    ch.receive({ kind: 'result', id: 2, result: 'B' });
    ch.receive({ kind: 'result', id: 1, result: 'A' });
    await expect(a).resolves.toBe('A');
    await expect(b).resolves.toBe('B');
  });

  it('maps wire errors to typed errors carrying the action and details', async () => {
    const { ch } = channel();
    const call = ch.request('chart.show', {}, { action: 'showChart' });
    ch.receive({ kind: 'error', id: 1, error: { code: 'CHART_NOT_FOUND', message: 'no chart at ./x', details: { input: 'chart' } } });
    const error = await call.catch((e: unknown) => e);
    expect(ChartNotFoundError.isInstance(error)).toBe(true);
    expect(error).toMatchObject({ code: 'CHART_NOT_FOUND', action: 'showChart', input: 'chart' });
  });

  it('delivers events only to their call and survives a throwing callback', async () => {
    const { ch } = channel();
    const events: unknown[] = [];
    const call = ch.request(
      'x',
      {},
      {
        onEvent: (e) => {
          events.push(e);
          throw new Error('user bug');
        },
      },
    );
    expect(ch.receive({ kind: 'event', id: 1, event: { type: 'log', level: 'info', message: 'hi' } })).toBe(true);
    expect(ch.receive({ kind: 'event', id: 99, event: { type: 'log', level: 'info', message: 'nobody' } })).toBe(false);
    ch.receive({ kind: 'result', id: 1, result: null });
    await call;
    expect(events).toHaveLength(1);
  });

  it('sends a cancel frame on abort and ignores the late response', async () => {
    const { ch, sent } = channel();
    const controller = new AbortController();
    const call = ch.request('x', {}, { signal: controller.signal });
    controller.abort();
    expect(AbortError.isInstance(await call.catch((e: unknown) => e))).toBe(true);
    expect(sent[1]).toEqual({ cancel: 1 });
    expect(ch.receive({ kind: 'error', id: 1, error: { code: 'CANCELLED', message: 'cancelled' } })).toBe(false);
    expect(ch.inFlight).toBe(0);
  });

  it('times out with TimeoutError and a cancel frame', async () => {
    const { ch, sent } = channel();
    const error = await ch.request('x', {}, { timeout: 20, action: 'status' }).catch((e: unknown) => e);
    expect(TimeoutError.isInstance(error)).toBe(true);
    expect(sent[1]).toEqual({ cancel: 1 });
  });

  it('closeAll rejects every pending call and refuses new ones', async () => {
    const { ch, inFlight } = channel();
    const calls = [ch.request('a', {}), ch.request('b', {}), ch.request('c', {})].map((p) => p.catch((e: unknown) => e));
    const crash = new EngineCrashedError(null, 'SIGKILL', '');
    ch.closeAll(crash);
    for (const error of await Promise.all(calls)) expect(error).toBe(crash);
    await expect(ch.request('d', {})).rejects.toBe(crash);
    expect(inFlight.at(-1)).toBe(0);
    expect(Math.max(...inFlight)).toBe(3);
  });
});
