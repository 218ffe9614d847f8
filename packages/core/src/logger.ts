/**
 * Logging: the SDK never prints. Engine stderr lines and SDK notices go to the user's logger, a
 * plain function so any logging library can be adapted in one line.
 */
import { channel } from 'node:diagnostics_channel';

export type LogLevel = 'debug' | 'info' | 'warn' | 'error';

export interface LogEntry {
  readonly level: LogLevel;
  readonly message: string;
  /** `engine` for lines the engine wrote to stderr, `sdk` for the SDK's own notices. */
  readonly source: 'engine' | 'sdk';
}

export type Logger = (entry: LogEntry) => void;

/**
 * Every entry any Configuration logs (engine stderr lines, SDK notices) is also published on this
 * `node:diagnostics_channel`, whether or not the Configuration has a logger: one subscription sees
 * the whole process (test harnesses scanning output for credentials, APM agents), the way undici
 * publishes its requests.
 */
export const LOG_CHANNEL = 'helm-sdk:log';
const logChannel = channel(LOG_CHANNEL);

/** The logger a Configuration uses: publishes to {@link LOG_CHANNEL} when anyone listens, then calls the user's. */
export function tapLogger(logger: Logger | undefined): Logger {
  return (entry) => {
    if (logChannel.hasSubscribers) logChannel.publish(entry);
    logger?.(entry);
  };
}
