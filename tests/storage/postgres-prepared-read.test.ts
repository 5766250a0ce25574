import { Kysely, PostgresDialect } from 'kysely';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { hotReadsOf } from '../../src/storage/kysely/direct-read.js';
import {
  type AccountsDatabase,
  createKyselyStorage,
  createPreparedPostgresDialect,
  migrateAccountsSchema,
} from '../../src/storage/kysely/index.js';
import type { AccountStorage } from '../../src/storage/storage.js';
import { aUser } from './conformance/builders.js';

const url = process.env.ACCOUNTKIT_TEST_POSTGRES_URL;
const schema = `accountkit_prepared_read_${process.pid}`;
const pools: pg.Pool[] = [];
const handles: Kysely<AccountsDatabase>[] = [];
let storage: AccountStorage;
let alice: number;
let bob: number;

const pool = () => {
  const made = new pg.Pool({ connectionString: url, max: 4, options: `-c search_path=${schema}` });
  pools.push(made);
  return made;
};
const connect = (dialect: PostgresDialect) => {
  const db = new Kysely<AccountsDatabase>({ dialect });
  handles.push(db);
  return db;
};

describe.runIf(url)(
  'PostgreSQL hot reads as named statements (createPreparedPostgresDialect)',
  () => {
    beforeAll(async () => {
      const admin = pool();
      await admin.query(`drop schema if exists ${schema} cascade; create schema ${schema}`);
      const db = connect(createPreparedPostgresDialect({ pool: pool() }));
      await migrateAccountsSchema(db, { dialect: 'postgres', migrationTableSchema: schema });
      storage = createKyselyStorage({ db, dialect: 'postgres' });
      alice = (await storage.users.insert(aUser({ username: 'alice' }))).id;
      bob = (await storage.users.insert(aUser({ username: 'bob' }))).id;
    });

    afterAll(async () => {
      for (const db of handles) await db.destroy();
      await pools[0]?.query(`drop schema if exists ${schema} cascade`);
      await pools[0]?.end();
    });

    it('are carried by the dialect that made the Kysely instance, not by the stock one', () => {
      expect(hotReadsOf(handles[0]!).later).toBeTypeOf('function');
      expect(hotReadsOf(connect(new PostgresDialect({ pool: pool() }))).later).toBeNull();
    });

    it('are not used when onCreateConnection prepares Kysely connections the pool would skip', () => {
      const hooked = createPreparedPostgresDialect({
        pool: pool(),
        onCreateConnection: async () => {},
      });
      expect(hotReadsOf(connect(hooked)).later).toBeNull();
    });

    it('read a user and an edge, again and again on the same statements', async () => {
      for (let round = 0; round < 3; round += 1) {
        await expect(storage.users.findById(alice)).resolves.toMatchObject({ username: 'alice' });
        await expect(storage.users.findById(999_999)).resolves.toBeNull();
        await expect(storage.follows.exists(alice, bob)).resolves.toBe(false);
      }
    });

    it('never see the rows of a transaction still open, and see them once committed', async () => {
      let outside: Promise<[boolean, number | undefined]> | undefined;
      await expect(
        storage.transaction(async (tx) => {
          await tx.follows.add(alice, bob);
          outside = Promise.all([
            storage.follows.exists(alice, bob),
            storage.users.findById(bob).then((user) => user?.followersCount),
          ]);
          await outside;
          throw new Error('roll back');
        }),
      ).rejects.toThrow('roll back');
      await expect(outside).resolves.toEqual([false, 0]);
      await storage.follows.add(alice, bob);
      await expect(storage.follows.exists(alice, bob)).resolves.toBe(true);
      await expect(storage.users.findById(bob)).resolves.toMatchObject({ followersCount: 1 });
    });
  },
);
