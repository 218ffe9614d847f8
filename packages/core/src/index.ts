/**
 * @helm-sdk/core: the Configuration, the engine process and its wire protocol, and the errors.
 * Feature packages (@helm-sdk/actions, /chart, /repo) build their typed functions on
 * `Configuration.call`.
 *
 * @module @helm-sdk/core
 */

export type { RequestOptions } from './channel.js';
export type { ChartDependency, ChartMaintainer, ChartMetadata } from './chart-metadata.js';
export type { ChartReference, ChartSourceOptions, ValuesOptions } from './chart-source.js';
export { callSpec, chartSourceSpec, toWireParams, valuesSpec } from './chart-source.js';
export type { CallOptions, ConfigurationOptions, RestartBudget, StorageDriver } from './configuration.js';
export { Configuration } from './configuration.js';
export type { PingOptions } from './engine-calls.js';
export { engineInfo, ping } from './engine-calls.js';
export type { EnvResult } from './env.js';
export { env } from './env.js';
export * from './errors.js';
export type { LogEntry, Logger, LogLevel } from './logger.js';
export { LOG_CHANNEL } from './logger.js';
export type { OptionKind, OptionSpec } from './options.js';
export { checkOptions, requireOption, weakTlsOptions } from './options.js';
export type { EngineEvent, Hello, HookEvent, LogEvent, PhaseEvent, ResourceEvent } from './protocol/messages.js';
export type { EngineMethods, ErrorCode } from './protocol/methods.generated.js';
export { PROTOCOL_VERSION } from './protocol/methods.generated.js';
export type { VersionResult } from './version.js';
export { version } from './version.js';
