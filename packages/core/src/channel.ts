/**
 * Request multiplexing over one engine connection, with no process code in it (esbuild keeps
 * its channel in lib/shared/common.ts apart from lib/npm/node.ts for the same reason: it can be
 * tested and reasoned about without a child process).
 *
 * Every request gets a fresh id and a pending entry. The entry settles exactly once: by the
 * engine's response, by the caller's signal or timeout (a cancel frame then tells the engine to
 * stop the Helm work too), or by `closeAll` when the connection goes away. Nothing is left
 * hanging, because a promise that never settles keeps Bun alive forever.
 */
import { AbortError, helmErrorFromWire, TimeoutError } from './errors.js';
import type { CancelMessage, EngineEvent, IncomingMessage, RequestMessage } from './protocol/messages.js';

export interface RequestOptions {
  /** Cancels the call; the engine cancels the Helm operation's context. */
  readonly signal?: AbortSignal | undefined;
  /** Milliseconds until the call is cancelled and rejects with `TimeoutError`. */
  readonly timeout?: number | undefined;
  /** Receives the engine's events for this call (log lines, wait progress, hook phases). */
  readonly onEvent?: ((event: EngineEvent) => void) | undefined;
  /** The SDK function making the call, for error messages (`template`, `install`, ...). */
  readonly action?: string | undefined;
}

interface Pending {
  readonly resolve: (value: unknown) => void;
  readonly reject: (reason: unknown) => void;
  readonly onEvent: ((event: EngineEvent) => void) | undefined;
  readonly action: string;
  readonly dispose: () => void;
}

export class Channel {
  private nextId = 1;
  private readonly pending = new Map<number, Pending>();
  private closedWith: Error | undefined;

  /**
   * @param send writes one message to the engine; it must not throw for a dead connection
   *   (the exit handler settles everything instead).
   * @param onInFlightChange is told the number of calls in flight after every change, so the
   *   process layer can ref the child while work is pending and unref it when idle.
   */
  constructor(
    private readonly send: (message: RequestMessage | CancelMessage) => void,
    private readonly onInFlightChange: (inFlight: number) => void = () => {},
  ) {}

  get inFlight(): number {
    return this.pending.size;
  }

  /** True once `closeAll` ran: every further request is refused. */
  get closed(): boolean {
    return this.closedWith !== undefined;
  }

  request(method: string, params: unknown, options: RequestOptions = {}): Promise<unknown> {
    const action = options.action ?? method;
    if (this.closedWith) return Promise.reject(this.closedWith);
    const { signal, timeout } = options;
    if (signal?.aborted) return Promise.reject(abortError(action, signal));

    const id = this.nextId++;
    return new Promise<unknown>((resolve, reject) => {
      let timer: NodeJS.Timeout | undefined;
      const onAbort = (): void => {
        this.cancel(id, abortError(action, signal));
      };
      const dispose = (): void => {
        if (timer) clearTimeout(timer);
        signal?.removeEventListener('abort', onAbort);
      };
      this.pending.set(id, { resolve, reject, onEvent: options.onEvent, action, dispose });
      signal?.addEventListener('abort', onAbort, { once: true });
      if (timeout !== undefined && timeout > 0 && Number.isFinite(timeout)) {
        timer = setTimeout(() => {
          this.cancel(id, new TimeoutError(`${action} timed out after ${timeout} ms`, action, { input: 'timeout', timeout }));
        }, timeout);
        // The child process is ref'd while calls are in flight; the timer need not hold the loop.
        timer.unref();
      }
      this.onInFlightChange(this.pending.size);
      this.send(params === undefined ? { id, method } : { id, method, params });
    });
  }

  /** Routes one message from the engine. Returns false for a response nobody waits for. */
  receive(message: Exclude<IncomingMessage, { kind: 'hello' }>): boolean {
    if (message.id === undefined) return false;
    const entry = this.pending.get(message.id);
    if (!entry) return false;
    switch (message.kind) {
      case 'event':
        try {
          entry.onEvent?.(message.event);
        } catch {
          // A throwing user callback must not break the connection or other calls.
        }
        return true;
      case 'result':
        this.settle(message.id)?.resolve(message.result);
        return true;
      case 'error':
        this.settle(message.id)?.reject(helmErrorFromWire(message.error, entry.action));
        return true;
    }
  }

  /** Rejects every pending call with `error` and refuses new ones. */
  closeAll(error: Error): void {
    if (!this.closedWith) this.closedWith = error;
    const entries = [...this.pending.keys()];
    for (const id of entries) this.settle(id)?.reject(error);
  }

  /** Settles `id` locally with `error` and asks the engine to stop working on it. */
  private cancel(id: number, error: Error): void {
    const entry = this.settle(id);
    if (!entry) return;
    entry.reject(error);
    if (!this.closedWith) this.send({ cancel: id });
  }

  private settle(id: number): Pending | undefined {
    const entry = this.pending.get(id);
    if (!entry) return undefined;
    this.pending.delete(id);
    entry.dispose();
    this.onInFlightChange(this.pending.size);
    return entry;
  }
}

function abortError(action: string, signal: AbortSignal | undefined): Error {
  const reason: unknown = signal?.reason;
  return new AbortError(`${action} was aborted`, action, {}, { cause: reason });
}
