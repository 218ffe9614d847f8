/**
 * The SDK's error classes.
 *
 * Two families: `HelmError` for what Helm (through the engine) said about the user's request, one
 * subclass per stable wire code (PROTOCOL.md "Errors"), and engine-level errors for the process
 * and the wire (`EngineCrashedError`, `EngineUnavailableError`, `ProtocolError`, ...).
 *
 * `instanceof` breaks when two copies of the package are installed, so every class has a static
 * `isInstance` that checks a brand and the error name instead (AWS SDK v3 does the same).
 */
import { EngineNotFoundError } from '@helm-sdk/engine-go';
import type { ErrorCode } from './protocol/methods.generated.js';

export { EngineNotFoundError };

const BRAND = Symbol.for('@helm-sdk/error');

/** Base of every error the SDK throws. `code` is stable and safe to branch on. */
export class HelmSdkError extends Error {
  override readonly name: string = 'HelmSdkError';
  readonly code: string;

  constructor(code: string, message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.code = code;
    Object.defineProperty(this, BRAND, { value: true });
  }

  static isInstance(value: unknown): value is HelmSdkError {
    return typeof value === 'object' && value !== null && (value as Record<symbol, unknown>)[BRAND] === true;
  }
}

function brandCheck<T extends HelmSdkError>(name: string) {
  return (value: unknown): value is T => HelmSdkError.isInstance(value) && (value as Error).name === name;
}

/** Free-form, JSON-like data the engine attached to an error: `input`, `path`, `release`, ... */
export type ErrorDetails = Readonly<Record<string, unknown>>;

/** An error Helm reported for a request. `action` is the SDK function (e.g. `template`). */
export class HelmError extends HelmSdkError {
  override readonly name: string = 'HelmError';
  declare readonly code: ErrorCode;
  readonly action: string;
  readonly details: ErrorDetails;

  constructor(code: ErrorCode, message: string, action: string, details: ErrorDetails = {}, options?: { cause?: unknown }) {
    super(code, message, options);
    this.action = action;
    this.details = details;
  }

  /** The option or parameter the engine blamed, when it named one. */
  get input(): string | undefined {
    const input = this.details.input;
    return typeof input === 'string' && input !== '' ? input : undefined;
  }

  static override isInstance(value: unknown): value is HelmError {
    return HelmSdkError.isInstance(value) && 'action' in value && 'details' in value;
  }
}

// One class per wire code: users catch `ReleaseNotFoundError`, not string compares.
function helmErrorClass<C extends ErrorCode>(code: C, name: string) {
  const cls = class extends HelmError {
    override readonly name: string = name;
    declare readonly code: C;
    constructor(message: string, action: string, details: ErrorDetails = {}, options?: { cause?: unknown }) {
      super(code, message, action, details, options);
    }
    static override isInstance = brandCheck<HelmError>(name);
  };
  Object.defineProperty(cls, 'name', { value: name });
  return cls;
}

export const ReleaseNotFoundError = helmErrorClass('RELEASE_NOT_FOUND', 'ReleaseNotFoundError');
export type ReleaseNotFoundError = InstanceType<typeof ReleaseNotFoundError>;
export const ReleaseExistsError = helmErrorClass('RELEASE_EXISTS', 'ReleaseExistsError');
export type ReleaseExistsError = InstanceType<typeof ReleaseExistsError>;
/**
 * A resource in the cluster conflicts with the release: it exists without the release's ownership
 * metadata (`details.input` is `takeOwnership`, the option that adopts it), or a server-side
 * apply would change fields another field manager owns (`details.input` is `forceConflicts`).
 */
export const ResourceConflictError = helmErrorClass('RESOURCE_CONFLICT', 'ResourceConflictError');
export type ResourceConflictError = InstanceType<typeof ResourceConflictError>;
export const OperationInProgressError = helmErrorClass('OPERATION_IN_PROGRESS', 'OperationInProgressError');
export type OperationInProgressError = InstanceType<typeof OperationInProgressError>;
export const ChartNotFoundError = helmErrorClass('CHART_NOT_FOUND', 'ChartNotFoundError');
export type ChartNotFoundError = InstanceType<typeof ChartNotFoundError>;
export const InvalidChartError = helmErrorClass('INVALID_CHART', 'InvalidChartError');
export type InvalidChartError = InstanceType<typeof InvalidChartError>;
export const InvalidValuesError = helmErrorClass('INVALID_VALUES', 'InvalidValuesError');
export type InvalidValuesError = InstanceType<typeof InvalidValuesError>;
export const SchemaValidationError = helmErrorClass('SCHEMA_VALIDATION', 'SchemaValidationError');
export type SchemaValidationError = InstanceType<typeof SchemaValidationError>;
export const RenderError = helmErrorClass('RENDER', 'RenderError');
export type RenderError = InstanceType<typeof RenderError>;
export const KubeUnreachableError = helmErrorClass('KUBE_UNREACHABLE', 'KubeUnreachableError');
export type KubeUnreachableError = InstanceType<typeof KubeUnreachableError>;
export const TimeoutError = helmErrorClass('TIMEOUT', 'TimeoutError');
export type TimeoutError = InstanceType<typeof TimeoutError>;
/** Rejection of an aborted call; `name` is `AbortError` like the DOM's, `code` is `CANCELLED`. */
export const AbortError = helmErrorClass('CANCELLED', 'AbortError');
export type AbortError = InstanceType<typeof AbortError>;
export const RegistryAuthError = helmErrorClass('REGISTRY_AUTH', 'RegistryAuthError');
export type RegistryAuthError = InstanceType<typeof RegistryAuthError>;
export const InvalidArgumentError = helmErrorClass('INVALID_ARGUMENT', 'InvalidArgumentError');
export type InvalidArgumentError = InstanceType<typeof InvalidArgumentError>;
export const MethodNotFoundError = helmErrorClass('METHOD_NOT_FOUND', 'MethodNotFoundError');
export type MethodNotFoundError = InstanceType<typeof MethodNotFoundError>;
export const InternalError = helmErrorClass('INTERNAL', 'InternalError');
export type InternalError = InstanceType<typeof InternalError>;

