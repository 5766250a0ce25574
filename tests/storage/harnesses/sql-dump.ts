import type { Kysely } from 'kysely';
import type { AccountsDatabase } from '../../../src/storage/kysely/index.js';
import type { DumpRow, StorageDump } from '../conformance/harness.js';

const NUMERIC = new Set([
  'id',
  'from_user_id',
  'to_user_id',
  'user_id',
  'followers_count',
  'following_count',
  'token_version',
  'is_active',
  'is_staff',
  'is_superuser',
]);

/** Ids, counters and flags as numbers, so every backend dumps the same shape. */
function normalise(row: Record<string, unknown>): DumpRow {
  return Object.fromEntries(
    Object.entries(row).map(([key, value]) => [
      key,
      NUMERIC.has(key) && value !== null ? Number(value) : value,
    ]),
  );
}

/** Every row of the three tables, in key order. */
export async function dumpTables(db: Kysely<AccountsDatabase>): Promise<StorageDump> {
  const [users, follows, refreshTokens] = await Promise.all([
    db.selectFrom('accountkit_user').selectAll().orderBy('id').execute(),
    db.selectFrom('accountkit_user_following').selectAll().orderBy('id').execute(),
    db.selectFrom('accountkit_refresh_token').selectAll().orderBy('jti').execute(),
  ]);
  return {
    users: users.map(normalise),
    follows: follows.map(normalise),
    refreshTokens: refreshTokens.map(normalise),
  };
}

/** Empty the three tables, children first. */
export async function clearTables(db: Kysely<AccountsDatabase>): Promise<void> {
  await db.deleteFrom('accountkit_email_verification').execute();
  await db.deleteFrom('accountkit_refresh_token').execute();
  await db.deleteFrom('accountkit_user_following').execute();
  await db.deleteFrom('accountkit_user').execute();
}

/** Overwrite one user's counters. */
export async function setCounters(
  db: Kysely<AccountsDatabase>,
  userId: number,
  followers: number,
  following: number,
): Promise<void> {
  await db
    .updateTable('accountkit_user')
    .set({ followers_count: followers, following_count: following })
    .where('id', '=', userId)
    .execute();
}
