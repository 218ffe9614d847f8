/**
 * `pnpm test:dist`: helm-sdk tested the way a user meets it (issue 6).
 *
 * 1. Tools, pinned and cached in ~/.cache/helm-sdk/tools: Node 24 and Node 22 (`node` package), Bun (`bun`
 *    package), verdaccio (npm ci from tools/dist-test/verdaccio/package-lock.json).
 * 2. A local control plane: the running one of HELM_SDK_TESTENV, else one started here.
 * 3. A local npm registry (verdaccio on 127.0.0.1, see verdaccio.ts) and `pnpm release --registry`
 *    into it: every @helm-sdk/* package, built, packed, checked and published as a release would.
 * 4. In a fresh temp dir: `npm install @helm-sdk/actions` and nothing else. Then the checks: one
 *    engine binary (the host's), sizes, the lifecycle on Node 20 ESM, Node 20 CJS, Node 22, Node 24 and Bun,
 *    tsc with node16/nodenext/bundler, and the documented EngineNotFoundError for a missing
 *    HELM_SDK_ENGINE_PATH and for an install without the platform package.
 *
 * Options: --targets LIST (passed to pnpm release; default all five platforms), --keep (leave the
 * temp dirs for inspection). Exits non-zero when any stage or check fails.
 */
import { readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { basename, dirname, join, resolve, sep } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { readBinaryPlatform } from '@helm-sdk/engine-go';
import { Stages } from '@helm-sdk/release/timing';
import { type Endpoints, readEndpoints, startTestEnv, type TestEnv } from '@helm-sdk/testenv';
import { execa } from 'execa';
import { Checks, runConsumerScript } from './checks.js';
import { type Consumer, createConsumer, diskKiB, findFiles, formatKiB } from './consumer.js';
import {
  BUN_VERSION,
  type CachedTool,
  ensureBun,
  ensureNode,
  ensureNode24,
  ensureVerdaccio,
  NODE22_VERSION,
  NODE24_VERSION,
  verdaccioVersion,
} from './npm-tools.js';
import { MODULE_RESOLUTIONS, typecheckConsumer } from './typescript-consumer.js';
import { userEnv } from './user-env.js';
import { startVerdaccio, type Verdaccio } from './verdaccio.js';

const root = resolve(dirname(fileURLToPath(import.meta.url)), '..', '..', '..');
const hostTarget = `${process.platform}-${process.arch}`;
const hostPackage = `@helm-sdk/engine-${hostTarget}`;
const log = (line: string): void => {
  process.stdout.write(`${line}\n`);
};

const { values: args } = parseArgs({ options: { targets: { type: 'string' }, keep: { type: 'boolean' } }, strict: true });

const stages = new Stages(log);
const checks = new Checks();
const cleanups: (() => Promise<void> | void)[] = [];

function describeTool(name: string, tool: CachedTool): string {
  return `${name}: ${tool.downloaded ? `downloaded in ${tool.seconds.toFixed(1)} s` : 'cached'} (${tool.bin})`;
}

async function setUpCluster(): Promise<Endpoints> {
  const shared = process.env.HELM_SDK_TESTENV;
  if (shared) {
    log(`  using the running test environment of ${shared}`);
    return readEndpoints(shared);
  }
  const env: TestEnv = await startTestEnv({ log: () => {} });
  cleanups.push(() => env.stop());
  log(`  started a test environment (${env.endpoints.apiServer}, ready in ${env.endpoints.readySeconds.toFixed(1)} s)`);
  return env.endpoints;
}

async function publicRegistry(): Promise<string> {
  const { stdout } = await execa('npm', ['config', 'get', 'registry'], { cwd: tmpdir(), env: userEnv(), extendEnv: false });
  return stdout.trim();
}

function lifecycleEnv(
  consumer: Consumer,
  cluster: Endpoints,
  runtime: 'node' | 'bun',
  version: string,
  label: string,
): Record<string, string> {
  return userEnv({
    DIST_RUNTIME: runtime,
    DIST_VERSION: version,
    DIST_RELEASE: `dist-${label}-${Math.random().toString(36).slice(2, 7)}`,
    DIST_CHART: join(consumer.dir, 'chart'),
    DIST_KUBECONFIG: cluster.kubeconfig,
  });
}

async function engineBinaryCheck(consumer: Consumer): Promise<string> {
  const binaries = findFiles(consumer.nodeModules, 'helm-sdk-engine');
  if (binaries.length !== 1) {
    throw new Error(`expected exactly one engine binary, found ${binaries.length}:\n  ${binaries.join('\n  ') || '(none)'}`);
  }
  const [binary = ''] = binaries;
  const expectedDir = join(consumer.nodeModules, ...hostPackage.split('/'), 'bin') + sep;
  if (!binary.startsWith(expectedDir)) throw new Error(`the engine binary ${binary} is not in ${hostPackage}`);
  const platform = readBinaryPlatform(binary);
  const target = platform ? `${platform.os}-${platform.arch}` : 'unknown format';
  if (target !== hostTarget) throw new Error(`${binary} is a ${target} binary, this host is ${hostTarget}`);
  return `${binary.slice(consumer.dir.length + 1)} (${target})`;
}

async function sizesCheck(consumer: Consumer): Promise<string> {
  const total = await diskKiB(consumer.nodeModules);
  const scope = join(consumer.nodeModules, '@helm-sdk');
  const perPackage = await Promise.all(
    findPackageDirs(scope).map(async (dir) => `@helm-sdk/${basename(dir)} ${formatKiB(await diskKiB(dir))}`),
  );
  log(`  installed size of @helm-sdk/actions with its dependencies (du -sk node_modules): ${formatKiB(total)}`);
  for (const line of perPackage) log(`    ${line}`);
  return `node_modules ${formatKiB(total)}; ${perPackage.join(', ')}`;
}

function findPackageDirs(scope: string): string[] {
  return readdirSync(scope, { withFileTypes: true })
    .filter((entry) => entry.isDirectory())
    .map((entry) => join(scope, entry.name))
    .sort();
}

async function engineNotFoundCheck(
  consumer: Consumer,
  cluster: Endpoints,
  extraEnv: Record<string, string>,
  expected: readonly string[],
): Promise<string> {
  const env = userEnv({ DIST_KUBECONFIG: cluster.kubeconfig, ...extraEnv });
  const result = await runConsumerScript(process.execPath, ['engine-errors.mjs'], consumer.dir, env);
  const message = String(result.message);
  const missing = expected.filter((text) => !message.includes(text));
  if (missing.length > 0)
    throw new Error(`EngineNotFoundError message lacks ${missing.map((m) => JSON.stringify(m)).join(', ')}:\n${message}`);
  log(message.replace(/^/gm, '    | '));
  return `${result.name} (${result.code}), message names ${expected.length} expected parts`;
}

async function main(): Promise<void> {
  if (!process.version.startsWith('v20.')) {
    throw new Error(`run the dist test with Node 20 (the "Node 20" checks use this process's node); this is ${process.version}`);
  }
  const [node24, bun, verdaccioTool, node22] = await stages.run('tools (node, bun, verdaccio)', async () => {
    const tools = [await ensureNode24(), await ensureBun(), await ensureVerdaccio(), await ensureNode(NODE22_VERSION)] as const;
    log(`  ${describeTool(`node ${NODE24_VERSION}`, tools[0])}`);
    log(`  ${describeTool(`bun ${BUN_VERSION}`, tools[1])}`);
    log(`  ${describeTool(`verdaccio ${verdaccioVersion()}`, tools[2])}`);
    log(`  ${describeTool(`node ${NODE22_VERSION}`, tools[3])}`);
    return tools;
  });
  const cluster = await stages.run('test environment', setUpCluster);
  const registry: Verdaccio = await stages.run('verdaccio', async () => {
    const started = await startVerdaccio({ node: node24.bin, entry: verdaccioTool.bin, uplink: await publicRegistry() });
    cleanups.push(() => started.stop());
    log(`  ${started.url} (@helm-sdk/* local only, everything else proxied)`);
    return started;
  });
  const releaseOutput = await stages.run('pnpm release', async () => {
    const releaseArgs = ['release', '--registry', registry.url, ...(args.targets ? ['--targets', args.targets] : [])];
    const subprocess = execa('pnpm', releaseArgs, { cwd: root, env: { NODE_AUTH_TOKEN: registry.token }, all: true });
    subprocess.all.on('data', (chunk: Buffer) => process.stdout.write(chunk));
    return (await subprocess).all;
  });
  await checks.run('the publish token appears in no release output', async () => {
    if (releaseOutput.includes(registry.token)) throw new Error('pnpm release printed the NODE_AUTH_TOKEN it was given');
    return `${releaseOutput.length} characters of output searched`;
  });
  const consumer = await stages.run('npm install @helm-sdk/actions', async () => {
    const created = await createConsumer('full', registry.url, ['@helm-sdk/actions']);
    if (!args.keep) cleanups.push(() => rmSync(created.dir, { recursive: true, force: true }));
    log(`  ${created.dir}`);
    return created;
  });

  await stages.run('checks', async () => {
    await checks.run('exactly one engine binary, the host platform package', () => engineBinaryCheck(consumer));
    await checks.run('installed size', () => sizesCheck(consumer));

    const lifecycles = [
      {
        name: 'Node 20 ESM lifecycle',
        label: 'node20-esm',
        command: process.execPath,
        script: 'lifecycle.mjs',
        runtime: 'node',
        version: process.version,
      },
      {
        name: 'Node 20 CommonJS lifecycle',
        label: 'node20-cjs',
        command: process.execPath,
        script: 'lifecycle.cjs',
        runtime: 'node',
        version: process.version,
      },
      {
        name: `Node ${NODE22_VERSION} lifecycle`,
        label: 'node22',
        command: node22.bin,
        script: 'lifecycle.mjs',
        runtime: 'node',
        version: `v${NODE22_VERSION}`,
      },
      {
        name: `Node ${NODE24_VERSION} lifecycle`,
        label: 'node24',
        command: node24.bin,
        script: 'lifecycle.mjs',
        runtime: 'node',
        version: `v${NODE24_VERSION}`,
      },
      {
        name: `Bun ${BUN_VERSION} lifecycle`,
        label: 'bun',
        command: bun.bin,
        script: 'lifecycle.bun.ts',
        runtime: 'bun',
        version: BUN_VERSION,
      },
    ] as const;
    for (const run of lifecycles) {
      await checks.run(run.name, async () => {
        const env = lifecycleEnv(consumer, cluster, run.runtime, run.version, run.label);
        const result = await runConsumerScript(run.command, [run.script], consumer.dir, env);
        return `install -> status -> upgrade (rev 2) -> list -> uninstall on ${String(result.runtime)} in ${String(result.ms)} ms`;
      });
    }

    for (const resolution of MODULE_RESOLUTIONS) {
      await checks.run(
        `tsc --noEmit, moduleResolution ${resolution}`,
        async () => `${await typecheckConsumer(consumer.dir, root, resolution)}: no errors`,
      );
    }

    await checks.run('HELM_SDK_ENGINE_PATH to a missing file: EngineNotFoundError', () => {
      const missing = join(consumer.dir, 'no-such-engine');
      return engineNotFoundCheck(consumer, cluster, { HELM_SDK_ENGINE_PATH: missing }, [
        `helm-sdk engine binary not found for ${hostTarget}`,
        `env: ${missing} (does not exist)`,
        'HELM_SDK_ENGINE_PATH',
      ]);
    });

    await checks.run('install without the platform package (--omit=optional): EngineNotFoundError', async () => {
      const bare = await createConsumer('no-optional', registry.url, ['@helm-sdk/actions'], ['--omit=optional']);
      if (!args.keep) cleanups.push(() => rmSync(bare.dir, { recursive: true, force: true }));
      const binaries = findFiles(bare.nodeModules, 'helm-sdk-engine');
      if (binaries.length > 0) throw new Error(`--omit=optional still installed an engine binary: ${binaries.join(', ')}`);
      return engineNotFoundCheck(bare, cluster, {}, [
        `helm-sdk engine binary not found for ${hostTarget}`,
        `platform-package: ${hostPackage} (package not installed)`,
        `Fix: install ${hostPackage}`,
        '--omit=optional',
      ]);
    });
  });
}

async function runCleanups(): Promise<void> {
  for (const cleanup of cleanups.splice(0).reverse()) {
    try {
      await cleanup();
    } catch (error) {
      log(`cleanup failed: ${(error as Error).message}`);
    }
  }
}

// Ctrl-C or a CI timeout: stop verdaccio and the test environment and remove the temp dirs. `on`,
// not `once`: tsx relays the signal the process group already got, and a second, unhandled
// SIGINT would kill the process in the middle of the clean-up.
let interrupted = false;
for (const signal of ['SIGINT', 'SIGTERM'] as const) {
  process.on(signal, () => {
    if (interrupted) return;
    interrupted = true;
    log(`dist: ${signal}, cleaning up`);
    void runCleanups().finally(() => process.exit(130));
  });
}

let failure: unknown;
try {
  await main();
} catch (error) {
  failure = error;
}
await runCleanups();
log('');
log(stages.summary('dist test timings'));
log(checks.summary());
if (failure !== undefined) {
  log(`dist: FAILED before all checks ran: ${failure instanceof Error ? failure.message : String(failure)}`);
  process.exitCode = 1;
} else if (checks.failed > 0) {
  process.exitCode = 1;
}
