/**
 * Raw protocol abuse (issue 7, "Bad input"): a minimal client talks to the engine binary directly
 * (no Configuration, no Channel) and sends what a well-behaved host never would. Non-fatal abuse
 * must get a typed error response and leave the engine answering engine.ping; fatal framing errors
 * must end in a last `{error}` frame without id and exit code 2 (PROTOCOL.md "Framing").
 */
import { type ChildProcessWithoutNullStreams, spawn } from 'node:child_process';
import { resolveEngine } from '@helm-sdk/engine-go';
import { afterEach, describe, expect, it } from 'vitest';
import { decodeMessage, encodeMessage } from '../src/protocol/codec.js';
import { encodeFrame, FrameReader } from '../src/protocol/frame.js';

type Msg = Record<string, unknown>;

class RawClient {
  readonly child: ChildProcessWithoutNullStreams;
  readonly messages: Msg[] = [];
  readonly exit: Promise<{ code: number | null; signal: NodeJS.Signals | null }>;
  private readonly reader = new FrameReader();
  private waiters: (() => void)[] = [];

  constructor(env: Record<string, string> = {}) {
    const { path } = resolveEngine();
    // Argument array, no shell.
    this.child = spawn(path, [], { env: { ...process.env, ...env }, stdio: ['pipe', 'pipe', 'pipe'] });
    this.child.stderr.resume();
    this.child.stdin.on('error', () => {}); // EPIPE after a fatal error is expected
    this.child.stdout.on('data', (chunk: Buffer) => {
      for (const f of this.reader.push(chunk)) this.messages.push(decodeMessage(f) as Msg);
      for (const w of this.waiters.splice(0)) w();
    });
    this.exit = new Promise((resolve) => this.child.on('exit', (code, signal) => resolve({ code, signal })));
  }

  raw(bytes: Uint8Array): void {
    this.child.stdin.write(bytes);
  }

  send(message: unknown): void {
    this.raw(encodeFrame(encodeMessage(message)));
  }

  async waitFor(pred: (m: Msg) => boolean, timeoutMs = 5_000): Promise<Msg> {
    const end = Date.now() + timeoutMs;
    for (;;) {
      const found = this.messages.find(pred);
      if (found) return found;
      if (Date.now() > end) throw new Error(`no matching message within ${timeoutMs} ms; got ${JSON.stringify(this.messages)}`);
      await new Promise<void>((r) => {
        this.waiters.push(r);
        setTimeout(r, 50);
      });
    }
  }

  responses(id: number): Msg[] {
    return this.messages.filter((m) => m.id === id && (m.result !== undefined || m.error !== undefined));
  }

  async ping(id: number): Promise<void> {
    this.send({ id, method: 'engine.ping', params: { payload: `alive-${id}` } });
    const m = await this.waitFor((x) => x.id === id && (x.result !== undefined || x.error !== undefined));
    expect(m.result).toEqual({ payload: `alive-${id}` });
  }
}

const clients: RawClient[] = [];
function client(env: Record<string, string> = {}): RawClient {
  const c = new RawClient({ HELM_SDK_ENGINE_TEST: '1', ...env });
  clients.push(c);
  return c;
}

afterEach(async () => {
  for (const c of clients.splice(0)) {
    c.child.stdin.end();
    const timer = setTimeout(() => c.child.kill('SIGKILL'), 3_000);
    await c.exit;
    clearTimeout(timer);
  }
});

const errorOf = (m: Msg) => m.error as { code: string; message: string; details?: Record<string, unknown> };

