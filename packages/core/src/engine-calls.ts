/**
 * Engine-level calls that belong to no feature package: a liveness ping and the versions.
 */
import type { CallOptions, Configuration } from './configuration.js';
import type { Hello } from './protocol/messages.js';

export interface PingOptions extends CallOptions {
  /** Any msgpack-encodable value; the engine sends it back unchanged. */
  readonly payload?: unknown;
}

/** Round-trips `payload` through the engine; resolves with what came back. */
export async function ping(cfg: Configuration, options: PingOptions = {}): Promise<unknown> {
  const { payload, ...call } = options;
  const result = await cfg.call('engine.ping', { payload }, { ...call, action: 'ping' });
  return (result as { payload?: unknown }).payload;
}

/** The engine's versions: protocol, engine, Helm, Go, and its pid. */
export async function engineInfo(cfg: Configuration, options: CallOptions = {}): Promise<Hello> {
  return (await cfg.call('engine.info', {}, { ...options, action: 'engineInfo', retryOnCrash: true })) as Hello;
}