const byCode: Partial<Record<ErrorCode, ReturnType<typeof helmErrorClass>>> = {
  RELEASE_NOT_FOUND: ReleaseNotFoundError,
  RELEASE_EXISTS: ReleaseExistsError,
  RESOURCE_CONFLICT: ResourceConflictError,
  OPERATION_IN_PROGRESS: OperationInProgressError,
  CHART_NOT_FOUND: ChartNotFoundError,
  INVALID_CHART: InvalidChartError,
  INVALID_VALUES: InvalidValuesError,
  SCHEMA_VALIDATION: SchemaValidationError,
  RENDER: RenderError,
  KUBE_UNREACHABLE: KubeUnreachableError,
  TIMEOUT: TimeoutError,
  CANCELLED: AbortError,
  REGISTRY_AUTH: RegistryAuthError,
  INVALID_ARGUMENT: InvalidArgumentError,
  METHOD_NOT_FOUND: MethodNotFoundError,
  INTERNAL: InternalError,
};

/** Builds the typed error for a wire error `{code, message, details}`. Unknown codes stay HelmError. */
export function helmErrorFromWire(
  wire: { code: string; message: string; details?: ErrorDetails | null | undefined },
  action: string,
): HelmError {
  const details = wire.details ?? {};
  const cls = byCode[wire.code as ErrorCode];
  if (cls) return new cls(wire.message, action, details);
  return new HelmError(wire.code as ErrorCode, wire.message, action, details);
}

/** The engine process exited while calls were in flight. */
export class EngineCrashedError extends HelmSdkError {
  override readonly name = 'EngineCrashedError';
  readonly exitCode: number | null;
  readonly signal: string | null;
  /** The last lines the engine wrote to stderr (a Go panic trace ends up here). */
  readonly stderrTail: string;

  constructor(exitCode: number | null, signal: string | null, stderrTail: string) {
    const how = signal ? `was killed by ${signal}` : `exited with code ${exitCode}`;
    super('ENGINE_CRASHED', `helm-sdk engine ${how}${stderrTail ? `; last stderr:\n${stderrTail}` : ''}`);
    this.exitCode = exitCode;
    this.signal = signal;
    this.stderrTail = stderrTail;
  }

  static override isInstance = brandCheck<EngineCrashedError>('EngineCrashedError');
}

/** The engine crashed too often in a short window; the SDK stopped restarting it. */
export class EngineUnavailableError extends HelmSdkError {
  override readonly name = 'EngineUnavailableError';
  constructor(message: string, options?: { cause?: unknown }) {
    super('ENGINE_UNAVAILABLE', message, options);
  }
  static override isInstance = brandCheck<EngineUnavailableError>('EngineUnavailableError');
}

/** The wire broke: malformed or oversize frame, wrong protocol version, bad hello. */
export class ProtocolError extends HelmSdkError {
  override readonly name = 'ProtocolError';
  constructor(message: string, options?: { cause?: unknown }) {
    super('PROTOCOL', message, options);
  }
  static override isInstance = brandCheck<ProtocolError>('ProtocolError');
}

/**
 * The engine binary's version (from its hello) is not the version of the installed
 * `@helm-sdk/engine-go`: an engine from another release, a stale build, or an explicit
 * `enginePath` / `HELM_SDK_ENGINE_PATH` pointing at another build. Engine and SDK are released
 * together and only tested together, so the SDK refuses to talk to it.
 */
export class EngineVersionMismatchError extends HelmSdkError {
  override readonly name = 'EngineVersionMismatchError';
  /** What the engine reported in its hello. */
  readonly engineVersion: string;
  /** The installed `@helm-sdk/engine-go` version, which the engine must report. */
  readonly expectedVersion: string;
  readonly enginePath: string;

  constructor(engineVersion: string, expectedVersion: string, enginePath: string) {
    super(
      'ENGINE_VERSION_MISMATCH',
      `helm-sdk engine at ${enginePath} is version ${engineVersion}, but the installed @helm-sdk/engine-go is ${expectedVersion}. ` +
        `Fix: install matching versions (all @helm-sdk/* packages at ${expectedVersion}, then reinstall so the platform package ` +
        `@helm-sdk/engine-${process.platform}-${process.arch}@${expectedVersion} comes with them); if HELM_SDK_ENGINE_PATH or the ` +
        `enginePath option is set, point it at an engine ${expectedVersion} or unset it; in a helm-sdk checkout, rebuild with ` +
        '`bash packages/engine-go/scripts/build.sh`.',
    );
    this.engineVersion = engineVersion;
    this.expectedVersion = expectedVersion;
    this.enginePath = enginePath;
  }

  static override isInstance = brandCheck<EngineVersionMismatchError>('EngineVersionMismatchError');
}

/** A call was made on a Configuration after `close()`. */
export class ConfigurationClosedError extends HelmSdkError {
  override readonly name = 'ConfigurationClosedError';
  constructor() {
    super('CONFIGURATION_CLOSED', 'this helm-sdk Configuration was closed; create a new one');
  }
  static override isInstance = brandCheck<ConfigurationClosedError>('ConfigurationClosedError');
}
