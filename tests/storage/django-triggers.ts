import { readFileSync } from 'node:fs';
import { sql } from 'kysely';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { usernameKey } from '../../src/core/username.js';
import {
  createKyselyStorage,
  DJANGO_TABLE_NAMES,
  migrateDjangoSchema,
  undoDjangoSideBySide,
} from '../../src/storage/kysely/index.js';
import type { AccountStorage } from '../../src/storage/storage.js';
import { aUser } from './conformance/builders.js';
import {
  catalogTriggers,
  type DjangoBackend,
  type DjangoDatabase,
} from './harnesses/django-database.js';
import { makePassword } from './harnesses/django-orm.js';

interface ManifestUser {
  readonly id: number;
  readonly username: string;
  readonly followers: number;
  readonly following: number;
}
const manifest: { users: ManifestUser[] } = JSON.parse(
  readFileSync(new URL('../fixtures/django-db/manifest.json', import.meta.url), 'utf8'),
);
const django = (id: number) => manifest.users.find((user) => user.id === id) as ManifestUser;

/** The side-by-side triggers each database gets, by the names the catalogs show. */
const TRIGGERS = {
  sqlite: [
    'account_user_accountkit_key_on_insert',
    'account_user_accountkit_key_on_rename',
    'account_user_accountkit_revoke_on_password',
    'account_user_following_accountkit_count_on_delete',
    'account_user_following_accountkit_count_on_insert',
  ],
  postgres: [
    'account_user_accountkit_derive',
    'account_user_accountkit_derive()',
    'account_user_following_accountkit_count',
    'account_user_following_accountkit_count()',
  ],
  mysql: [
    'account_user_accountkit_before_insert',
    'account_user_accountkit_before_update',
    'account_user_following_accountkit_count_on_delete',
    'account_user_following_accountkit_count_on_insert',
    'account_user_following_accountkit_lock_on_insert',
  ],
};

/** Run `writes` one after another, settling each like `Promise.allSettled`. */
async function sequentially(writes: readonly (() => Promise<unknown>)[]) {
  const results: PromiseSettledResult<unknown>[] = [];
  for (const write of writes) {
    results.push(
      await write().then(
        (value) => ({ status: 'fulfilled', value }) as const,
        (reason: unknown) => ({ status: 'rejected', reason }) as const,
      ),
    );
  }
  return results;
}

/** A Django hash; the password does not matter to these tests, only that it is Django's. */
const HASH = makePassword('django-side-by-side', 'fixedsalt', 1000);

/**
 * The storage-level contract of the side-by-side triggers on one of Django's own databases:
 * Django's writes (plain SQL, as its ORM sends it) keep accountkit's columns right, and
 * accountkit's writes are not counted twice. Each test gets a fresh copy of Django's database.
 */
