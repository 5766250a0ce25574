import { describe, expect, it } from 'vitest';
import { createAccounts } from '../../src/create-accounts.js';
import { createMemoryMediaStorage } from '../../src/media/memory-media-storage.js';
import type { AccountsOptions } from '../../src/options.js';
import { createMemoryStorage } from '../../src/storage/memory/index.js';
import { SECRET } from './setup.js';

async function problemsOf(options: unknown): Promise<readonly string[]> {
  const error = await createAccounts(options as AccountsOptions).catch((caught: unknown) => caught);
  expect(error).toMatchObject({ name: 'ConfigurationError', code: 'CONFIGURATION_ERROR' });
  return (error as { problems: readonly string[] }).problems;
}

describe('createAccounts', () => {
  const storage = createMemoryStorage();

  it('builds a frozen service object with every operation', async () => {
    const accounts = await createAccounts({
      storage,
      tokens: { keys: SECRET },
      media: { storage: createMemoryMediaStorage() },
    });
    expect(Object.isFrozen(accounts)).toBe(true);
    expect(Object.keys(accounts).sort()).toEqual(
      [
        'authenticate',
        'clearCoverImage',
        'clearProfileImage',
        'deleteAccount',
        'follow',
        'getMe',
        'getUserDetail',
        'jwks',
        'listFollowers',
        'listFollowing',
        'login',
        'logout',
        'logoutEverywhere',
        'recount',
        'refresh',
        'register',
        'setCoverImage',
        'setProfileImage',
        'toggleFollow',
        'unfollow',
        'updateProfile',
        'verifyToken',
      ].sort(),
    );
    expect(await accounts.jwks()).toBe(null);
  });

  it.each([
    ['leeway 301 s', { leewaySeconds: 301 }],
    ['leeway -1', { leewaySeconds: -1 }],
    ['leeway NaN', { leewaySeconds: Number.NaN }],
    ['leeway Infinity', { leewaySeconds: Number.POSITIVE_INFINITY }],
    ['a 31-byte key', { keys: 'x'.repeat(31) }],
    ['the key "secret"', { keys: 'secret' }],
  ])('A-10 refuses %s at construction', async (_, tokens) => {
    const problems = await problemsOf({ storage, tokens: { keys: SECRET, ...tokens } });
    expect(problems.length).toBeGreaterThan(0);
    expect(problems.every((problem) => problem.startsWith('tokens.'))).toBe(true);
  });

  it('reports every problem of every section at once', async () => {
    const problems = await problemsOf({
      storage: {},
      tokens: { keys: 'short', refreshReuseGraceSeconds: 61 },
      passwords: { argon2: { memoryKiB: 1024, iterations: 1 }, policy: { minLength: 0 } },
      media: { maxBytes: 0, baseUrl: 'no-slash' },
      dateStyle: 'weekday',
      surprise: true,
    });
    expect(problems).toEqual(
      expect.arrayContaining([
        expect.stringMatching(/^storage/),
        expect.stringMatching(/^tokens\.refreshReuseGraceSeconds/),
        expect.stringMatching(/^media\.maxBytes/),
        expect.stringMatching(/^media\.baseUrl/),
        expect.stringMatching(/^dateStyle/),
        expect.stringMatching(/surprise/),
      ]),
    );
  });

  it('checks the password and token sections in depth once the outline is right', async () => {
    const problems = await problemsOf({
      storage,
      tokens: { keys: 'short' },
      passwords: { argon2: { memoryKiB: 1024, iterations: 1 }, policy: { minLength: 0 } },
    });
    expect(problems).toEqual([
      expect.stringMatching(/argon2/),
      'minLength must be an integer from 1 to 64',
      expect.stringMatching(/^tokens\.keys\.signing: HS256 secret must be at least 32 bytes/),
    ]);
  });
});
