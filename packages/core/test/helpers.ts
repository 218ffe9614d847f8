/** Shared helpers for core's tests: a Configuration with the engine's test-only methods on. */
import { readFileSync } from 'node:fs';
import { Configuration, type ConfigurationOptions } from '../src/index.js';

export const testEnv = { HELM_SDK_ENGINE_TEST: '1' } as const;

const opened: Configuration[] = [];
const pids = new Set<number>();

/** A Configuration whose engine serves the test-only methods; closed by `closeAll`. */
export function testConfig(options: ConfigurationOptions = {}): Configuration {
  const cfg = new Configuration({ ...options, env: { ...testEnv, ...options.env } });
  opened.push(cfg);
  return cfg;
}

/** Remembers an engine pid so the suite can prove no engine outlives its test. */
export function trackPid(pid: number | undefined): void {
  if (pid !== undefined) pids.add(pid);
}

export async function closeAll(): Promise<void> {
  for (const cfg of opened.splice(0)) {
    trackPid(cfg.enginePid);
    await cfg.close();
  }
}

/**
 * True while `pid` runs. A zombie (exited, not yet reaped by its parent: after a host script
 * exits, its engine is reparented to init, which reaps it whenever it gets to it) counts as gone,
 * so a test measures the engine, not init's scheduling. Signal 0 alone would count a zombie as
 * alive, so /proc's state field decides where there is one.
 */
export function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
  } catch {
    return false;
  }
  return procState(pid) !== 'Z';
}

/** The state letter of /proc/<pid>/stat (R, S, T, Z, ...), or undefined without /proc or pid. */
export function procState(pid: number): string | undefined {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    // The command name (field 2) is in parentheses and may contain spaces; the state follows it.
    return stat.slice(stat.lastIndexOf(')') + 2, stat.lastIndexOf(')') + 3);
  } catch {
    return undefined;
  }
}

/** Pids of engines this suite started that are still running. */
export function livingEngines(): number[] {
  return [...pids].filter(isAlive);
}

export async function waitFor(predicate: () => boolean, timeoutMs = 5_000): Promise<boolean> {
  const end = Date.now() + timeoutMs;
  while (Date.now() < end) {
    if (predicate()) return true;
    await new Promise((r) => setTimeout(r, 20));
  }
  return predicate();
}

type RawCall = (method: string, params: unknown, options?: Parameters<Configuration['call']>[2]) => Promise<unknown>;

/** Calls any engine method by name, including the test-only ones. */
export function rawCall(
  cfg: Configuration,
  method: string,
  params: unknown = {},
  options?: Parameters<Configuration['call']>[2],
): Promise<unknown> {
  return (cfg.call as unknown as RawCall).call(cfg, method, params, options);
}
