import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Kysely, SqliteDialect } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { directReadOf } from '../../src/storage/kysely/direct-read.js';
import { directWriteOf } from '../../src/storage/kysely/direct-write.js';
import {
  type AccountsDatabase,
  createCachedSqliteDialect,
  createKyselyStorage,
  migrateAccountsSchema,
} from '../../src/storage/kysely/index.js';
import type { AccountStorage } from '../../src/storage/storage.js';
import { aChild, aToken, aUser, NOW } from './conformance/builders.js';
import { openSqliteFile } from './harnesses/sqlite.js';

const dir = mkdtempSync(join(tmpdir(), 'accountkit-direct-read-'));
const file = join(dir, 'accounts.sqlite3');
const handles: Kysely<AccountsDatabase>[] = [];
let storage: AccountStorage;
let alice: number;
let bob: number;

beforeAll(async () => {
  const db = new Kysely<AccountsDatabase>({
    dialect: createCachedSqliteDialect({ database: openSqliteFile(file, 20) }),
  });
  handles.push(db);
  await migrateAccountsSchema(db, { dialect: 'sqlite' });
  storage = createKyselyStorage({ db, dialect: 'sqlite' });
  alice = (await storage.users.insert(aUser({ username: 'alice' }))).id;
  bob = (await storage.users.insert(aUser({ username: 'bob' }))).id;
});

afterAll(async () => {
  for (const db of handles) await db.destroy();
  rmSync(dir, { recursive: true, force: true });
});

describe('SQLite hot reads straight on the connection (createCachedSqliteDialect)', () => {
  it('are available through the dialect that made the Kysely instance', () => {
    expect(directReadOf(handles[0]!)).toBeTypeOf('function');
  });

  it("are not used with Kysely's stock SqliteDialect", () => {
    const stock = new Kysely<AccountsDatabase>({
      dialect: new SqliteDialect({ database: openSqliteFile(file, 20) }),
    });
    handles.push(stock);
    expect(directReadOf(stock)).toBeNull();
  });

  it('answer a read at once, before the event loop turns', async () => {
    const read = storage.users.findById(alice);
    // A read through Kysely's queue would still be pending after one microtask.
    const first = await Promise.race([read, Promise.resolve('pending')]);
    expect(first).toMatchObject({ id: alice, username: 'alice' });
  });

  it('never see the rows of a transaction still open on the same connection', async () => {
    let outside: Promise<[boolean, number | undefined]> | undefined;
    await expect(
      storage.transaction(async (tx) => {
        await tx.follows.add(alice, bob);
        // Asked mid-transaction; must wait for it and see the rolled-back state.
        outside = Promise.all([
          storage.follows.exists(alice, bob),
          storage.users.findById(bob).then((user) => user?.followersCount),
        ]);
        throw new Error('roll back');
      }),
    ).rejects.toThrow('roll back');
    await expect(outside).resolves.toEqual([false, 0]);
  });

  it('see a committed write at once', async () => {
    await storage.follows.add(alice, bob);
    await expect(storage.follows.exists(alice, bob)).resolves.toBe(true);
    await expect(storage.users.findById(bob)).resolves.toMatchObject({ followersCount: 1 });
  });
});

describe('SQLite rotations straight on the connection (createCachedSqliteDialect)', () => {
  it('are available through the dialect that made the Kysely instance, and not without it', () => {
    expect(directWriteOf(handles[0]!)).toBeTypeOf('function');
    expect(directWriteOf(handles[1]!)).toBeNull();
  });

  it('finish before the event loop turns when the connection is free', async () => {
    await storage.refreshTokens.insert(aToken(alice, 'free-parent', 'family-free'));
    const rotation = storage.refreshTokens.rotate(
      'free-parent',
      aChild(alice, 'free-child', 'family-free'),
      NOW,
    );
    expect(await Promise.race([rotation, Promise.resolve('pending')])).toBe(true);
  });

  it('never run inside a transaction still open on the same connection', async () => {
    await storage.refreshTokens.insert(aToken(alice, 'parent', 'family-open'));
    let rotation: Promise<boolean> | undefined;
    await expect(
      storage.transaction(async (tx) => {
        await tx.refreshTokens.revokeFamily('family-open', NOW);
        // Inside the open transaction it would see the revocation; it must wait for the rollback.
        rotation = storage.refreshTokens.rotate(
          'parent',
          aChild(alice, 'child', 'family-open'),
          NOW,
        );
        throw new Error('roll back');
      }),
    ).rejects.toThrow('roll back');
    await expect(rotation).resolves.toBe(true);
    expect(await storage.refreshTokens.find('child')).toMatchObject({ parentJti: 'parent' });
  });
});
