import { NotFoundError } from '../../errors/errors.js';
import type { RefreshTokenStore } from '../storage.js';
import type { Db } from './dialects/dialect-ops.js';
import { toTokenRecord } from './rows.js';
import type { Runner } from './runner.js';

/** Refresh-token records over Kysely; see {@link RefreshTokenStore} for the contract. @internal */
export function createKyselyTokenStore(run: Runner): RefreshTokenStore {
  const { ops } = run;
  // Compiled once: rotation runs these on every refresh. Placeholders stand for the parameters.
  const byJti = run.prepare('token-by-jti', (db) =>
    db.selectFrom('accountkit_refresh_token').selectAll().where('jti', '=', ''),
  );
  const markUsed = run.prepare('token-consume', (db) =>
    db
      .updateTable('accountkit_refresh_token')
      .set({ used_at: ops.toDbDate(new Date(0)) })
      .where('jti', '=', '')
      .where('used_at', 'is', null)
      .where('revoked_at', 'is', null),
  );
  const insertRow = run.prepare('token-insert', (db) =>
    db.insertInto('accountkit_refresh_token').values({
      jti: '',
      family_id: '',
      user_id: 0,
      parent_jti: '',
      issued_at: ops.toDbDate(new Date(0)),
      expires_at: ops.toDbDate(new Date(0)),
      session_began_at: ops.toDbDate(new Date(0)),
      user_agent: '',
      address: '',
    }),
  );
  const liveOfUser = run.prepare('tokens-live', (db) =>
    db
      .selectFrom('accountkit_refresh_token')
      .selectAll()
      .where('user_id', '=', 0)
      .where('used_at', 'is', null)
      .where('revoked_at', 'is', null)
      .where('expires_at', '>', ops.toDbDate(new Date(0))),
  );
  const find = async (db: Db, jti: string) => (await byJti.run(db, [jti]))[0];

  return {
    insert: (token) =>
      run.write(async (trx) => {
        // Checked here as well as by the foreign key, which SQLite enforces only when enabled.
        if ((await ops.lockUsers(trx, [token.userId])).length === 0) {
          throw new NotFoundError('USER_NOT_FOUND', 'No such user.');
        }
        const insert = () =>
          insertRow.changes(trx, [
            token.jti,
            token.familyId,
            token.userId,
            token.parentJti,
            ops.toDbDate(token.issuedAt),
            ops.toDbDate(token.expiresAt),
            ops.toDbDate(token.sessionBeganAt),
            token.userAgent,
            token.address,
          ]);
        try {
          await ops.guardUnique(trx, true, insert);
          return true;
        } catch (error) {
          if (ops.isUniqueViolation(error)) return false;
          throw error;
        }
      }),
    find: async (jti) => {
      const [row] = run.readNow(byJti, [jti]) ?? (await run.single((db) => byJti.run(db, [jti])));
      return row ? toTokenRecord(row, ops) : null;
    },
    // The guarded UPDATE is the single-use check: of concurrent callers, the database lets
    // exactly one match `used_at IS NULL`; the others wait for it and then match nothing.
    consume: (jti, now) =>
      run.write(async (trx) => {
        if ((await markUsed.changes(trx, [ops.toDbDate(now), jti])) !== 1) return null;
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
    revokeUserFamily: (userId, familyId, now) =>
      run.single(async (db) => {
        const { numUpdatedRows } = await db
          .updateTable('accountkit_refresh_token')
          .set({ revoked_at: ops.toDbDate(now) })
          .where('family_id', '=', familyId)
          .where('user_id', '=', userId)
          .where('revoked_at', 'is', null)
          .executeTakeFirst();
        return Number(numUpdatedRows);
      }),
    findLive: async (userId, now) => {
      const rows = await run.single((db) => liveOfUser.run(db, [userId, ops.toDbDate(now)]));
      return rows.map((row) => toTokenRecord(row, ops));
    },
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
