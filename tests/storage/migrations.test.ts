import { copyFileSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Kysely, PostgresDialect, SqliteDialect, sql } from 'kysely';
import pg from 'pg';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { usernameKey } from '../../src/core/username.js';
import {
  createKyselyStorage,
  DJANGO_TABLE_NAMES,
  migrateAccountsSchema,
  migrateDjangoSchema,
} from '../../src/storage/kysely/index.js';
import { POSTGRES_URL } from '../support/backends.js';
import { aUser } from './conformance/builders.js';
import { openSqliteFile } from './harnesses/sqlite.js';

interface ManifestUser {
  id: number;
  username: string;
  email: string;
  is_active: boolean;
  followers: number;
  following: number;
  profile_pic: string | null;
}
const FIXTURES = new URL('../fixtures/', import.meta.url);
const manifest: { users: ManifestUser[] } = JSON.parse(
  readFileSync(new URL('django-manifest.json', FIXTURES), 'utf8'),
);
const DJANGO_COLUMNS = sql.raw(
  'id, password, last_login, is_superuser, username, first_name, last_name, email, is_staff, is_active, date_joined, profile_pic, cover_image',
);

// biome-ignore lint/suspicious/noExplicitAny: raw tables of a database made by Django.
let db: Kysely<any>;
let dir: string;
beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'accountkit-migrations-'));
});
afterEach(async () => {
  await db?.destroy();
  rmSync(dir, { recursive: true, force: true });
});

function openCopyOfDjango(): void {
  const file = join(dir, 'django.sqlite3');
  copyFileSync(new URL('django.sqlite3', FIXTURES), file);
  db = new Kysely({ dialect: new SqliteDialect({ database: openSqliteFile(file, 5000) }) });
}

describe('migrations', () => {
  it('create the schema from empty, then find nothing left to do', async () => {
    db = new Kysely({
      dialect: new SqliteDialect({ database: openSqliteFile(join(dir, 'a.db'), 5000) }),
    });
    expect(await migrateAccountsSchema(db, { dialect: 'sqlite' })).toEqual([
      '0001-create-users',
      '0002-create-follows',
      '0003-create-refresh-tokens',
      '0004-session-details',
      '0005-email-verifications',
    ]);
    expect(await migrateAccountsSchema(db, { dialect: 'sqlite' })).toEqual([]);
    const tables = await db.introspection.getTables();
    expect(
      tables
        .map((t) => t.name)
        .filter((name) => !name.startsWith('accountkit_migration'))
        .sort(),
    ).toEqual([
      'accountkit_email_verification',
      'accountkit_refresh_token',
      'accountkit_user',
      'accountkit_user_following',
    ]);
  });

  it.runIf(POSTGRES_URL)('postgres: two concurrent runners apply each migration once', async () => {
    const schema = `accountkit_migrations_test_${process.pid}`;
    const setup = new pg.Client({ connectionString: POSTGRES_URL });
    await setup.connect();
    await setup.query(`drop schema if exists ${schema} cascade; create schema ${schema}`);
    await setup.end();
    const options = `-c search_path=${schema}`;
    const open = () =>
      new Kysely({
        dialect: new PostgresDialect({
          pool: new pg.Pool({ connectionString: POSTGRES_URL, options }),
        }),
      });
    const [one, two] = [open(), open()];
    db = one;
    const applied = await Promise.all([
      migrateAccountsSchema(one, { dialect: 'postgres', migrationTableSchema: schema }),
      migrateAccountsSchema(two, { dialect: 'postgres', migrationTableSchema: schema }),
    ]);
    expect(applied.flat().sort()).toEqual([
      '0001-create-users',
      '0002-create-follows',
      '0003-create-refresh-tokens',
      '0004-session-details',
      '0005-email-verifications',
    ]);
    await two.destroy();
    const cleanup = new pg.Client({ connectionString: POSTGRES_URL });
    await cleanup.connect();
    await cleanup.query(`drop schema ${schema} cascade`);
    await cleanup.end();
  });

  it("reads Django's own database after migrateDjangoSchema: counts equal Django's, Django columns untouched", async () => {
    openCopyOfDjango();
    const before = await sql`select ${DJANGO_COLUMNS} from account_user order by id`.execute(db);
    expect(await migrateDjangoSchema(db, { dialect: 'sqlite' })).toEqual([
      '0001-django-add-user-columns',
      '0002-django-backfill-users',
      '0003-create-refresh-tokens',
      '0004-django-side-by-side-triggers',
      '0005-session-details',
      '0006-email-verifications',
    ]);
    expect(await migrateDjangoSchema(db, { dialect: 'sqlite' })).toEqual([]);
    const after = await sql`select ${DJANGO_COLUMNS} from account_user order by id`.execute(db);
    expect(after.rows).toEqual(before.rows);

    const storage = createKyselyStorage({ db, dialect: 'sqlite', tables: DJANGO_TABLE_NAMES });
    expect(manifest.users).toHaveLength(200);
    for (const expected of manifest.users) {
      const user = await storage.users.findByUsernameKey(usernameKey(expected.username));
      expect(user).toMatchObject({
        id: expected.id,
        username: expected.username,
        email: expected.email,
        isActive: expected.is_active,
        profilePic: expected.profile_pic,
        followersCount: expected.followers,
        followingCount: expected.following,
        tokenVersion: 0,
      });
    }
    expect(await storage.follows.recount()).toEqual([]);
  });

  it('then writes to Django tables keep counters exact and give Django columns their defaults', async () => {
    openCopyOfDjango();
    await migrateDjangoSchema(db, { dialect: 'sqlite' });
    const storage = createKyselyStorage({ db, dialect: 'sqlite', tables: DJANGO_TABLE_NAMES });
    await expect(storage.users.insert(aUser({ username: 'ALICE' }))).rejects.toMatchObject({
      code: 'USERNAME_TAKEN',
    });
    const newcomer = await storage.users.insert(aUser({ username: 'newcomer' }));
    expect(await storage.follows.add(newcomer.id, 1)).toBe(true);
    expect(await storage.follows.counts(1)).toEqual({ followers: 200, following: 0 });
    expect(await storage.follows.remove(newcomer.id, 1)).toBe(true);
    const row = await sql<{
      is_staff: number;
      first_name: string;
    }>`select is_staff, first_name from account_user where id = ${newcomer.id}`.execute(db);
    expect(row.rows).toEqual([{ is_staff: 0, first_name: '' }]);
    expect(await storage.follows.recount()).toEqual([]);
  });

  it('refuses a Django database whose usernames differ only by case, changing no key', async () => {
    openCopyOfDjango();
    await sql`update account_user set username = 'ALICE' where id = 3`.execute(db);
    await expect(migrateDjangoSchema(db, { dialect: 'sqlite' })).rejects.toMatchObject({
      name: 'StorageError',
      code: 'STORAGE_UNAVAILABLE',
    });
    const keys =
      await sql`select count(*) as n from account_user where username_key is not null`.execute(db);
    expect(keys.rows).toEqual([{ n: 0 }]);
  });
});
