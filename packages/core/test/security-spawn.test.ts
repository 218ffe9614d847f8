/**
 * No shell anywhere on the spawn path (issue 7, Security).
 *
 * - Source inventory: the shipped packages spawn exactly one thing, the engine, in one place
 *   (core/src/engine/process.ts, execa with a file and an argument array), and nothing ships
 *   `shell: true`, `exec`/`execSync`, `execaCommand`/`$` (command strings) or a `sh -c`.
 * - Behaviour: an engine path full of shell syntax (spaces, `;`, `$(...)`, backticks, `&&`, `|`)
 *   is run as that literal file, both from the `enginePath` option and from HELM_SDK_ENGINE_PATH:
 *   the engine answers, its parent is this process (no shell in between), its argv is exactly the
 *   path, and none of the embedded commands ran. A hostile path that does not exist is refused by
 *   the resolver with `EngineNotFoundError`, and nothing runs either.
 */
import { copyFileSync, existsSync, linkSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import { EngineNotFoundError, resolveEngine } from '@helm-sdk/engine-go';
import { afterAll, describe, expect, it } from 'vitest';
import { Configuration, ping } from '../src/index.js';

const repoRoot = fileURLToPath(new URL('../../../', import.meta.url));
const scratch = mkdtempSync(join(tmpdir(), 'helm-sdk-spawn-'));
afterAll(() => rmSync(scratch, { recursive: true, force: true }));

function sourceFiles(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((e) => {
    const path = join(dir, e.name);
    if (e.isDirectory()) return sourceFiles(path);
    return /\.(ts|mts|js)$/.test(e.name) && !e.name.endsWith('.generated.ts') ? [path] : [];
  });
}

const shippedSources = readdirSync(join(repoRoot, 'packages'))
  .map((pkg) => join(repoRoot, 'packages', pkg, 'src'))
  .filter((dir) => existsSync(dir))
  .flatMap(sourceFiles);

// Every shell-syntax feature a careless spawn would interpret.
const hostileDir = (tag: string) =>
  join(scratch, `dir with spaces; touch PWNED-${tag}-1 && echo $(touch PWNED-${tag}-2) \`touch PWNED-${tag}-3\` | cat`);
const pwned = (tag: string) => [1, 2, 3].flatMap((n) => [join(scratch, `PWNED-${tag}-${n}`), join(process.cwd(), `PWNED-${tag}-${n}`)]);

function hostileEngine(tag: string): string {
  const dir = hostileDir(tag);
  mkdirSync(dir, { recursive: true });
  const path = join(dir, 'helm-sdk-engine; rm -rf "$HOME" #');
  const real = resolveEngine({ env: {} }).path;
  try {
    linkSync(real, path);
  } catch {
    copyFileSync(real, path);
  }
  return path;
}

function procInfo(pid: number): { ppid: number; argv: string[]; exe: string } {
  const status = readFileSync(`/proc/${pid}/status`, 'utf8');
  const ppid = Number(/PPid:\s+(\d+)/.exec(status)?.[1]);
  const argv = readFileSync(`/proc/${pid}/cmdline`, 'utf8').split('\0').slice(0, -1);
  const exe = readFileSync(`/proc/${pid}/comm`, 'utf8').trim();
  return { ppid, argv, exe };
}

describe('the spawn path', () => {
  it('has one spawn site in the shipped sources, with an argument array and no shell', () => {
    expect(shippedSources.length).toBeGreaterThan(20);
    const spawners = shippedSources.filter((f) => /from ['"](node:)?child_process['"]|from ['"]execa['"]/.test(readFileSync(f, 'utf8')));
    expect(spawners.map((f) => relative(repoRoot, f))).toEqual(['packages/core/src/engine/process.ts']);
    for (const file of shippedSources) {
      const text = readFileSync(file, 'utf8');
      const where = relative(repoRoot, file);
      expect(text, where).not.toMatch(/\bshell\s*:\s*(true|['"`])/);
      expect(text, where).not.toMatch(/(?<!\.)\bexec(Sync)?\s*\(|\bexecaCommand(Sync)?\b|\bexecaSync\b|\$`|['"]-c['"]/);
    }
    const process = readFileSync(join(repoRoot, 'packages/core/src/engine/process.ts'), 'utf8');
    // execa(file, [], {...}): a file and an (empty) argument array, never a command string.
    expect(process).toMatch(/execa\(options\.path, \[\], \{/);
    expect(process).not.toMatch(/\bshell\b\s*:/);
  });

  it('runs an engine path full of shell syntax as a literal file, with no shell in between', async () => {
    const path = hostileEngine('option');
    const cfg = new Configuration({ enginePath: path });
    try {
      expect(await ping(cfg, { payload: 'literal' })).toBe('literal');
      const pid = cfg.enginePid ?? 0;
      const info = procInfo(pid);
      expect(info.ppid).toBe(process.pid);
      expect(info.argv).toEqual([path]);
      expect(info.exe).toMatch(/^helm-sdk-engine/);
    } finally {
      await cfg.close();
    }
    for (const f of pwned('option')) expect(existsSync(f), f).toBe(false);
  });

  it('treats HELM_SDK_ENGINE_PATH the same way', async () => {
    const path = hostileEngine('env');
    const saved = process.env.HELM_SDK_ENGINE_PATH;
    process.env.HELM_SDK_ENGINE_PATH = path;
    const cfg = new Configuration();
    try {
      expect(await ping(cfg, { payload: 1 })).toBe(1);
      const info = procInfo(cfg.enginePid ?? 0);
      expect(info.ppid).toBe(process.pid);
      expect(info.argv).toEqual([path]);
    } finally {
      if (saved === undefined) delete process.env.HELM_SDK_ENGINE_PATH;
      else process.env.HELM_SDK_ENGINE_PATH = saved;
      await cfg.close();
    }
    for (const f of pwned('env')) expect(existsSync(f), f).toBe(false);
  });

  it('refuses a hostile path that is not an executable file, running nothing', async () => {
    const dir = hostileDir('missing');
    mkdirSync(dir, { recursive: true });
    for (const enginePath of [join(dir, 'no-such-engine $(touch PWNED-missing-2)'), dir]) {
      const cfg = new Configuration({ enginePath });
      const error = await ping(cfg).catch((e: unknown) => e);
      await cfg.close();
      expect(error).toBeInstanceOf(EngineNotFoundError);
      expect((error as EngineNotFoundError).tried[0]).toMatchObject({ source: 'option', path: enginePath });
    }
    expect(statSync(dir).isDirectory()).toBe(true);
    for (const f of pwned('missing')) expect(existsSync(f), f).toBe(false);
  });
});
