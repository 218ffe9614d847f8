/**
 * One running engine child process: spawn (execa, an argument array, never a shell), the hello
 * handshake (protocol major, then engine version), frames in and out, stderr to the logger,
 * ref/unref, and a graceful stop.
 *
 * The child is unref'd while no call is in flight, so a script that forgets `close()` still
 * exits; the engine then sees stdin EOF and exits too. When the child dies unexpectedly every
 * pending call is rejected at once with `EngineCrashedError`.
 */
import type { Readable, Writable } from 'node:stream';
import { execa } from 'execa';
import { Channel, type RequestOptions } from '../channel.js';
import { EngineCrashedError, ProtocolError } from '../errors.js';
import type { Logger } from '../logger.js';
import { decodeMessage, encodeMessage } from '../protocol/codec.js';
import { DEFAULT_MAX_FRAME_BYTES, encodeFrame, FrameReader } from '../protocol/frame.js';
import { type Hello, parseIncoming, protocolMajor } from '../protocol/messages.js';
import { PROTOCOL_VERSION } from '../protocol/methods.generated.js';
import { checkEngineVersion } from './version-check.js';

export interface EngineStartOptions {
  readonly path: string;
  readonly env?: Readonly<Record<string, string | undefined>> | undefined;
  readonly cwd?: string | undefined;
  readonly logger?: Logger | undefined;
  readonly maxFrameBytes?: number | undefined;
  /** Milliseconds to wait for the hello frame. */
  readonly startTimeout?: number | undefined;
}

export interface EngineExit {
  readonly code: number | null;
  readonly signal: string | null;
  /** True when the exit followed `close()`; false means it crashed or was killed. */
  readonly expected: boolean;
  readonly error: Error;
}

const STDERR_TAIL_LINES = 40;

// The subset of execa's subprocess we rely on; keeps our types independent of execa's generics.
interface Child {
  readonly pid?: number | undefined;
  readonly stdin: Writable | null;
  readonly stdout: Readable | null;
  readonly stderr: Readable | null;
  kill(signal?: NodeJS.Signals | number): boolean;
  ref(): void;
  unref(): void;
  on(event: 'exit', listener: (code: number | null, signal: NodeJS.Signals | null) => void): unknown;
  on(event: 'error', listener: (error: Error) => void): unknown;
}

type Refable = { ref?: () => void; unref?: () => void };

export class EngineProcess {
  readonly hello: Hello;
  readonly path: string;
  private readonly channel: Channel;
  private readonly child: Child;
  private readonly exited: Promise<EngineExit>;
  private closing = false;

  private constructor(
    path: string,
    child: Child,
    channel: Channel,
    hello: Hello,
    exited: Promise<EngineExit>,
    private readonly setRef: (inFlight: number) => void,
  ) {
    this.path = path;
    this.child = child;
    this.channel = channel;
    this.hello = hello;
    this.exited = exited;
  }

  get pid(): number | undefined {
    return this.child.pid;
  }

  get inFlight(): number {
    return this.channel.inFlight;
  }

  /**
   * False from the moment the engine is known to be gone or going (exit, protocol failure,
   * `close()`): it refuses every call. Set before the calls it rejects see their errors, unlike
   * `exit`, whose handlers run after theirs.
   */
  get acceptsCalls(): boolean {
    return !this.channel.closed;
  }

  /** Resolves when the process has exited, with how and why. */
  get exit(): Promise<EngineExit> {
    return this.exited;
  }

