import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { createAccounts } from '../../src/create-accounts.js';
import { isAccountsError } from '../../src/errors/is-accounts-error.js';
import { createMemoryMediaStorage } from '../../src/media/memory-media-storage.js';
import type { AccountsOptions } from '../../src/options.js';
import { createMemoryStorage } from '../../src/storage/memory/index.js';
import type { StorageTransaction } from '../../src/storage/storage.js';
import { fixedClock } from '../support/fixed-clock.js';
import { cheapHasher, PASSWORD, SECRET, T0 } from './setup.js';

/** Where a problem is: the text before its first colon. */
const whereOf = (problem: string) => problem.slice(0, problem.indexOf(':'));

/** Reads like a strict configuration object: any property that is not there throws. */
function strict<T extends object>(target: T): T {
  return new Proxy(target, {
    get(object, name, receiver) {
      if (name in object) return Reflect.get(object, name, receiver);
      throw new Error(`no property ${String(name)}`);
    },
  });
}

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
        'calibratePasswords',
        'clearCoverImage',
        'clearProfileImage',
        'deleteAccount',
        'endSession',
        'follow',
        'getMe',
        'getUserDetail',
        'jwks',
        'listFollowers',
        'listFollowing',
        'listSessions',
        'login',
        'logout',
        'logoutEverywhere',
        'pruneRefreshTokens',
        'recount',
        'refresh',
        'register',
        'requestEmailVerification',
        'requestPasswordReset',
        'resetPassword',
        'setCoverImage',
        'setProfileImage',
        'toggleFollow',
        'unfollow',
        'updateProfile',
        'verifyEmail',
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

  it('reports every problem of every section at once, the in-depth ones included', async () => {
    const problems = await problemsOf({
      storage: {},
      tokens: { keys: 'short', refreshReuseGraceSeconds: 61 },
      passwords: { argon2: { memoryKiB: 1024, iterations: 1 }, policy: { minLength: 0 } },
      media: { maxBytes: 0, baseUrl: 'no-slash' },
      dateStyle: 'weekday',
      surprise: true,
    });
    expect(problems.map(whereOf)).toEqual([
      'options',
      'storage',
      'storage.users',
      'storage.follows',
      'storage.refreshTokens',
      'tokens.refreshReuseGraceSeconds',
      'media.maxBytes',
      'media.baseUrl',
      'dateStyle',
      'passwords',
      'passwords.policy',
      'tokens.keys.signing',
    ]);
    expect(problems[0]).toBe('options: unknown option "surprise"');
    expect(problems[1]).toBe('storage: missing transaction(), close()');
  });

  it('reports three independent problems together: a key, a size and a storage method', async () => {
    const { rotate: _rotate, ...refreshTokens } = storage.refreshTokens;
    const problems = await problemsOf({
      storage: { ...storage, refreshTokens },
      tokens: { keys: 'short' },
      media: { maxBytes: -1 },
    });
    expect(problems).toEqual([
      'storage.refreshTokens: missing rotate()',
      expect.stringMatching(/^media\.maxBytes: /),
      'tokens.keys.signing: HS256 secret must be at least 32 bytes (RFC 7518 §3.2)',
    ]);
  });

  it('checks the password and token sections in depth', async () => {
    const problems = await problemsOf({
      storage,
      tokens: { keys: 'short' },
      passwords: { argon2: { memoryKiB: 1024, iterations: 1 }, policy: { minLength: 0 } },
    });
    expect(problems).toEqual([
      'passwords: argon2 parameters are below OWASP minimum (e.g. memoryKiB 19456 with iterations 2)',
      'passwords.policy: minLength must be an integer from 1 to 64',
      'tokens.keys.signing: HS256 secret must be at least 32 bytes (RFC 7518 §3.2)',
    ]);
  });

  it('imports the signing keys in the same pass, so an unusable key is listed with the rest', async () => {
    const problems = await problemsOf({
      storage,
      tokens: { keys: { alg: 'EdDSA', key: 'not a pem' } },
      media: { maxBytes: -1 },
    });
    expect(problems).toEqual([
      expect.stringMatching(/^media\.maxBytes: /),
      'tokens.keys.signing: unusable EdDSA key',
    ]);
  });

  it.each([
    ['undefined', undefined],
    ['null', null],
    ['a number', 42],
    ['a string', 'options'],
    ['an array', []],
  ])('refuses %s as the options', async (_, options) => {
    expect(await problemsOf(options)).toEqual(['options: must be an object']);
  });

  it('turns an option whose getter throws into a problem', async () => {
    const problems = await problemsOf({
      get storage(): never {
        throw new Error('boom');
      },
      tokens: { keys: 'short' },
    });
    expect(problems).toEqual([
      'storage: could not be read (boom)',
      'tokens.keys.signing: HS256 secret must be at least 32 bytes (RFC 7518 §3.2)',
    ]);
  });

  it('turns a value that throws inside the token options into a problem, keeping the cause', async () => {
    const trap = new Error('trap');
    const keys = new Proxy(
      {},
      {
        get() {
          throw trap;
        },
      },
    );
    const error = await createAccounts({ storage, tokens: { keys } } as unknown as AccountsOptions)
      .then(() => null)
      .catch((caught: unknown) => caught);
    expect(error).toMatchObject({
      name: 'ConfigurationError',
      problems: ['tokens: could not be checked (trap)'],
      cause: trap,
    });
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

describe('a storage or options behind a Proxy', () => {
  const options = (storage: unknown) =>
    ({
      storage,
      tokens: { keys: SECRET },
      passwords: { preferred: cheapHasher() },
    }) as AccountsOptions;

  async function registersThrough(storage: unknown) {
    const accounts = await createAccounts(options(storage));
    const { user } = await accounts.register({ username: 'alice', password: PASSWORD });
    return user.username;
  }

  it('uses a storage wrapped in a transparent Proxy, and uses the Proxy itself', async () => {
    const inner = createMemoryStorage();
    const read: (string | symbol)[] = [];
    const traced = new Proxy(inner, {
      get(target, name, receiver) {
        read.push(name);
        return Reflect.get(target, name, receiver);
      },
    });
    const accounts = await createAccounts(options(traced));
    read.length = 0;
    const { user } = await accounts.register({ username: 'alice', password: PASSWORD });
    // Served through the Proxy, not through a copy taken at construction.
    expect(read).toContain('transaction');
    expect(await inner.users.findById(user.id)).toMatchObject({ username: 'alice' });
  });

  it('uses a storage behind a Proxy that throws for any property it lacks', async () => {
    const inner = createMemoryStorage();
    const wrapped = strict({
      ...inner,
      users: strict(inner.users),
      follows: strict(inner.follows),
      refreshTokens: strict(inner.refreshTokens),
    });
    expect(await registersThrough(wrapped)).toBe('alice');
  });

  it('uses a storage that is a class instance, methods on its prototype', async () => {
    const inner = createMemoryStorage();
    class WrappedStorage {
      readonly users = inner.users;
      readonly follows = inner.follows;
      readonly refreshTokens = inner.refreshTokens;
      transaction<T>(fn: (tx: StorageTransaction) => Promise<T>): Promise<T> {
        return inner.transaction(fn);
      }
      close(): Promise<void> {
        return inner.close();
      }
    }
    expect(await registersThrough(new WrappedStorage())).toBe('alice');
  });

  it('reports what a Proxy storage lacks as a ConfigurationError', async () => {
    const inner = createMemoryStorage();
    const { findByEmail: _findByEmail, ...users } = inner.users;
    const partial = strict({
      users: strict(users),
      follows: inner.follows,
      transaction: inner.transaction,
    });
    expect(await problemsOf(options(partial))).toEqual([
      'storage: missing close()',
      'storage.users: missing findByEmail()',
      'storage.refreshTokens: must be an object',
    ]);
    expect(await problemsOf(options(strict({})))).toEqual([
      'storage: missing transaction(), close()',
      'storage.users: must be an object',
      'storage.follows: must be an object',
      'storage.refreshTokens: must be an object',
    ]);
  });

  it('accepts options objects that throw for any property they lack', async () => {
    const accounts = await createAccounts(
      strict({
        storage: createMemoryStorage(),
        tokens: strict({ keys: SECRET }),
        passwords: strict({ preferred: cheapHasher(), policy: strict({ minLength: 10 }) }),
        media: strict({ storage: createMemoryMediaStorage() }),
      }),
    );
    const { user } = await accounts.register({ username: 'alice', password: PASSWORD });
    expect(user.username).toBe('alice');
  });
});

describe('only typed errors escape', () => {
  it('every operation rejects malformed input with an AccountsError, never a TypeError', async () => {
    const accounts = await createAccounts({
      storage: createMemoryStorage(),
      tokens: { keys: SECRET },
      passwords: { preferred: cheapHasher() },
      media: { storage: createMemoryMediaStorage() },
      passwordReset: {
        secret: 'reset-secret-of-the-django-app-0123456789',
        mailer: { send: async () => {} },
        link: (uid, token) => `https://app.example.test/reset/${uid}/${token}/`,
      },
      emailVerification: {
        secret: 'verification-secret-of-the-app-0123456789',
        mailer: { send: async () => {} },
        link: (key) => `https://app.example.test/verify/${key}`,
      },
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