describe('non-fatal abuse: typed error, engine still answers ping', () => {
  it('hello comes first', async () => {
    const c = client();
    const hello = await c.waitFor((m) => m.hello !== undefined);
    expect(c.messages[0]).toBe(hello);
    await c.ping(1);
  });

  it('unknown method -> METHOD_NOT_FOUND naming it', async () => {
    const c = client();
    c.send({ id: 1, method: 'no.such.method', params: {} });
    const e = errorOf(await c.waitFor((m) => m.id === 1));
    expect(e.code).toBe('METHOD_NOT_FOUND');
    expect(e.message).toContain('no.such.method');
    await c.ping(2);
  });

  it.each([
    ['wrong type for a param', 'test.sleep', { ms: 'soon' }],
    ['unknown param key', 'engine.ping', { payload: 1, payloadd: 2 }],
    ['params not a map', 'engine.ping', 42],
    ['params a string', 'test.events', 'many'],
    ['string where a count is expected', 'test.events', { count: 'x' }],
  ])('%s -> INVALID_ARGUMENT with details.input "params"', async (_name, method, params) => {
    const c = client();
    c.send({ id: 1, method, params });
    const e = errorOf(await c.waitFor((m) => m.id === 1 && m.error !== undefined));
    expect(e.code).toBe('INVALID_ARGUMENT');
    expect(e.details?.input).toBe('params');
    await c.ping(2);
  });

  it('duplicate id in flight -> INVALID_ARGUMENT for the second, the first still completes', async () => {
    const c = client();
    c.send({ id: 5, method: 'test.sleep', params: { ms: 300 } });
    c.send({ id: 5, method: 'engine.ping', params: { payload: 'dup' } });
    await c.waitFor((m) => m.id === 5 && m.error !== undefined);
    await c.waitFor((m) => m.id === 5 && m.result !== undefined, 5_000);
    const rs = c.responses(5);
    expect(rs).toHaveLength(2);
    expect(errorOf(rs[0] as Msg).code).toBe('INVALID_ARGUMENT');
    expect(rs[1]?.result).toBeDefined();
    await c.ping(6);
  });

  it('cancel of an unknown or finished id is ignored', async () => {
    const c = client();
    await c.ping(1);
    c.send({ cancel: 999 });
    c.send({ cancel: 1 });
    await c.ping(2);
    expect(c.messages.filter((m) => m.error !== undefined)).toEqual([]);
  });

  it('engine.ping echoes falsy payloads unchanged (regression: omitempty dropped them)', async () => {
    const c = client();
    const payloads = [0, false, '', [], {}, null];
    for (const [i, payload] of payloads.entries()) c.send({ id: i + 1, method: 'engine.ping', params: { payload } });
    for (const [i, payload] of payloads.entries()) {
      const m = await c.waitFor((x) => x.id === i + 1);
      expect(m.result).toEqual({ payload });
    }
  });

  it('unknown envelope keys are ignored', async () => {
    const c = client();
    c.send({ id: 1, method: 'engine.ping', params: { payload: 'x' }, extra: true, trace: { a: 1 } });
    expect((await c.waitFor((m) => m.id === 1)).result).toEqual({ payload: 'x' });
  });

  it('a recovered panic -> INTERNAL, engine survives', async () => {
    const c = client();
    c.send({ id: 1, method: 'test.panic', params: {} });
    expect(errorOf(await c.waitFor((m) => m.id === 1)).code).toBe('INTERNAL');
    await c.ping(2);
  });

  it('a truncated frame at EOF is EOF: exit code 0', async () => {
    const c = client();
    await c.ping(1);
    const frame = encodeFrame(encodeMessage({ id: 2, method: 'engine.ping', params: {} }));
    c.raw(frame.subarray(0, frame.length - 3));
    c.child.stdin.end();
    expect(await c.exit).toEqual({ code: 0, signal: null });
  });
});

describe('fatal framing errors: last {error} frame without id, exit code 2', () => {
  const fatal: [string, () => Uint8Array, Record<string, string>][] = [
    ['oversize length (0xFFFFFFF0)', () => Buffer.from([0xff, 0xff, 0xff, 0xf0]), {}],
    [
      'length above HELM_SDK_MAX_FRAME',
      () => encodeFrame(encodeMessage({ id: 1, method: 'engine.ping', params: { payload: 'x'.repeat(2000) } })),
      { HELM_SDK_MAX_FRAME: '1024' },
    ],
    ['frame that is not msgpack', () => encodeFrame(Buffer.from([0xc1, 0xc1, 0xc1])), {}],
    ['frame that is a msgpack int, not a map', () => encodeFrame(encodeMessage(42)), {}],
    ['frame that is a msgpack array', () => encodeFrame(encodeMessage([1, 'engine.ping'])), {}],
    ['ASCII garbage', () => Buffer.from('GET / HTTP/1.1\r\nHost: x\r\n\r\n'), {}],
  ];

  it.each(fatal)('%s', async (_name, bytes, env) => {
    const c = client(env);
    await c.ping(100);
    c.raw(bytes());
    const exit = await c.exit;
    expect(exit.code).toBe(2);
    const last = c.messages.at(-1) as Msg;
    expect(last.id).toBeUndefined();
    expect(errorOf(last).code).toBe('PROTOCOL');
    expect(errorOf(last).message.length).toBeGreaterThan(0);
  });
});
