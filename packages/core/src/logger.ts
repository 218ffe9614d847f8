/**
 * Logging: the SDK never prints. Engine stderr lines and SDK notices go to the user's logger, a
 * plain function so any logging library can be adapted in one line.
 */
export type LogLevel = 'debug' | 'info' | 'warn' | 'error';

export interface LogEntry {
  readonly level: LogLevel;
  readonly message: string;
  /** `engine` for lines the engine wrote to stderr, `sdk` for the SDK's own notices. */
  readonly source: 'engine' | 'sdk';
}

export type Logger = (entry: LogEntry) => void;
