/**
 * Fault injection for a test environment this process started itself (`startTestEnv`), never
 * the shared one other suites use: the kube-apiserver can be killed and started again, or
 * paused and resumed.
 *
 * - `kill()` / `start()` model a dead API server: SIGKILL, so clients get "connection refused"
 *   at once; `start()` brings it back on the same port with the same certificates and the same
 *   etcd (nothing lost), and resolves when `/readyz` says ok. The launcher does both (control
 *   commands on its stdin, one reply line each on its stdout; see cmd/testenv/control.go),
 *   because it supervises the process and would otherwise take its death for a failure.
 * - `pause()` / `resume()` model a hung one: SIGSTOP, so the kernel still accepts connections
 *   but nothing answers, and clients wait until their own timeout; SIGCONT ends it. Both resolve
 *   only once every thread of the process has stopped (or left the stopped state): kill(2)
 *   returns as soon as SIGSTOP is queued, and the group stop is carried out by one of the
 *   process's threads when the scheduler next runs it; until then the other threads keep
 *   serving. With two busy loops on the 2-core machine, some kube-apiserver thread was still
 *   running when kill(2) returned in 34 of 60 tries, the stop took up to a quarter of a second
 *   to complete (a Go HTTP server, 100 tries), and a `/readyz` sent at once on a keep-alive
 *   connection was answered "ok" in 4 of 60 tries: the failure of issue 11. Awaiting the stop,
 *   0 of 90 (with or without keep-alive).
 */
import { readdirSync, readFileSync } from 'node:fs';
import type { Readable, Writable } from 'node:stream';

export interface ApiServerControl {
  /** pid of the running kube-apiserver (changes with each `start()`) */
  pid(): number;
  /** SIGKILLs kube-apiserver and waits until it is gone: connections are refused until `start()`. */
  kill(): Promise<void>;
  /** Starts kube-apiserver again (same flags, port, certificates, etcd); resolves with its pid once `/readyz` is ok. */
  start(): Promise<number>;
  /**
   * SIGSTOPs kube-apiserver and resolves once every one of its threads is stopped (state T):
   * from then on connections hang without an answer until `resume()`.
   */
  pause(): Promise<void>;
  /** SIGCONTs a paused kube-apiserver and resolves once none of its threads is stopped. */
  resume(): Promise<void>;
}

/**
 * The scheduler state letter of each thread of `pid` (field 3 of /proc/<pid>/task/<tid>/stat:
 * R running, S sleeping, T stopped, ...). Threads that exit while being read are left out.
 */
export function threadStates(pid: number): string[] {
  const states: string[] = [];
  for (const tid of readdirSync(`/proc/${pid}/task`)) {
    let stat: string;
    try {
      stat = readFileSync(`/proc/${pid}/task/${tid}/stat`, 'utf8');
    } catch {
      continue;
    }
    // "tid (comm) S ...": comm may contain spaces and parentheses, the state follows the last ')'
    states.push(stat.slice(stat.lastIndexOf(')') + 2, stat.lastIndexOf(')') + 3));
  }
  return states;
}

/**
 * Polls until `done(states)` holds for the threads of `pid`. The bound only turns a process that
 * never gets there (signal lost, pid reused) into an error: a group stop or continue completes as
 * soon as each thread gets the CPU once, which on a busy 2-core machine took at most a few
 * hundred milliseconds, far from 10 s.
 */
async function untilThreads(pid: number, what: string, done: (states: string[]) => boolean): Promise<void> {
  const end = Date.now() + 10_000;
  for (;;) {
    const states = threadStates(pid);
    if (states.length > 0 && done(states)) return;
    if (Date.now() > end) throw new Error(`kube-apiserver (pid ${pid}) not ${what} after 10 s: thread states ${states.join('')}`);
    await new Promise((r) => setTimeout(r, 5));
  }
}

/**
 * Sends one command line at a time to the launcher and resolves with its reply. Attach it once
 * the launcher's first stdout line (the endpoints path) has been read: every line after it is
 * the reply to the oldest command waiting.
 */
export function controlChannel(stdin: Writable, stdout: Readable): (command: string) => Promise<string> {
  const waiting: { resolve: (reply: string) => void; reject: (e: Error) => void; command: string }[] = [];
  let buffered = '';
  stdout.on('data', (d: string | Buffer) => {
    buffered += d.toString();
    for (let nl = buffered.indexOf('\n'); nl >= 0; nl = buffered.indexOf('\n')) {
      const line = buffered.slice(0, nl).trim();
      buffered = buffered.slice(nl + 1);
      const w = waiting.shift();
      if (!w) continue;
      if (line.startsWith('ok')) w.resolve(line.slice(2).trim());
      else w.reject(new Error(`testenv ${w.command}: ${line}`));
    }
  });
  stdout.on('close', () => {
    for (const w of waiting.splice(0)) w.reject(new Error(`testenv ${w.command}: the launcher has exited`));
  });
  let queue: Promise<unknown> = Promise.resolve();
  return (command: string): Promise<string> => {
    const reply = queue.then(
      () =>
        new Promise<string>((resolve, reject) => {
          waiting.push({ resolve, reject, command });
          stdin.write(`${command}\n`);
        }),
    );
    queue = reply.catch(() => {});
    return reply;
  };
}

export function apiServerControl(send: (command: string) => Promise<string>, initialPid: number): ApiServerControl {
  let pid = initialPid;
  return {
    pid: () => pid,
    kill: async () => {
      await send('apiserver-kill');
    },
    start: async () => {
      pid = Number(await send('apiserver-start'));
      return pid;
    },
    pause: async () => {
      process.kill(pid, 'SIGSTOP');
      await untilThreads(pid, 'stopped', (states) => states.every((s) => s === 'T'));
    },
    resume: async () => {
      process.kill(pid, 'SIGCONT');
      await untilThreads(pid, 'resumed', (states) => !states.includes('T'));
    },
  };
}
