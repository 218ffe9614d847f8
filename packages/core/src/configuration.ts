/**
 * `Configuration`: the user's Helm settings plus the one engine process that serves them.
 *
 * Creating one is cheap; the engine starts on first use and gets the settings through
 * `engine.configure`. When the engine dies, in-flight calls fail with `EngineCrashedError` and the
 * next call starts a fresh engine and replays the settings, unless it crashed `maxRestarts` times
 * within `windowMs`: then calls fail with `EngineUnavailableError` instead of feeding a restart
 * loop (VS Code's TypeScript server client keeps a similar budget).
 */
import { resolveEngine } from '@helm-sdk/engine-go';
import type { RequestOptions } from './channel.js';
import { EngineProcess } from './engine/process.js';
import {
  ConfigurationClosedError,
  EngineCrashedError,
  EngineUnavailableError,
  EngineVersionMismatchError,
  HelmError,
  HelmSdkError,
} from './errors.js';
import { type Logger, tapLogger } from './logger.js';
import { checkOptions, type OptionSpec, weakTlsWarnings } from './options.js';
import type { Hello } from './protocol/messages.js';
import type { ConfigureParams, EngineMethods } from './protocol/methods.generated.js';

/** Helm's storage backends for release records (`HELM_DRIVER`). */
export type StorageDriver = 'secret' | 'configmap' | 'memory' | 'sql';

export interface RestartBudget {
  /** Crashes tolerated within `windowMs` before calls fail with `EngineUnavailableError`. Default 3. */
  readonly maxRestarts: number;
  /** Length of the crash window in milliseconds. Default 60 000. */
  readonly windowMs: number;
}

export interface ConfigurationOptions {
  /** `--kubeconfig`: path to a kubeconfig file. Defaults to `$KUBECONFIG` or `~/.kube/config`. */
  readonly kubeconfig?: string;
  /** A kubeconfig's YAML content, used instead of a file (no temp file is written). */
  readonly kubeconfigData?: string;
  /** `--kube-context`: the kubeconfig context to use. Defaults to the current context. */
  readonly context?: string;
  /** `--namespace`: the default namespace of every call. Defaults to the context's namespace. */
  readonly namespace?: string;
  /** `HELM_DRIVER`: where release records are stored. Defaults to `secret`. */
  readonly driver?: StorageDriver;
  /** `--registry-config`: path to the registry credentials file. Defaults to Helm's. */
  readonly registryConfig?: string;
  /** `--repository-config`: path to repositories.yaml. Defaults to Helm's. */
  readonly repositoryConfig?: string;
  /** `--repository-cache`: directory of cached repository indexes. Defaults to Helm's. */
  readonly repositoryCache?: string;
  /** `--content-cache`: directory of cached chart content. Defaults to Helm's. */
  readonly contentCache?: string;
  /** `--qps`: client-side queries per second towards the API server. */
  readonly qps?: number;
  /** `--burst-limit`: client-side burst towards the API server. Default 100. */
  readonly burst?: number;
  /** `--kube-token`: bearer token. Never logged. */
  readonly kubeToken?: string;
  /** `--kube-apiserver`: API server address. */
  readonly kubeApiServer?: string;
  /** `--kube-ca-file`: CA file for the API server's certificate. */
  readonly kubeCaFile?: string;
  /** `--kube-insecure-skip-tls-verify`. Default `false`. */
  readonly kubeInsecureSkipTlsVerify?: boolean;
  /** `--kube-tls-server-name`. */
  readonly kubeTlsServerName?: string;
  /** `--kube-as-user`: user to impersonate. */
  readonly kubeAsUser?: string;
  /** `--kube-as-group`: groups to impersonate. */
  readonly kubeAsGroups?: readonly string[];
  /** `HELM_MAX_HISTORY`: release history kept by upgrade and rollback. */
  readonly maxHistory?: number;

  /**
   * Path to the engine binary (an existing executable file, used as a literal path: never through a
   * shell). Defaults to `HELM_SDK_ENGINE_PATH`, then the installed platform package
   * `@helm-sdk/engine-<os>-<arch>` (in a helm-sdk source checkout, the engine built there first).
   * A broken explicit path is an `EngineNotFoundError`, never a fallback to another binary.
   */
  readonly enginePath?: string;
  /**
   * Working directory of the engine: relative chart paths, values files and `setFile` paths are
   * resolved against it. Defaults to `process.cwd()` when the engine starts.
   */
  readonly cwd?: string;
  /** Extra environment for the engine process. */
  readonly env?: Readonly<Record<string, string>>;
  /** Receives engine stderr lines and SDK notices. Silent by default. */
  readonly logger?: Logger;
  /** Default timeout in milliseconds for every call that does not set its own. None by default. */
  readonly timeout?: number;
  /** Milliseconds to wait for a starting engine's hello. Default 15 000. */
  readonly startTimeout?: number;
  /** Crash budget; see {@link RestartBudget}. */
  readonly restartBudget?: RestartBudget;
  /** Largest frame accepted in either direction, in bytes. Default 64 MiB. */
  readonly maxFrameBytes?: number;
}

