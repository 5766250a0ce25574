import { usernameKey } from '../../core/username.js';
import type { Runner } from './runner.js';

/** Users keyed per call, newest first: bounds the work a stream of misses can cause. */
const MAX_PER_CALL = 100;

/**
 * Give users without a `username_key` the key accountkit computes (NFKC and a full case fold).
 * On Django's tables the side-by-side trigger keys every ASCII name itself; a name with other
 * characters that Django inserts (or renames to) arrives without a key, which SQL cannot
 * compute exactly. It is keyed here before accountkit looks a name up in vain or hands one out,
 * so such a user logs in and their name stays taken.
 *
 * A key another user already holds is left unset: that account (a case variant Django let in)
 * stays Django's alone and cannot log in here, and its name stays the holder's.
 *
 * @returns how many users were keyed.
 * @internal
 */
export function keyUnkeyedUsers(run: Runner): Promise<number> {
  return run.single(async (db) => {
    const rows = await db
      .selectFrom('accountkit_user')
      .select(['id', 'username'])
      .where('username_key', 'is', null)
      .orderBy('id', 'desc')
      .limit(MAX_PER_CALL)
      .execute();
    let keyed = 0;
    for (const row of rows) {
      try {
        const { numUpdatedRows } = await run.ops.guardUnique(db, run.inTransaction, () =>
          db
            .updateTable('accountkit_user')
            .set({ username_key: usernameKey(row.username) })
            .where('id', '=', row.id)
            .where('username_key', 'is', null)
            .executeTakeFirst(),
        );
        keyed += Number(numUpdatedRows);
      } catch (error) {
        if (!run.ops.isUniqueViolation(error)) throw error;
      }
    }
    return keyed;
  });
}
