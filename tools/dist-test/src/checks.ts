/**
 * The assertions of the dist test, each run on its own: one failing check is reported and the
 * others still run, so a single CI run shows every problem of a release. The summary ends with the
 * plain "N passed, M failed" line.
 */
import { execa } from 'execa';

export interface CheckResult {
  readonly name: string;
  readonly ok: boolean;
  readonly seconds: number;
  readonly detail: string;
}

export class Checks {
  readonly #results: CheckResult[] = [];

  /** Runs one check; `fn` returns a one-line detail for the summary or throws why it failed. */
  async run(name: string, fn: () => Promise<string>): Promise<boolean> {
    const start = performance.now();
    let ok = false;
    let detail: string;
    try {
      detail = await fn();
      ok = true;
    } catch (error) {
      detail = error instanceof Error ? error.message : String(error);
    }
    const seconds = (performance.now() - start) / 1000;
    this.#results.push({ name, ok, seconds, detail });
    process.stdout.write(`${ok ? 'PASS' : 'FAIL'} ${name} (${seconds.toFixed(1)} s): ${detail}\n`);
    return ok;
  }

  get failed(): number {
    return this.#results.filter((r) => !r.ok).length;
  }

  summary(): string {
    const width = Math.max(...this.#results.map((r) => r.name.length)) + 2;
    const rows = this.#results.map(
      (r) => `  ${r.ok ? 'PASS' : 'FAIL'}  ${r.name.padEnd(width)}${r.seconds.toFixed(1).padStart(7)} s  ${r.detail.split('\n')[0]}`,
    );
    const passed = this.#results.length - this.failed;
    return ['checks:', ...rows, `dist: ${passed} passed, ${this.failed} failed`].join('\n');
  }
}

/**
 * Runs a consumer script and returns the JSON of its `DIST-RESULT` line; throws with the tail of
 * its output when it exits non-zero or prints no result.
 */
export async function runConsumerScript(
  command: string,
  args: readonly string[],
  cwd: string,
  env: Readonly<Record<string, string>>,
): Promise<Record<string, unknown>> {
  const result = await execa(command, args, { cwd, env, extendEnv: false, reject: false, all: true, timeout: 180_000 });
  const line = result.all.split('\n').find((l) => l.startsWith('DIST-RESULT '));
  if (result.exitCode !== 0 || !line) {
    const why = result.timedOut ? 'timed out' : `exited with ${result.exitCode ?? result.signal}`;
    throw new Error(`${command} ${args.join(' ')} ${why}:\n${result.all.split('\n').slice(-25).join('\n')}`);
  }
  return JSON.parse(line.slice('DIST-RESULT '.length)) as Record<string, unknown>;
}
