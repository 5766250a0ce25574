import { USER_COLUMNS, type UserRow } from '../rows.js';
import type { Db, LockedUser } from './dialect-ops.js';

/**
 * `SELECT id, counters FROM users WHERE id IN (...) ORDER BY id`, to run as a locking read.
 * @internal
 */
export function selectLockedUsers(trx: Db, ids: readonly number[]) {
  return trx
    .selectFrom('accountkit_user')
    .select(['id', 'followers_count', 'following_count'])
    .where('id', 'in', [...new Set(ids)])
    .orderBy('id');
}

/** The rows of {@link selectLockedUsers} with numbers for ids and counters. @internal */
export function toLockedUsers(
  rows: readonly Pick<UserRow, 'id' | 'followers_count' | 'following_count'>[],
): LockedUser[] {
  return rows.map((row) => ({
    id: Number(row.id),
    followersCount: Number(row.followers_count),
    followingCount: Number(row.following_count),
  }));
}

/**
 * `SELECT id, counters FROM users WHERE id IN (...) ORDER BY id FOR UPDATE`: row locks taken in
 * id order, the order every writer uses, so crossed follows wait instead of deadlocking.
 *
 * @internal
 */
export async function lockUsersForUpdate(trx: Db, ids: readonly number[]): Promise<LockedUser[]> {
  return toLockedUsers(await selectLockedUsers(trx, ids).forUpdate().execute());
}

/** `ON CONFLICT DO NOTHING RETURNING id`: a row back means it was created. @internal */
export async function insertEdgeOnConflictDoNothing(
  trx: Db,
  from: number,
  to: number,
): Promise<boolean> {
  const row = await trx
    .insertInto('accountkit_user_following')
    .values({ from_user_id: from, to_user_id: to })
    .onConflict((conflict) => conflict.columns(['from_user_id', 'to_user_id']).doNothing())
    .returning('id')
    .executeTakeFirst();
  return row !== undefined;
}

/** One user row, `FOR UPDATE`. @internal */
export function selectUserForUpdate(trx: Db, id: number): Promise<UserRow | undefined> {
  return trx
    .selectFrom('accountkit_user')
    .select(USER_COLUMNS)
    .where('id', '=', id)
    .forUpdate()
    .executeTakeFirst();
}

/** Every user row, `FOR UPDATE` in id order. @internal */
export async function lockAllUsersForUpdate(trx: Db): Promise<void> {
  await trx.selectFrom('accountkit_user').select('id').orderBy('id').forUpdate().execute();
}
