import { Kysely, MysqlDialect, PostgresDialect } from 'kysely';
import { createPool } from 'mysql2';
import pg from 'pg';
import { afterAll, describe, expect, it } from 'vitest';
import { createAccounts } from '../../src/create-accounts.js';
import { createMemoryMediaStorage } from '../../src/media/memory-media-storage.js';
import { type AccountsDatabase, createKyselyStorage } from '../../src/storage/kysely/index.js';
import { createTokenService } from '../../src/tokens/create-token-service.js';
import { sequenceRandom } from '../support/sequence-random.js';
import { cheapHasher, PASSWORD, SECRET, T0 } from './setup.js';

/** Nothing listens on port 1 of the loopback interface: every connection is refused. */
const CLOSED = { host: '127.0.0.1', port: 1 };

const databases = {
  postgres: () =>
    new Kysely<AccountsDatabase>({
      dialect: new PostgresDialect({
        pool: new pg.Pool({ ...CLOSED, user: 'x', database: 'x', connectionTimeoutMillis: 2_000 }),
      }),
    }),
  mysql: () =>
    new Kysely<AccountsDatabase>({
      dialect: new MysqlDialect({
        pool: createPool({ ...CLOSED, user: 'x', database: 'x', connectTimeout: 2_000 }),
      }),
    }),
} as const;

for (const [dialect, open] of Object.entries(databases) as [
  keyof typeof databases,
  () => Kysely<AccountsDatabase>,
][]) {
  describe(`${dialect} (unreachable): G-13`, () => {
    const db = open();
    afterAll(() => db.destroy());

    it('G-13 database unreachable: STORAGE_UNAVAILABLE for every operation, never a success, no driver text', async () => {
      const accounts = await createAccounts({
        storage: createKyselyStorage({ db, dialect }),
        tokens: { keys: SECRET },
        passwords: { preferred: cheapHasher() },
        media: { storage: createMemoryMediaStorage() },
        clock: { now: () => new Date(T0) },
        random: sequenceRandom(),
      });
      const signer = await createTokenService({ keys: SECRET, random: sequenceRandom(900) });
      const pair = await signer.issuePair(
        {
          id: 1,
          username: 'alice',
          usernameKey: 'alice',
          email: '',
          passwordHash: '!',
          isActive: true,
          dateJoined: new Date(T0),
          profilePic: null,
          coverImage: null,
          followersCount: 0,
          followingCount: 0,
          tokenVersion: 0,
          lastLogin: null,
        },
        new Date(T0),
      );
      const attempts = [
        accounts.login({ username: 'alice', password: PASSWORD }),
        accounts.register({ username: 'alice', password: PASSWORD }),
        accounts.authenticate(pair.access),
        accounts.refresh({ refresh: pair.refresh }),
        accounts.logout({ refresh: pair.refresh }),
        accounts.getUserDetail({ viewerId: 1, id: 2 }),
        accounts.follow({ userId: 1, targetId: 2 }),
      ];
      const results = await Promise.allSettled(attempts);
      for (const result of results) {
        expect(result.status).toBe('rejected');
        const error = (result as PromiseRejectedResult).reason as Error & { code: string };
        expect(error).toMatchObject({ name: 'StorageError', code: 'STORAGE_UNAVAILABLE' });
        expect(error.message).not.toMatch(/select|insert|update|ECONNREFUSED|127\.0\.0\.1|\n/i);
      }
    });
  });
}
