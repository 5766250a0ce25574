import type { Db, DialectOps } from './dialects/dialect-ops.js';

/** Users recounted per statement: far below every database's limit on bound parameters. */
const CHUNK = 500;

function chunks(ids: readonly number[]): number[][] {
  const parts: number[][] = [];
  for (let start = 0; start < ids.length; start += CHUNK)
    parts.push(ids.slice(start, start + CHUNK));
  return parts;
}

/**
 * Delete every edge of a user about to be deleted (its row already locked) and set the
 * counters of everyone on the other end from a COUNT of their edges. A COUNT, not a decrement:
 * on Django's tables a trigger already moves those counters for each deleted edge. Those users
 * are locked first, so no edge of theirs can be counted by one writer and missed by the other.
 *
 * @internal
 */
export async function removeUserEdges(trx: Db, ops: DialectOps, id: number): Promise<void> {
  const edges = await trx
    .selectFrom('accountkit_user_following')
    .select(['from_user_id', 'to_user_id'])
    .where((eb) => eb.or([eb('from_user_id', '=', id), eb('to_user_id', '=', id)]))
    .execute();
  const others = new Set<number>();
  for (const edge of edges) {
    others.add(Number(edge.from_user_id));
    others.add(Number(edge.to_user_id));
  }
  others.delete(id);
  const ordered = [...others].sort((a, b) => a - b);
  for (const part of chunks(ordered)) await ops.lockUsers(trx, part);
  await trx
    .deleteFrom('accountkit_user_following')
    .where((eb) => eb.or([eb('from_user_id', '=', id), eb('to_user_id', '=', id)]))
    .execute();
  for (const part of chunks(ordered)) {
    await trx
      .updateTable('accountkit_user as u')
      .set((eb) => ({
        followers_count: eb
          .selectFrom('accountkit_user_following as f')
          .select((c) => c.fn.countAll<number>().as('n'))
          .whereRef('f.to_user_id', '=', 'u.id'),
        following_count: eb
          .selectFrom('accountkit_user_following as f')
          .select((c) => c.fn.countAll<number>().as('n'))
          .whereRef('f.from_user_id', '=', 'u.id'),
      }))
      .where('u.id', 'in', part)
      .execute();
  }
}
