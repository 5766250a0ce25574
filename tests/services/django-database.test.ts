import { copyFileSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import SQLite from 'better-sqlite3';
import { Kysely, SqliteDialect } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type Accounts, createAccounts } from '../../src/create-accounts.js';
import { createMemoryMediaStorage } from '../../src/media/memory-media-storage.js';
import {
  type AccountsDatabase,
  createKyselyStorage,
  DJANGO_TABLE_NAMES,
  migrateDjangoSchema,
} from '../../src/storage/kysely/index.js';
import type { AccountStorage } from '../../src/storage/storage.js';
import { sequenceRandom } from '../support/sequence-random.js';
import { SECRET, T0 } from './setup.js';

interface ManifestUser {
  id: number;
  username: string;
  is_active: boolean;
  followers: number;
  following: number;
  password: string | null;
  hasher: string;
}

const manifest: { users: ManifestUser[] } = JSON.parse(
  readFileSync(new URL('../fixtures/django-manifest.json', import.meta.url), 'utf8'),
);
const usable = manifest.users.filter((u) => u.is_active && u.password !== null);
const refused = manifest.users.filter((u) => !usable.includes(u));

/** Run `work` over `items`, `width` at a time: PBKDF2 and Argon2 run off the main thread. */
async function inBatches<T>(items: readonly T[], width: number, work: (item: T) => Promise<void>) {
  for (let start = 0; start < items.length; start += width) {
    await Promise.all(items.slice(start, start + width).map(work));
  }
}

describe('sqlite (Django database): every Django user logs in', () => {
  let dir: string;
  let db: Kysely<AccountsDatabase>;
  let storage: AccountStorage;
  let accounts: Accounts;

  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'accountkit-django-'));
    const file = join(dir, 'django.sqlite3');
    copyFileSync(new URL('../fixtures/django.sqlite3', import.meta.url), file);
    const database = new SQLite(file);
    database.pragma('journal_mode = WAL');
    database.pragma('busy_timeout = 5000');
    database.pragma('foreign_keys = ON');
    db = new Kysely<AccountsDatabase>({ dialect: new SqliteDialect({ database }) });
    await migrateDjangoSchema(db, { dialect: 'sqlite' });
    storage = createKyselyStorage({ db, dialect: 'sqlite', tables: DJANGO_TABLE_NAMES });
    // The preferred hasher at its real cost (Argon2id m=19456, t=2, p=1): upgrades are the point.
    accounts = await createAccounts({
      storage,
      tokens: { keys: SECRET },
      media: { storage: createMemoryMediaStorage() },
      clock: { now: () => new Date(T0) },
      random: sequenceRandom(),
    });
  });
  afterAll(async () => {
    await db?.destroy();
    rmSync(dir, { recursive: true, force: true });
  });

  it(`every usable active user (${usable.length}) logs in, is upgraded to Argon2id, and logs in again`, async () => {
    expect(usable).toHaveLength(198);
    await inBatches(usable, 8, async (user) => {
      const before = (await storage.users.findById(user.id))!.passwordHash;
      expect(before.startsWith(`${user.hasher}$`), user.username).toBe(true);
      const pair = await accounts.login({ username: user.username, password: user.password! });
      expect(await accounts.authenticate(pair.access)).toMatchObject({ userId: user.id });
      const after = (await storage.users.findById(user.id))!.passwordHash;
      expect(after, user.username).toMatch(/^argon2\$argon2id\$v=19\$m=19456,t=2,p=1\$/);
      await accounts.login({ username: user.username, password: user.password! });
      expect((await storage.users.findById(user.id))!.passwordHash).toBe(after);
    });
    // 183 of the hashes are PBKDF2 at Django 3.2's 260,000 iterations (~55 ms each unloaded).
  }, 300_000);

  it('the inactive user and the unusable password are refused like a wrong password', async () => {
    expect(refused.map((u) => u.hasher)).toEqual(['unusable', 'pbkdf2_sha256']);
    for (const user of refused) {
      await expect(
        accounts.login({ username: user.username, password: user.password ?? 'correct-horse-1' }),
      ).rejects.toMatchObject({ code: 'INVALID_CREDENTIALS' });
    }
  });

  it('a wrong password fails for a user of every hasher, and changes nothing', async () => {
    const samples = ['pbkdf2_sha256', 'pbkdf2_sha1', 'argon2', 'bcrypt_sha256', 'bcrypt'].map(
      (hasher) => manifest.users.find((u) => u.hasher === hasher && u.is_active)!,
    );
    for (const user of samples) {
      const before = (await storage.users.findById(user.id))!.passwordHash;
      await expect(
        accounts.login({ username: user.username, password: `${user.password}x` }),
      ).rejects.toMatchObject({ code: 'INVALID_CREDENTIALS' });
      expect((await storage.users.findById(user.id))!.passwordHash).toBe(before);
    }
  });

  it('user details show the counts Django computed', async () => {
    for (const user of manifest.users.filter((u) => u.is_active)) {
      expect(await accounts.getUserDetail({ id: user.id }), user.username).toMatchObject({
        id: user.id,
        username: user.username,
        followers: user.followers,
        following: user.following,
      });
    }
  });
});
