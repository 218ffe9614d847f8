/**
 * Publishes tarballs with `npm publish <tgz>`.
 *
 * Credentials: when `NODE_AUTH_TOKEN` is set, the release writes a throwaway `.npmrc` in a temp
 * dir whose auth line is the literal `${NODE_AUTH_TOKEN}` (npm expands it when it reads the file),
 * so the token is never written to disk, printed, or passed on a command line. Without it, npm's
 * own configuration (`npm login`) applies.
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { execa } from 'execa';

export interface PublishTarget {
  readonly registry: string;
  readonly tag?: string | undefined;
}

/** `//host:port/path/`: the key prefix npm uses for a registry's credentials. */
export function registryAuthKey(registry: string): string {
  const url = new URL(registry);
  const path = url.pathname.endsWith('/') ? url.pathname : `${url.pathname}/`;
  return `//${url.host}${path}`;
}

export class Publisher {
  readonly #target: PublishTarget;
  readonly #configDir: string | undefined;

  constructor(target: PublishTarget, env: NodeJS.ProcessEnv = process.env) {
    this.#target = target;
    if (env.NODE_AUTH_TOKEN) {
      this.#configDir = mkdtempSync(join(tmpdir(), 'helm-sdk-release-'));
      // Escaped: the \${NODE_AUTH_TOKEN} is for npm to expand when it reads the file.
      const authLine = `${registryAuthKey(target.registry)}:_authToken=\${NODE_AUTH_TOKEN}`;
      writeFileSync(join(this.#configDir, '.npmrc'), `registry=${target.registry}\n${authLine}\n`, { mode: 0o600 });
    }
  }

  /**
   * True when the registry already has `name@version`, so a release that failed half-way can be
   * run again: what is there is skipped (a registry never accepts the same version twice anyway).
   */
  async isPublished(name: string, version: string): Promise<boolean> {
    const args = ['view', `${name}@${version}`, 'version', '--registry', this.#target.registry, '--loglevel', 'error'];
    if (this.#configDir) args.push('--userconfig', join(this.#configDir, '.npmrc'));
    const result = await execa('npm', args, { cwd: this.#configDir ?? tmpdir(), reject: false });
    return result.exitCode === 0 && result.stdout.trim() === version;
  }

  async publish(tarball: string): Promise<void> {
    const args = ['publish', tarball, '--registry', this.#target.registry, '--ignore-scripts', '--access', 'public', '--loglevel', 'warn'];
    if (this.#target.tag) args.push('--tag', this.#target.tag);
    if (this.#configDir) args.push('--userconfig', join(this.#configDir, '.npmrc'));
    // cwd: a neutral directory, so no workspace .npmrc or package.json takes part.
    await execa('npm', args, { cwd: this.#configDir ?? tmpdir(), stdout: 'inherit', stderr: 'inherit' });
  }

  dispose(): void {
    if (this.#configDir) rmSync(this.#configDir, { recursive: true, force: true });
  }
}