export function defineDjangoTriggerSuite(backend: DjangoBackend): void {
  const open = backend.open;
  describe.runIf(open)(`${backend.name}: side-by-side triggers on Django's tables`, () => {
    let database: DjangoDatabase;
    let storage: AccountStorage;
    const dialect = backend.name;

    beforeEach(async () => {
      database = await (open as () => Promise<DjangoDatabase>)();
      await migrateDjangoSchema(database.db, { dialect });
      storage = createKyselyStorage({ db: database.db, dialect, tables: DJANGO_TABLE_NAMES });
    });
    afterEach(async () => {
      await database?.close();
    });

    /** What is stored in accountkit's columns of one user, read as Django would. */
    async function stored(id: number) {
      const { rows } = await sql<{
        username_key: string | null;
        token_version: number | string;
        followers_count: number | string;
        following_count: number | string;
      }>`select username_key, token_version, followers_count, following_count
         from account_user where id = ${id}`.execute(database.db);
      const row = rows[0];
      return row === undefined
        ? undefined
        : {
            key: row.username_key,
            tokenVersion: Number(row.token_version),
            followers: Number(row.followers_count),
            following: Number(row.following_count),
          };
    }

    /** Every user whose counters differ from a COUNT of the edges, as `id: stored != actual`. */
    async function drift(): Promise<string[]> {
      const { rows } = await sql<Record<string, number | string>>`
        select u.id, u.followers_count, u.following_count,
          (select count(*) from account_user_following f where f.to_user_id = u.id) as followers,
          (select count(*) from account_user_following f where f.from_user_id = u.id) as following
        from account_user u order by u.id`.execute(database.db);
      const text = (...values: (number | string | undefined)[]) => values.map(Number).join('/');
      return rows
        .map((row) => ({
          id: row.id,
          stored: text(row.followers_count, row.following_count),
          actual: text(row.followers, row.following),
        }))
        .filter((row) => row.stored !== row.actual)
        .map((row) => `${row.id}: ${row.stored} != ${row.actual}`);
    }

    it('migrate installs them once; a second run finds nothing to do', async () => {
      expect(await catalogTriggers(database)).toEqual(TRIGGERS[dialect]);
      expect(await migrateDjangoSchema(database.db, { dialect })).toEqual([]);
      expect(await catalogTriggers(database)).toEqual(TRIGGERS[dialect]);
    });

    it('the key SQL gives an ASCII name equals usernameKey, for every printable ASCII character', async () => {
      const id = await database.django.createUser('Probe.User+1@x-Y_z', HASH);
      expect((await stored(id))?.key).toBe('probe.user+1@x-y_z');
      for (let code = 0x20; code <= 0x7e; code += 1) {
        const username = `Kk${String.fromCharCode(code)}Zz`;
        await database.django.save(id, { username });
        expect((await stored(id))?.key, JSON.stringify(username)).toBe(usernameKey(username));
      }
    });

    it('a case variant of a name is refused to Django and to accountkit alike', async () => {
      await expect(database.django.createUser('ALICE', HASH)).rejects.toThrow();
      await expect(storage.users.insert(aUser({ username: 'Alice' }))).rejects.toMatchObject({
        code: 'USERNAME_TAKEN',
      });
      const id = await database.django.createUser('Newcomer', HASH);
      await expect(storage.users.insert(aUser({ username: 'NEWCOMER' }))).rejects.toMatchObject({
        code: 'USERNAME_TAKEN',
      });
      expect(await storage.users.findByUsernameKey('newcomer')).toMatchObject({ id });
    });

    it('a non-ASCII name Django writes stays unkeyed until accountkit looks it up or hands out a name', async () => {
      const zoe = await database.django.createUser('Zoë', HASH);
      const strasse = await database.django.createUser('Straße', HASH);
      expect((await stored(zoe))?.key).toBeNull();
      expect((await stored(strasse))?.key).toBeNull();
      expect(await storage.users.findByUsernameKey('zoë')).toMatchObject({ id: zoe });
      expect((await stored(strasse))?.key).toBe('strasse');
      await expect(storage.users.insert(aUser({ username: 'STRASSE' }))).rejects.toMatchObject({
        code: 'USERNAME_TAKEN',
      });
      // A rename by Django to such a name clears the old key instead of leaving it stale.
      await database.django.save(3, { username: 'Bøb' });
      expect((await stored(3))?.key).toBeNull();
      expect(await storage.users.findByUsernameKey('bob')).toBeNull();
      expect(await storage.users.findByUsernameKey('bøb')).toMatchObject({ id: 3 });
    });

    it("accountkit's own non-ASCII names keep the key accountkit computed", async () => {
      const renee = await storage.users.insert(aUser({ username: 'Renée' }));
      expect((await stored(renee.id))?.key).toBe('renée');
      await storage.users.update(renee.id, { username: 'RENÉE', usernameKey: 'renée' });
      // A rename that keeps the key is indistinguishable from Django's: unkeyed, then keyed.
      expect(await storage.users.findByUsernameKey('renée')).toMatchObject({ id: renee.id });
      await storage.users.update(renee.id, { username: 'Ŕenata', usernameKey: 'ŕenata' });
      expect((await stored(renee.id))?.key).toBe('ŕenata');
    });

    it("a Django name that folds onto one accountkit holds stays Django's alone", async () => {
      const holder = await storage.users.insert(aUser({ username: 'ZOË' }));
      const attempt = database.django.createUser('Zoë', HASH);
      if (database.djangoIndexIgnoresCase) {
        // MariaDB: Django's own unique index on username already refuses it.
        await expect(attempt).rejects.toThrow();
        return;
      }
      const zoe = await attempt;
      expect(await storage.users.findByUsernameKey('zoë')).toMatchObject({ id: holder.id });
      expect((await stored(zoe))?.key).toBeNull();
    });

    it("a password Django sets increments token_version; Django's save of an unchanged password and accountkit's own writes do not", async () => {
      expect((await stored(2))?.tokenVersion).toBe(0);
      await database.django.setPassword(2, makePassword('new-password', 'othersalt', 1000));
      expect((await stored(2))?.tokenVersion).toBe(1);
      await database.django.save(2, { email: 'alice@new.example.test' });
      expect((await stored(2))?.tokenVersion).toBe(1);
      const current = (await storage.users.findById(2))?.passwordHash as string;
      const rehashed = await storage.users.update(
        2,
        { passwordHash: 'argon2$argon2id$rehashed' },
        { expectedPasswordHash: current },
      );
      expect(rehashed?.tokenVersion).toBe(1);
      expect((await stored(2))?.tokenVersion).toBe(1);
      expect(await storage.users.incrementTokenVersion(2)).toBe(2);
    });

    it('the counters follow every edge Django inserts or deletes, duplicates and user deletes included', async () => {
      const newcomer = await database.django.createUser('newcomer', HASH);
      await database.django.follow(newcomer, 1);
      await database.django.follow(newcomer, 1);
      await database.django.follow(newcomer, 2);
      await database.django.follow(2, newcomer);
      expect(await stored(1)).toMatchObject({ followers: django(1).followers + 1 });
      expect(await stored(newcomer)).toMatchObject({ followers: 1, following: 2 });
      await database.django.unfollow(newcomer, 2);
      await database.django.unfollow(newcomer, 2);
      expect(await stored(2)).toMatchObject({
        followers: django(2).followers,
        following: django(2).following + 1,
      });
      // alice (2) follows and is followed; Django's collector deletes her edges, then her.
      const { rows } = await sql<{ id: number | string }>`select to_user_id as id
        from account_user_following where from_user_id = 2 and to_user_id <> ${newcomer}`.execute(
        database.db,
      );
      const followed = rows.map((row) => Number(row.id));
      const before = await Promise.all(followed.map(stored));
      await database.django.deleteUser(2);
      expect(await stored(2)).toBeUndefined();
      expect(await stored(newcomer)).toMatchObject({ followers: 0, following: 1 });
      for (const [index, id] of followed.entries()) {
        expect((await stored(id))?.followers).toBe((before[index]?.followers ?? 0) - 1);
      }
      expect(await drift()).toEqual([]);
      expect(await storage.follows.recount()).toEqual([]);
    });

    it("accountkit's own follows, unfollows and deletes are counted once", async () => {
      const a = await storage.users.insert(aUser({ username: 'writer-a' }));
      expect(await storage.follows.add(a.id, 1)).toBe(true);
      expect(await storage.follows.add(a.id, 1)).toBe(false);
      expect(await storage.follows.add(a.id, a.id)).toBe(true);
      expect(await storage.follows.add(1, a.id)).toBe(true);
      expect(await stored(1)).toMatchObject({ followers: django(1).followers + 1, following: 1 });
      expect(await stored(a.id)).toMatchObject({ followers: 2, following: 2 });
      expect(await storage.follows.remove(a.id, a.id)).toBe(true);
      await storage.transaction(async (tx) => {
        await tx.follows.add(a.id, 3);
        await tx.follows.remove(1, a.id);
      });
      expect(await stored(a.id)).toMatchObject({ followers: 0, following: 2 });
      expect(await storage.users.delete(2)).toBe(true);
      expect(await storage.users.delete(a.id)).toBe(true);
      expect(await stored(1)).toMatchObject({ followers: django(1).followers - 1, following: 0 });
      expect(await drift()).toEqual([]);
      expect(await storage.follows.recount()).toEqual([]);
    });

    it('many Django connections and accountkit following one user at once: none fails, none is lost', async () => {
      const fans: number[] = [];
      for (let index = 0; index < 30; index += 1) {
        fans.push(await database.django.createUser(`fan${index}`, HASH));
      }
      const writes = [
        ...fans.slice(0, 20).map((fan) => () => database.django.follow(fan, 1)),
        ...fans.slice(20).map((fan) => () => storage.follows.add(fan, 1)),
      ];
      const results = database.concurrentWriters
        ? await Promise.allSettled(writes.map((write) => write()))
        : await sequentially(writes);
      expect(results.filter((result) => result.status === 'rejected')).toEqual([]);
      expect(await stored(1)).toMatchObject({ followers: django(1).followers + 30 });
      expect(await drift()).toEqual([]);
    });

    it('undo removes every trigger for good, and accountkit keeps its columns right alone', async () => {
      const expected = TRIGGERS[dialect].filter((name) => !name.endsWith('()'));
      expect(await undoDjangoSideBySide(database.db, { dialect })).toEqual(expected);
      expect(await catalogTriggers(database)).toEqual([]);
      expect(await undoDjangoSideBySide(database.db, { dialect })).toEqual([]);
      expect(await migrateDjangoSchema(database.db, { dialect })).toEqual([]);
      expect(await catalogTriggers(database)).toEqual([]);

      const a = await storage.users.insert(aUser({ username: 'after-undo' }));
      expect(await storage.follows.add(a.id, 1)).toBe(true);
      expect(await storage.follows.add(1, a.id)).toBe(true);
      expect(await storage.follows.remove(a.id, 1)).toBe(true);
      expect(await storage.users.delete(3)).toBe(true);
      expect(await stored(1)).toMatchObject({ followers: django(1).followers - 1, following: 1 });
      expect(await drift()).toEqual([]);
      expect(await storage.follows.recount()).toEqual([]);
    });
  });
}
