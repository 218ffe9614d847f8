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
 *   but nothing answers, and clients wait until their own timeout; SIGCONT ends it.
 */
import type { Readable, Writable } from 'node:stream';

export interface ApiServerControl {
  /** pid of the running kube-apiserver (changes with each `start()`) */
  pid(): number;
  /** SIGKILLs kube-apiserver and waits until it is gone: connections are refused until `start()`. */
  kill(): Promise<void>;
  /** Starts kube-apiserver again (same flags, port, certificates, etcd); resolves with its pid once `/readyz` is ok. */
  start(): Promise<number>;
  /** SIGSTOPs kube-apiserver: connections hang without an answer until `resume()`. */
  pause(): void;
  /** SIGCONTs a paused kube-apiserver. */
  resume(): void;
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
    pause: () => process.kill(pid, 'SIGSTOP'),
    resume: () => process.kill(pid, 'SIGCONT'),
  };
}
