import { afterAll, beforeAll, beforeEach, describe } from 'vitest';
import { type Accounts, createAccounts } from '../../src/create-accounts.js';
import type { MemoryMediaStorage } from '../../src/media/memory-media-storage.js';
import { createMemoryMediaStorage } from '../../src/media/memory-media-storage.js';
import type { AccountsOptions } from '../../src/options.js';
import { createArgon2Hasher } from '../../src/passwords/argon2-hasher.js';
import type { PasswordHasher } from '../../src/passwords/password-hashing.js';
import type { AccountsLogger } from '../../src/services/deps.js';
import type { AccountStorage } from '../../src/storage/storage.js';
import type { StorageHarness } from '../storage/conformance/harness.js';
import { BACKENDS, backendHarness } from '../support/backends.js';
import { steppingClock } from '../support/fixed-clock.js';
import { sequenceRandom } from '../support/sequence-random.js';

/** The instant every service test starts at. */
export const T0 = '2024-07-11T12:00:00Z';
/** 32+ bytes, as the token service requires. */
export const SECRET = 'test-signing-secret-0123456789-abcdef';
/** A password every policy rule accepts. */
export const PASSWORD = 'correct horse battery staple';

/** Argon2id with the smallest parameters: the same code path as production, a fraction of the cost. */
export function cheapHasher() {
  return countingHasher(createArgon2Hasher({ memoryKiB: 256, iterations: 1, parallelism: 1 }));
}

/** Captures every warning, to check that none carries a secret. */
export function captureLogger(): AccountsLogger & { readonly lines: string[] } {
  const lines: string[] = [];
  return { lines, warn: (message, details) => lines.push(`${message} ${JSON.stringify(details)}`) };
}

/** Everything a service test works with. */
export interface Fixture {
  accounts: Accounts;
  storage: AccountStorage;
  harness: StorageHarness;
  clock: ReturnType<typeof steppingClock>;
  hasher: ReturnType<typeof cheapHasher>;
  media: MemoryMediaStorage;
  logger: ReturnType<typeof captureLogger>;
  /** Build another service on the same storage with other options. */
  build(overrides?: Partial<AccountsOptions>): Promise<Accounts>;
}

/**
 * Register `describe(\`${backend}: ${title}\`)` for every backend that runs here, each with a
 * fresh fixture per test (tables reset, clock at {@link T0}, counters at zero).
 */
export function describeEachBackend(
  title: string,
  testFile: string,
  body: (fixture: () => Fixture) => void,
): void {
  for (const backend of BACKENDS) {
    if (backend.harness === undefined) continue;
    describe(`${backend.name}: ${title}`, () => {
      let harness: StorageHarness;
      let storage: AccountStorage;
      let current: Fixture;
      beforeAll(async () => {
        harness = backendHarness(backend.name, `services_${testFile}`)!;
        storage = await harness.open();
      });
      afterAll(async () => {
        await harness?.close();
      });
      beforeEach(async () => {
        await harness.reset();
        const clock = steppingClock(T0);
        const hasher = cheapHasher();
        const media = createMemoryMediaStorage();
        const logger = captureLogger();
        const random = sequenceRandom(1);
        const build = (overrides: Partial<AccountsOptions> = {}) =>
          createAccounts({
            storage,
            tokens: { keys: SECRET },
            passwords: { preferred: hasher },
            media: { storage: media },
            clock,
            random,
            logger,
            ...overrides,
          });
        current = {
          accounts: await build(),
          storage,
          harness,
          clock,
          hasher,
          media,
          logger,
          build,
        };
      });
      body(() => current);
    });
  }
}

type Group = 'users' | 'follows' | 'refreshTokens';

/** Per-method replacements and a call listener for {@link interceptStorage}. */
export interface StorageHooks {
  readonly onCall?: (group: Group | 'transaction', method: string) => void;
  readonly users?: Partial<AccountStorage['users']>;
  readonly follows?: Partial<AccountStorage['follows']>;
  readonly refreshTokens?: Partial<AccountStorage['refreshTokens']>;
}

/**
 * A storage that reports every call and runs the given replacements instead of the real
 * methods, inside transactions too. Replacements receive the real group as `this`-free
 * third-party code would: call `real` to delegate.
 */
export function interceptStorage(storage: AccountStorage, hooks: StorageHooks): AccountStorage {
  const wrapGroup = <G extends Group>(group: G, real: AccountStorage[G]): AccountStorage[G] =>
    new Proxy(real, {
      get(target, method: string) {
        const replacement = (hooks[group] as Record<string, unknown> | undefined)?.[method];
        const original = (target as unknown as Record<string, (...args: unknown[]) => unknown>)[
          method
        ];
        return (...args: unknown[]) => {
          hooks.onCall?.(group, method);
          return typeof replacement === 'function'
            ? replacement(...args)
            : original?.apply(target, args);
        };
      },
    });
  const wrapStores = (stores: Pick<AccountStorage, Group>) => ({
    users: wrapGroup('users', stores.users),
    follows: wrapGroup('follows', stores.follows),
    refreshTokens: wrapGroup('refreshTokens', stores.refreshTokens),
  });
  return {
    ...wrapStores(storage),
    transaction(fn) {
      hooks.onCall?.('transaction', 'transaction');
      return storage.transaction((tx) => fn(wrapStores(tx)));
    },
    close: () => storage.close(),
  };
}

/** A storage counting every call, for "zero queries" assertions. */
export function countingStorage(storage: AccountStorage): AccountStorage & { calls: string[] } {
  const calls: string[] = [];
  return Object.assign(
    interceptStorage(storage, { onCall: (group, method) => calls.push(`${group}.${method}`) }),
    { calls },
  );
}

/** A counting wrapper around any hasher (full cost where cost is the point). */
export function countingHasher(inner: PasswordHasher): PasswordHasher & {
  readonly calls: { hash: number; verify: number };
  /** Length of the longest password the hasher was given. */
  readonly longest: () => number;
} {
  const calls = { hash: 0, verify: 0 };
  let longest = 0;
  const seen = (password: string) => {
    longest = Math.max(longest, password.length);
  };
  return {
    algorithm: inner.algorithm,
    calls,
    longest: () => longest,
    hash(password) {
      calls.hash += 1;
      seen(password);
      return inner.hash(password);
    },
    verify(password, encoded) {
      calls.verify += 1;
      seen(password);
      return inner.verify(password, encoded);
    },
    needsRehash: (encoded) => inner.needsRehash(encoded),
  };
}
