/**
 * Options are checked in TypeScript before anything reaches the engine (no engine is started).
 */
import { describe, expect, it } from 'vitest';
import { addRepo, Configuration, InvalidArgumentError, registryLogin, removeRepo, searchRepos } from '../src/index.js';

const cfg = new Configuration({ enginePath: '/nonexistent/engine' });

describe('option checking', () => {
  const cases: [string, () => Promise<unknown>, string][] = [
    ['unknown option', () => addRepo(cfg, { name: 'a', url: 'http://x', pasword: 'typo' } as never), 'pasword'],
    ['missing url', () => addRepo(cfg, { name: 'a' } as never), 'url'],
    ['wrong type', () => addRepo(cfg, { name: 'a', url: 'http://x', forceUpdate: 'yes' } as never), 'forceUpdate'],
    ['no name to remove', () => removeRepo(cfg, {}), 'name'],
    ['login without password', () => registryLogin(cfg, { host: 'h', username: 'u' } as never), 'password'],
    ['search versions not boolean', () => searchRepos(cfg, { versions: 1 } as never), 'versions'],
  ];
  for (const [title, call, input] of cases) {
    it(`${title} fails with InvalidArgumentError naming '${input}'`, async () => {
      const err = await call().catch((e: unknown) => e);
      expect(InvalidArgumentError.isInstance(err)).toBe(true);
      expect((err as InvalidArgumentError).input).toBe(input);
      expect(cfg.engineStarts).toBe(0);
    });
  }
});