  /** Spawns the engine and resolves after a valid hello. */
  static start(options: EngineStartOptions): Promise<EngineProcess> {
    const maxFrame = options.maxFrameBytes ?? DEFAULT_MAX_FRAME_BYTES;
    const logger = options.logger;
    const subprocess = execa(options.path, [], {
      stdin: 'pipe',
      stdout: 'pipe',
      stderr: 'pipe',
      buffer: false,
      reject: false,
      cleanup: true,
      windowsHide: true,
      ...(options.cwd === undefined ? {} : { cwd: options.cwd }),
      env: { ...options.env, HELM_SDK_MAX_FRAME: String(maxFrame) },
    });
    // execa's promise settles on exit; we observe exit through the child events instead.
    subprocess.catch(() => {});
    const child = subprocess as unknown as Child;

    const stderrTail: string[] = [];
    let stderrPartial = '';
    child.stderr?.on('data', (chunk: Buffer) => {
      const lines = (stderrPartial + chunk.toString('utf8')).split('\n');
      stderrPartial = lines.pop() ?? '';
      for (const line of lines) {
        stderrTail.push(line);
        if (stderrTail.length > STDERR_TAIL_LINES) stderrTail.shift();
        logger?.({ level: levelOf(line), message: line, source: 'engine' });
      }
    });
    const tail = (): string => [...stderrTail, stderrPartial].filter((l) => l !== '').join('\n');

    let engine: EngineProcess | undefined;
    let closing = (): boolean => engine?.closing ?? false;
    let failStart: (error: Error) => void = () => {};
    let helloReceived: (hello: Hello) => void = () => {};

    const setRef = (inFlight: number): void => {
      const streams = [child.stdin, child.stdout, child.stderr] as unknown as Refable[];
      if (inFlight > 0) {
        child.ref();
        for (const s of streams) s?.ref?.();
      } else {
        child.unref();
        for (const s of streams) s?.unref?.();
      }
    };
    // Frames produced in one synchronous run (e.g. a Promise.all of calls) are written with one
    // write at the end of it: one pipe syscall instead of one per call, at a microtask's latency.
    let outbox: Buffer[] = [];
    const flushOutbox = (): void => {
      const frames = outbox;
      outbox = [];
      const stdin = child.stdin;
      if (!stdin || stdin.destroyed || stdin.writableEnded) return;
      stdin.write(frames.length === 1 ? (frames[0] as Buffer) : Buffer.concat(frames));
    };
    const channel = new Channel((message) => {
      if (outbox.length === 0) queueMicrotask(flushOutbox);
      outbox.push(encodeFrame(encodeMessage(message)));
    }, setRef);
    // A write after the child died raises EPIPE on the stream; the exit handler reports it.
    child.stdin?.on('error', () => {});

    let protocolFailure: Error | undefined;
    const reader = new FrameReader(maxFrame);
    child.stdout?.on('data', (chunk: Buffer) => {
      if (protocolFailure) return;
      try {
        for (const frame of reader.push(chunk)) {
          const message = parseIncoming(decodeMessage(frame));
          if (typeof message === 'string') throw new ProtocolError(`invalid message from engine: ${message}`);
          if (message.kind === 'hello') {
            helloReceived(message.hello);
          } else if (message.kind === 'error' && message.id === undefined) {
            throw new ProtocolError(`engine reported a protocol error: ${message.error.message}`);
          } else {
            channel.receive(message);
          }
        }
      } catch (error) {
        protocolFailure =
          error instanceof ProtocolError
            ? error
            : new ProtocolError(`cannot read engine output: ${(error as Error).message}`, { cause: error });
        channel.closeAll(protocolFailure);
        failStart(protocolFailure);
        child.kill('SIGKILL');
      }
    });

    const exited = new Promise<EngineExit>((resolve) => {
      let done = false;
      const finish = (code: number | null, signal: string | null, spawnError?: Error): void => {
        if (done) return;
        done = true;
        const expected = closing();
        const error = protocolFailure ?? spawnError ?? new EngineCrashedError(code, signal, tail());
        channel.closeAll(error);
        failStart(error);
        resolve({ code, signal, expected, error });
      };
      child.on('exit', (code, signal) => finish(code, signal));
      child.on('error', (error) => finish(null, null, new EngineCrashedError(null, null, `cannot run ${options.path}: ${error.message}`)));
    });

    return new Promise<EngineProcess>((resolve, reject) => {
      const timeoutMs = options.startTimeout ?? 15_000;
      const timer = setTimeout(() => {
        failStart(new EngineCrashedError(null, null, `no hello from the engine within ${timeoutMs} ms\n${tail()}`));
        child.kill('SIGKILL');
      }, timeoutMs);
      failStart = (error) => {
        clearTimeout(timer);
        failStart = () => {};
        reject(error);
      };
      helloReceived = (hello) => {
        clearTimeout(timer);
        helloReceived = () => {};
        const ours = protocolMajor(PROTOCOL_VERSION);
        if (protocolMajor(hello.protocol) !== ours) {
          const error = new ProtocolError(
            `engine at ${options.path} speaks protocol ${hello.protocol} (engine ${hello.engine}), ` +
              `but this @helm-sdk/core speaks protocol ${PROTOCOL_VERSION}; install matching versions of @helm-sdk/core and @helm-sdk/engine-go`,
          );
          protocolFailure = error;
          failStart(error);
          child.kill('SIGKILL');
          return;
        }
        const mismatch = checkEngineVersion(hello.engine, options.path, logger);
        if (mismatch) {
          protocolFailure = mismatch;
          failStart(mismatch);
          child.kill('SIGKILL');
          return;
        }
        engine = new EngineProcess(options.path, child, channel, hello, exited, setRef);
        closing = () => engine?.closing ?? false;
        failStart = () => {};
        setRef(0);
        resolve(engine);
      };
    });
  }

  request(method: string, params: unknown, options?: RequestOptions): Promise<unknown> {
    return this.channel.request(method, params, options);
  }

  /**
   * Stops the engine: rejects pending calls with `reason`, closes stdin (the engine cancels its
   * work and exits on EOF), then SIGTERM and finally SIGKILL if it lingers.
   */
  async close(reason: Error, graceMs = 3_000): Promise<EngineExit> {
    this.closing = true;
    this.channel.closeAll(reason);
    // Hold the event loop until the child is gone, or `await cfg.close()` at the end of a
    // script would leave a top-level await unsettled.
    this.setRef(1);
    this.child.stdin?.end();
    // Each step's timer is cleared as soon as the child is gone: a pending timer would hold the
    // event loop, and a script that ends with `await cfg.close()` would linger for the whole grace
    // period after the engine had already exited (issue 11, section 0).
    const escalate = async (signal: NodeJS.Signals, waitMs: number): Promise<boolean> => {
      let timer: NodeJS.Timeout | undefined;
      const timedOut = new Promise<false>((resolve) => {
        timer = setTimeout(() => resolve(false), waitMs);
      });
      try {
        const outcome = await Promise.race([this.exited.then(() => true as const), timedOut]);
        if (!outcome) this.child.kill(signal);
        return outcome;
      } finally {
        clearTimeout(timer);
      }
    };
    if (!(await escalate('SIGTERM', graceMs))) {
      await escalate('SIGKILL', 1_000);
    }
    return this.exited;
  }

  /** Sends a signal to the engine process (used by fault-injection tests). */
  kill(signal: NodeJS.Signals = 'SIGKILL'): boolean {
    return this.child.kill(signal);
  }
}

function levelOf(line: string): 'debug' | 'info' | 'warn' | 'error' {
  // The engine logs with slog's text handler: "time=... level=WARN msg=...".
  const match = /\blevel=(DEBUG|INFO|WARN|ERROR)\b/.exec(line);
  switch (match?.[1]) {
    case 'DEBUG':
      return 'debug';
    case 'WARN':
      return 'warn';
    case 'ERROR':
      return 'error';
    default:
      return line.startsWith('panic:') || line.startsWith('fatal error:') ? 'error' : 'info';
  }
}
