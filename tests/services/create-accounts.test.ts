import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { createAccounts } from '../../src/create-accounts.js';
import { isAccountsError } from '../../src/errors/is-accounts-error.js';
import { createMemoryMediaStorage } from '../../src/media/memory-media-storage.js';
import type { AccountsOptions } from '../../src/options.js';
import { createMemoryStorage } from '../../src/storage/memory/index.js';
import { fixedClock } from '../support/fixed-clock.js';
import { cheapHasher, PASSWORD, SECRET, T0 } from './setup.js';

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
        'pruneRefreshTokens',
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

  it('refuses misspelt password and policy options instead of ignoring them', async () => {
    const problems = await problemsOf({
      storage,
      tokens: { keys: SECRET },
      passwords: { prefered: 'argon2', policy: { minLenght: 12 } },
    });
    expect(problems).toHaveLength(2);
    expect(problems).toEqual(
      expect.arrayContaining([
        expect.stringMatching(/^passwords\.policy: .*minLenght/),
        expect.stringMatching(/^passwords: .*prefered/),
      ]),
    );
  });

  it('refuses a passwords.acceptTrimmed that is not a boolean', async () => {
    const problems = await problemsOf({
      storage,
      tokens: { keys: SECRET },
      passwords: { acceptTrimmed: 'yes' as unknown as boolean },
    });
    expect(problems).toEqual([expect.stringMatching(/^passwords\.acceptTrimmed: /)]);
  });

  it('applies dateStyle and the local media storage under media.root', async () => {
    const root = mkdtempSync(join(tmpdir(), 'accountkit-root-'));
    try {
      const accounts = await createAccounts({
        storage: createMemoryStorage(),
        tokens: { keys: SECRET },
        passwords: { preferred: cheapHasher() },
        media: { root },
        dateStyle: 'naturalday',
        clock: fixedClock(T0),
      });
      const { user } = await accounts.register({ username: 'alice', password: PASSWORD });
      expect(user.date_joined).toBe('today');
      const png = Uint8Array.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]);
      const view = await accounts.setProfileImage({
        userId: user.id,
        filename: 'me.png',
        bytes: png,
      });
      const path = view.profile_pic!.replace('/media/', '');
      expect(new Uint8Array(readFileSync(join(root, path)))).toEqual(png);
    } finally {
      rmSync(root, { recursive: true, force: true });
    }
  });
});

describe('only typed errors escape', () => {
  it('every operation rejects malformed input with an AccountsError, never a TypeError', async () => {
    const accounts = await createAccounts({
      storage: createMemoryStorage(),
      tokens: { keys: SECRET },
      passwords: { preferred: cheapHasher() },
      media: { storage: createMemoryMediaStorage() },
    });
    const garbage = [undefined, null, 42, 'x', [], {}, { userId: '1', targetId: {} }];
    const operations = Object.entries(accounts).filter(
      ([name]) => !['recount', 'jwks', 'pruneRefreshTokens'].includes(name),
    ) as [string, (input: unknown) => Promise<unknown>][];
    for (const [name, operation] of operations) {
      for (const input of garbage) {
        const error = await operation(input).then(
          () => new Error(`${name} accepted ${JSON.stringify(input)}`),
          (caught: unknown) => caught,
        );
        expect(isAccountsError(error), `${name}(${JSON.stringify(input)}): ${error}`).toBe(true);
        expect(['VALIDATION_FAILED', 'TOKEN_INVALID']).toContain((error as { code: string }).code);
      }
    }
  });
});
