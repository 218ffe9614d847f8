/**
 * Named stages with their wall time, printed as they finish and as a summary at the end, so a
 * slow release or dist test shows at once which part was slow.
 */
export interface StageTime {
  readonly name: string;
  readonly seconds: number;
  readonly ok: boolean;
}

export class Stages {
  readonly #times: StageTime[] = [];
  readonly #started = performance.now();
  readonly #log: (line: string) => void;

  constructor(log: (line: string) => void = (line) => process.stdout.write(`${line}\n`)) {
    this.#log = log;
  }

  /** Runs `fn` as the stage `name`, recording its time whether it succeeds or throws. */
  async run<T>(name: string, fn: () => Promise<T>): Promise<T> {
    this.#log(`==> ${name}`);
    const start = performance.now();
    let ok = false;
    try {
      const result = await fn();
      ok = true;
      return result;
    } finally {
      const seconds = (performance.now() - start) / 1000;
      this.#times.push({ name, seconds, ok });
      this.#log(`<== ${name}: ${seconds.toFixed(1)} s${ok ? '' : ' (FAILED)'}`);
    }
  }

  get times(): readonly StageTime[] {
    return this.#times;
  }

  totalSeconds(): number {
    return (performance.now() - this.#started) / 1000;
  }

  /** A fixed-width table of every stage and the total. */
  summary(title: string): string {
    const width = Math.max(title.length, ...this.#times.map((t) => t.name.length)) + 2;
    const rows = this.#times.map((t) => `  ${t.name.padEnd(width)}${t.seconds.toFixed(1).padStart(8)} s  ${t.ok ? 'ok' : 'FAILED'}`);
    return [`${title}:`, ...rows, `  ${'total'.padEnd(width)}${this.totalSeconds().toFixed(1).padStart(8)} s`].join('\n');
  }
}
