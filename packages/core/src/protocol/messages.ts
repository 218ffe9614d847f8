/**
 * helm-sdk engine protocol, version 1.0 (twin of packages/engine-go/internal/protocol/messages.go;
 * PROTOCOL.md is the reference for both).
 *
 * Messages are msgpack maps with camelCase keys. Host -> engine: request and cancel.
 * Engine -> host: hello (first frame), response, event. Method params and results live in
 * methods.generated.ts, generated from the Go structs.
 */
import type { ErrorCode } from './methods.generated.js';

export interface Hello {
  readonly protocol: string;
  readonly engine: string;
  readonly helm: string;
  readonly go: string;
  readonly pid: number;
  readonly maxFrame: number;
}

export interface WireError {
  readonly code: ErrorCode | string;
  readonly message: string;
  readonly details?: Readonly<Record<string, unknown>> | null | undefined;
}

export interface RequestMessage {
  readonly id: number;
  readonly method: string;
  readonly params?: unknown;
}

export interface CancelMessage {
  readonly cancel: number;
}

// The event kinds of Go's protocol.Event (internal/protocol/messages.go): which fields each kind
// sets is documented there and in PROTOCOL.md.

/** `log`: a line Helm or the engine logged. */
export interface LogEvent {
  readonly type: 'log';
  readonly level: string;
  readonly message: string;
  readonly time?: Date;
  readonly attrs?: Readonly<Record<string, unknown>>;
}

/** `resource`: a waited-for object's kstatus status changed, with kstatus' message. */
export interface ResourceEvent {
  readonly type: 'resource';
  readonly kind: string;
  readonly name: string;
  readonly namespace?: string;
  readonly status: string;
  readonly message?: string;
  readonly time?: Date;
}

/** `hook`: a hook object is `running`, then `succeeded` or `failed`; `message` is its hook annotation (e.g. `post-install`). */
export interface HookEvent {
  readonly type: 'hook';
  readonly name: string;
  readonly kind?: string;
  readonly phase: 'running' | 'succeeded' | 'failed';
  readonly message?: string;
  readonly time?: Date;
}

/** `phase`: a step of the action started (`render`, `apply`, `hooks`, `wait`, ...). */
export interface PhaseEvent {
  readonly type: 'phase';
  readonly name: string;
  readonly time?: Date;
}

/** An engine event tied to a request; hosts ignore types they do not know (the last member). */
export type EngineEvent = LogEvent | ResourceEvent | HookEvent | PhaseEvent | { readonly type: string; readonly [key: string]: unknown };

export type IncomingMessage =
  | { readonly kind: 'hello'; readonly hello: Hello }
  | { readonly kind: 'result'; readonly id: number; readonly result: unknown }
  | { readonly kind: 'error'; readonly id: number | undefined; readonly error: WireError }
  | { readonly kind: 'event'; readonly id: number; readonly event: EngineEvent };

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value) && !(value instanceof Uint8Array);
}

/** Classifies a decoded engine frame, or explains why it is not a valid message. */
export function parseIncoming(value: unknown): IncomingMessage | string {
  if (!isRecord(value)) return 'frame is not a msgpack map';
  if (value.hello !== undefined) {
    const h = value.hello;
    if (!isRecord(h) || typeof h.protocol !== 'string') return 'hello without a protocol version';
    return {
      kind: 'hello',
      hello: {
        protocol: h.protocol,
        engine: String(h.engine ?? ''),
        helm: String(h.helm ?? ''),
        go: String(h.go ?? ''),
        pid: Number(h.pid ?? 0),
        maxFrame: Number(h.maxFrame ?? 0),
      },
    };
  }
  const id = value.id;
  if (value.error !== undefined && value.error !== null) {
    const e = value.error;
    if (!isRecord(e) || typeof e.code !== 'string' || typeof e.message !== 'string') return 'malformed error';
    const details = isRecord(e.details) ? e.details : undefined;
    return { kind: 'error', id: typeof id === 'number' ? id : undefined, error: { code: e.code, message: e.message, details } };
  }
  if (typeof id !== 'number') return 'message without a numeric id';
  if (value.event !== undefined) {
    if (!isRecord(value.event) || typeof value.event.type !== 'string') return 'event without a type';
    return { kind: 'event', id, event: value.event as EngineEvent };
  }
  if ('result' in value) return { kind: 'result', id, result: value.result };
  return 'message is neither a response nor an event';
}

/** `"1.0"` -> `1`; NaN for anything that is not a version. */
export function protocolMajor(version: string): number {
  return Number.parseInt(version.split('.')[0] ?? '', 10);
}