/** Options every SDK call accepts. */
export interface CallOptions {
  /** Aborts the call; the engine cancels the Helm operation. Rejects with `AbortError`. */
  readonly signal?: AbortSignal;
  /** Milliseconds before the call is cancelled; rejects with `TimeoutError`. */
  readonly timeout?: number;
}

const optionSpec: OptionSpec<ConfigurationOptions> = {
  kubeconfig: 'string',
  kubeconfigData: 'string',
  context: 'string',
  namespace: 'string',
  driver: ['secret', 'configmap', 'memory', 'sql'],
  registryConfig: 'string',
  repositoryConfig: 'string',
  repositoryCache: 'string',
  contentCache: 'string',
  qps: 'number',
  burst: 'number',
  kubeToken: 'string',
  kubeApiServer: 'string',
  kubeCaFile: 'string',
  kubeInsecureSkipTlsVerify: 'boolean',
  kubeTlsServerName: 'string',
  kubeAsUser: 'string',
  kubeAsGroups: 'string[]',
  maxHistory: 'number',
  enginePath: 'string',
  cwd: 'string',
  env: 'object',
  logger: 'function',
  timeout: 'number',
  startTimeout: 'number',
  restartBudget: 'object',
  maxFrameBytes: 'number',
};

// The keys that travel to the engine as `engine.configure` params; the rest is host-side only.
const engineSettingKeys = [
  'kubeconfig',
  'kubeconfigData',
  'context',
  'namespace',
  'driver',
  'registryConfig',
  'repositoryConfig',
  'repositoryCache',
  'contentCache',
  'qps',
  'burst',
  'kubeToken',
  'kubeApiServer',
  'kubeCaFile',
  'kubeInsecureSkipTlsVerify',
  'kubeTlsServerName',
  'kubeAsUser',
  'kubeAsGroups',
  'maxHistory',
] as const satisfies readonly (keyof ConfigurationOptions & keyof ConfigureParams)[];

export class Configuration implements AsyncDisposable {
  readonly options: Readonly<ConfigurationOptions>;
  private current: EngineProcess | undefined;
  private starting: Promise<EngineProcess> | undefined;
  private readonly crashes: number[] = [];
  private lastCrash: Error | undefined;
  private closed = false;
  private startCount = 0;
  // The settings never change, so an engine that refused them will refuse them again: remember
  // the refusal instead of spawning an engine per call to hear it.
  private settingsError: unknown;
  private readonly log: Logger;

  constructor(options: ConfigurationOptions = {}) {
    checkOptions('Configuration', options, optionSpec);
    this.options = Object.freeze({ ...options });
    this.log = tapLogger(options.logger);
    this.warnWeakTls('Configuration', options);
  }

  /** How many engine processes this Configuration has started so far. */
  get engineStarts(): number {
    return this.startCount;
  }

  /** The running engine's pid, or undefined when none runs. */
  get enginePid(): number | undefined {
    return this.current?.pid;
  }

  /** The running engine's hello (versions), or undefined when none runs. */
  get engineHello(): Hello | undefined {
    return this.current?.hello;
  }

  /**
   * Calls an engine method. Feature packages build on this; most users call the typed functions
   * (`template`, `install`, ...) instead.
   */
  async call<M extends keyof EngineMethods>(
    method: M,
    params: EngineMethods[M]['params'],
    options: RequestOptions & { readonly retryOnCrash?: boolean } = {},
  ): Promise<EngineMethods[M]['result']> {
    this.warnWeakTls(options.action ?? method, params);
    const timeout = options.timeout ?? this.options.timeout;
    const requestOptions: RequestOptions = { ...options, timeout };
    for (let attempt = 0; ; attempt++) {
      const engine = await this.engine();
      try {
        return (await engine.request(method, params, requestOptions)) as EngineMethods[M]['result'];
      } catch (error) {
        // Only read-only calls opt into one transparent retry; mutating calls never repeat themselves.
        const retry = attempt === 0 && options.retryOnCrash === true && EngineCrashedError.isInstance(error) && !options.signal?.aborted;
        if (!retry) throw error;
      }
    }
  }

