/** `pnpm testenv down`: stops the environment started by `pnpm testenv up` (through its pid file). */
import { existsSync, readFileSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { isAlive, runDir } from './index.js';

const pidFile = join(runDir(), 'up.pid');
if (!existsSync(pidFile)) {
  console.error('no test environment is running (no pid file)');
  process.exit(0);
}
const pid = Number(readFileSync(pidFile, 'utf8').trim());
if (!pid || !isAlive(pid)) {
  console.error(`stale pid file (pid ${pid} is not running); removed`);
  rmSync(pidFile, { force: true });
  process.exit(0);
}
process.kill(pid, 'SIGTERM');
const deadline = Date.now() + 30_000;
while (isAlive(pid) && Date.now() < deadline) await new Promise((r) => setTimeout(r, 100));
if (isAlive(pid)) {
  console.error(`pid ${pid} still running after 30 s; sending SIGKILL (its launcher exits when its stdin closes)`);
  process.kill(pid, 'SIGKILL');
}
rmSync(pidFile, { force: true });
console.error('test environment stopped');
