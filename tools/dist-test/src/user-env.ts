/**
 * The environment a user's shell would have: this process's environment without what pnpm and
 * the workspace add (`npm_config_*`, `npm_package_*`, `npm_lifecycle_*`, `PNPM_*`, node_modules/.bin
 * on PATH) and without `HELM_SDK_ENGINE_PATH`, so nothing in a consumer's run resolves from the
 * workspace. `extra` is added on top.
 */
import { delimiter } from 'node:path';

const WORKSPACE_VARS = /^(npm_config_|npm_package_|npm_lifecycle_|npm_node_execpath|npm_execpath|pnpm_|PNPM_|NODE_PATH$|INIT_CWD$)/i;

export function userEnv(extra: Readonly<Record<string, string>> = {}): Record<string, string> {
  const env: Record<string, string> = {};
  for (const [key, value] of Object.entries(process.env)) {
    if (value === undefined || WORKSPACE_VARS.test(key) || key === 'HELM_SDK_ENGINE_PATH') continue;
    env[key] = value;
  }
  env.PATH = (env.PATH ?? '')
    .split(delimiter)
    .filter((dir) => !dir.includes('node_modules'))
    .join(delimiter);
  return { ...env, ...extra };
}
