import { NotFoundError } from '../../errors/errors.js';
import type { CounterDrift, FollowPage, FollowPageRequest, FollowStore } from '../storage.js';
import type { Db, LockedUser } from './dialects/dialect-ops.js';
import { toUserRecord, USER_COLUMNS } from './rows.js';
import type { Runner } from './runner.js';

const QUALIFIED = USER_COLUMNS.map((column) => `u.${column}` as const);

/**
 * Write both counters of an edge that was just inserted (`by` 1) or deleted (`by` -1) as the
 * values read under the row locks plus `by`: absolute values, not increments, because on
 * Django's tables a trigger may already have moved them for this very edge. With or without
 * that trigger the result is the same, and nothing else can write the locked rows meanwhile.
 */
async function settle(
  trx: Db,
  locked: readonly LockedUser[],
  from: number,
  to: number,
  by: 1 | -1,
): Promise<void> {
  const [follower, followee] = [from, to].map((id) => locked.find((user) => user.id === id));
  if (follower === undefined || followee === undefined) return;
  await trx
    .updateTable('accountkit_user')
    .set({ following_count: follower.followingCount + by })
    .where('id', '=', from)
    .execute();
  await trx
    .updateTable('accountkit_user')
    .set({ followers_count: followee.followersCount + by })
    .where('id', '=', to)
    .execute();
}

/** Newest edge first, keyset on the edge id; one extra row tells whether a page follows. */
async function page(
  run: Runner,
  userId: number,
  request: FollowPageRequest,
  side: 'followers' | 'following',
): Promise<FollowPage> {
  const [mine, theirs] =
    side === 'followers'
      ? (['f.to_user_id', 'f.from_user_id'] as const)
      : (['f.from_user_id', 'f.to_user_id'] as const);
  return run.single(async (db) => {
    let query = db
      .selectFrom('accountkit_user_following as f')
      .innerJoin('accountkit_user as u', 'u.id', theirs)
      .select([...QUALIFIED, 'f.id as edge_id'])
      .where(mine, '=', userId)
      .orderBy('f.id', 'desc')
      .limit(request.limit + 1);
    if (request.before !== undefined) query = query.where('f.id', '<', request.before);
    const rows = await query.execute();
    const taken = rows.slice(0, request.limit);
    const last = taken.at(-1);
    return {
      users: taken.map((row) => toUserRecord(row, run.ops)),
      nextCursor: rows.length > request.limit && last ? Number(last.edge_id) : null,
    };
  });
}

/** The follow graph over Kysely; see {@link FollowStore} for the contract. @internal */
export function createKyselyFollowStore(run: Runner): FollowStore {
  const { ops } = run;
  const edge = run.prepare('edge-exists', (db) =>
    db
      .selectFrom('accountkit_user_following')
      .select('id')
      .where('from_user_id', '=', 0)
      .where('to_user_id', '=', 0),
  );
  return {
    add: (from, to) =>
      run.write(async (trx) => {
        const locked = await ops.lockUsers(trx, [from, to]);
        if (locked.length < new Set([from, to]).size) {
          throw new NotFoundError('USER_NOT_FOUND', 'No such user.');
        }
        const created = await ops.insertEdgeIfAbsent(trx, from, to);
        if (created) await settle(trx, locked, from, to, 1);
        return created;
      }),
    remove: (from, to) =>
      run.write(async (trx) => {
        const locked = await ops.lockUsers(trx, [from, to]);
        const { numDeletedRows } = await trx
          .deleteFrom('accountkit_user_following')
          .where('from_user_id', '=', from)
          .where('to_user_id', '=', to)
          .executeTakeFirst();
        const removed = Number(numDeletedRows) > 0;
        if (removed) await settle(trx, locked, from, to, -1);
        return removed;
      }),
    exists: async (from, to) => {
      const read = run.read(edge, [from, to]);
      return (Array.isArray(read) ? read : await read).length > 0;
    },
    existsMany: (from, ids) =>
      ids.length === 0
        ? Promise.resolve(new Set())
        : run.single(async (db) => {
            const rows = await db
              .selectFrom('accountkit_user_following')
              .select('to_user_id')
              .where('from_user_id', '=', from)
              .where('to_user_id', 'in', [...ids])
              .execute();
            return new Set(rows.map((row) => Number(row.to_user_id)));
          }),
    counts: (id) =>
      run.single(async (db) => {
        const row = await db
          .selectFrom('accountkit_user')
          .select(['followers_count', 'following_count'])
          .where('id', '=', id)
          .executeTakeFirst();
        return row
          ? { followers: Number(row.followers_count), following: Number(row.following_count) }
          : null;
      }),
    listFollowers: (id, request) => page(run, id, request, 'followers'),
    listFollowing: (id, request) => page(run, id, request, 'following'),
    recount: () =>
      run.write(async (trx) => {
        await ops.lockAllUsers(trx);
        const rows = await trx
          .selectFrom('accountkit_user as u')
          .select((eb) => [
            'u.id',
            'u.followers_count',
            'u.following_count',
            eb
              .selectFrom('accountkit_user_following as f')
              .select((c) => c.fn.countAll().as('n'))
              .whereRef('f.to_user_id', '=', 'u.id')
              .as('followers'),
            eb
              .selectFrom('accountkit_user_following as f')
              .select((c) => c.fn.countAll().as('n'))
              .whereRef('f.from_user_id', '=', 'u.id')
              .as('following'),
          ])
          .orderBy('u.id')
          .execute();
        const drift: CounterDrift[] = [];
        for (const row of rows) {
          const userId = Number(row.id);
          const fix = {
            followers_count: Number(row.followers),
            following_count: Number(row.following),
          };
          const stored = {
            followers: Number(row.followers_count),
            following: Number(row.following_count),
          };
          if (stored.followers !== fix.followers_count) {
            drift.push({
              userId,
              counter: 'followers',
              stored: stored.followers,
              actual: fix.followers_count,
            });
          }
          if (stored.following !== fix.following_count) {
            drift.push({
              userId,
              counter: 'following',
              stored: stored.following,
              actual: fix.following_count,
            });
          }
          if (
            stored.followers !== fix.followers_count ||
            stored.following !== fix.following_count
          ) {
            await trx.updateTable('accountkit_user').set(fix).where('id', '=', userId).execute();
          }
        }
        return drift;
      }),
  };
}