  /** Starts the engine now instead of on first use; resolves with its versions. */
  async start(): Promise<Hello> {
    return (await this.engine()).hello;
  }

  /**
   * Stops the engine: pending calls reject with `ConfigurationClosedError`, the engine gets stdin
   * EOF, then SIGTERM and SIGKILL if it does not exit in time. Further calls are refused.
   */
  async close(): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    const engine = this.current ?? (await this.starting?.catch(() => undefined));
    this.current = undefined;
    if (engine) await engine.close(new ConfigurationClosedError());
  }

  async [Symbol.asyncDispose](): Promise<void> {
    await this.close();
  }

  /** Kills the running engine with `signal` (for fault-injection tests and stuck engines). */
  killEngine(signal: NodeJS.Signals = 'SIGKILL'): boolean {
    return this.current?.kill(signal) ?? false;
  }

  private engine(): Promise<EngineProcess> {
    if (this.closed) return Promise.reject(new ConfigurationClosedError());
    if (this.settingsError !== undefined) return Promise.reject(this.settingsError);
    // A crashed engine is still `current` while the calls it rejected run their catch blocks (its
    // exit handler comes after them): a retry from there must start a new engine, not fail at once
    // on the dead one and spend the only retry of a read-only call.
    if (this.current?.acceptsCalls) return Promise.resolve(this.current);
    this.starting ??= this.startEngine().finally(() => {
      this.starting = undefined;
    });
    return this.starting;
  }

  private async startEngine(): Promise<EngineProcess> {
    const budget = this.options.restartBudget ?? { maxRestarts: 3, windowMs: 60_000 };
    const now = Date.now();
    while (this.crashes.length > 0 && (this.crashes[0] ?? 0) <= now - budget.windowMs) this.crashes.shift();
    if (this.crashes.length >= budget.maxRestarts) {
      throw new EngineUnavailableError(
        `helm-sdk engine crashed ${this.crashes.length} times within ${budget.windowMs} ms; not restarting it. ` +
          `Last failure: ${this.lastCrash?.message ?? 'unknown'}`,
        { cause: this.lastCrash },
      );
    }

    const { path } = resolveEngine({ enginePath: this.options.enginePath });
    this.startCount++;
    let engine: EngineProcess;
    try {
      engine = await EngineProcess.start({
        path,
        env: this.options.env,
        cwd: this.options.cwd,
        logger: this.log,
        maxFrameBytes: this.options.maxFrameBytes,
        startTimeout: this.options.startTimeout,
      });
    } catch (error) {
      // A refused engine version is the installation's fault, not a crash: every call says so
      // again instead of spending the restart budget and ending in EngineUnavailableError.
      if (!EngineVersionMismatchError.isInstance(error)) this.recordCrash(error);
      throw error;
    }
    void engine.exit.then((exit) => {
      if (this.current === engine) this.current = undefined;
      if (!exit.expected) this.recordCrash(exit.error);
    });

    try {
      await engine.request('engine.configure', this.configureParams(), {
        action: 'Configuration',
        timeout: this.options.startTimeout ?? 15_000,
      });
    } catch (error) {
      // Bad settings (e.g. an invalid kubeconfigData) are the user's to fix, not a crash.
      if (HelmError.isInstance(error)) this.settingsError = error;
      await engine.close(error instanceof HelmSdkError ? error : new ConfigurationClosedError());
      throw error;
    }
    if (this.closed) {
      await engine.close(new ConfigurationClosedError());
      throw new ConfigurationClosedError();
    }
    this.current = engine;
    return engine;
  }

  // Issue 7: an option that turns TLS verification (or TLS) off is allowed, never silent.
  private warnWeakTls(action: string, params: unknown): void {
    for (const message of weakTlsWarnings(action, params)) this.log({ level: 'warn', message, source: 'sdk' });
  }

  private recordCrash(error: unknown): void {
    this.crashes.push(Date.now());
    this.lastCrash = error instanceof Error ? error : new Error(String(error));
  }

  private configureParams(): ConfigureParams {
    const params: Record<string, unknown> = {};
    for (const key of engineSettingKeys) {
      if (this.options[key] !== undefined) params[key] = this.options[key];
    }
    return params as ConfigureParams;
  }
}
