import { NotFoundError } from '../../errors/errors.js';
import type { RefreshTokenStore } from '../storage.js';
import { toTokenRecord } from './rows.js';
import type { Runner } from './runner.js';

/** Refresh-token records over Kysely; see {@link RefreshTokenStore} for the contract. @internal */
export function createKyselyTokenStore(run: Runner): RefreshTokenStore {
  const { ops } = run;
  const find = (db: Parameters<Parameters<Runner['single']>[0]>[0], jti: string) =>
    db.selectFrom('accountkit_refresh_token').selectAll().where('jti', '=', jti).executeTakeFirst();

  return {
    insert: (token) =>
      run.write(async (trx) => {
        // Checked here as well as by the foreign key, which SQLite enforces only when enabled.
        if ((await ops.lockUsers(trx, [token.userId])).length === 0) {
          throw new NotFoundError('USER_NOT_FOUND', 'No such user.');
        }
        const insert = () =>
          trx
            .insertInto('accountkit_refresh_token')
            .values({
              jti: token.jti,
              family_id: token.familyId,
              user_id: token.userId,
              parent_jti: token.parentJti,
              issued_at: ops.toDbDate(token.issuedAt),
              expires_at: ops.toDbDate(token.expiresAt),
              used_at: null,
              revoked_at: null,
            })
            .execute();
        try {
          await ops.guardUnique(trx, true, insert);
          return true;
        } catch (error) {
          if (ops.isUniqueViolation(error)) return false;
          throw error;
        }
      }),
    find: (jti) =>
      run.single(async (db) => {
        const row = await find(db, jti);
        return row ? toTokenRecord(row, ops) : null;
      }),
    // The guarded UPDATE is the single-use check: of concurrent callers, the database lets
    // exactly one match `used_at IS NULL`; the others wait for it and then match nothing.
    consume: (jti, now) =>
      run.write(async (trx) => {
        const { numUpdatedRows } = await trx
          .updateTable('accountkit_refresh_token')
          .set({ used_at: ops.toDbDate(now) })
          .where('jti', '=', jti)
          .where('used_at', 'is', null)
          .where('revoked_at', 'is', null)
          .executeTakeFirst();
        if (Number(numUpdatedRows) !== 1) return null;
        const row = await find(trx, jti);
        return row ? toTokenRecord(row, ops) : null;
      }),
    revokeFamily: (familyId, now) =>
      run.single(async (db) => {
        const { numUpdatedRows } = await db
          .updateTable('accountkit_refresh_token')
          .set({ revoked_at: ops.toDbDate(now) })
          .where('family_id', '=', familyId)
          .where('revoked_at', 'is', null)
          .executeTakeFirst();
        return Number(numUpdatedRows);
      }),
    revokeAllForUser: (userId, now) =>
      run.single(async (db) => {
        const { numUpdatedRows } = await db
          .updateTable('accountkit_refresh_token')
          .set({ revoked_at: ops.toDbDate(now) })
          .where('user_id', '=', userId)
          .where('revoked_at', 'is', null)
          .executeTakeFirst();
        return Number(numUpdatedRows);
      }),
    deleteExpired: (before) =>
      run.single(async (db) => {
        const { numDeletedRows } = await db
          .deleteFrom('accountkit_refresh_token')
          .where('expires_at', '<', ops.toDbDate(before))
          .execute()
          .then((results) => results[0] ?? { numDeletedRows: 0n });
        return Number(numDeletedRows);
      }),
  };
}
