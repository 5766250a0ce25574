import { NotFoundError } from '../../errors/errors.js';
import type { RefreshTokenStore } from '../storage.js';
import { toTokenRecord } from './rows.js';
import type { Runner } from './runner.js';

/** Refresh-token records over Kysely; see {@link RefreshTokenStore} for the contract. @internal */
export function createKyselyTokenStore(run: Runner): RefreshTokenStore {
  const { ops } = run;
  // Compiled once: rotation runs these on every refresh. Placeholders stand for the parameters.
  const byJti = run.prepare('token-by-jti', (db) =>
    db.selectFrom('accountkit_refresh_token').selectAll().where('jti', '=', ''),
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
  // A rotation: the parent consumed (only of this user and family, not used, not revoked), then
  // the child copied from its row in one statement, so the session start needs no read of ours.
  const consumeParent = run.prepare('token-rotate-consume', (db) =>
    db
      .updateTable('accountkit_refresh_token')
      .set({ used_at: ops.toDbDate(new Date(0)) })
      .where('jti', '=', '')
      .where('user_id', '=', 0)
      .where('family_id', '=', '')
      .where('used_at', 'is', null)
      .where('revoked_at', 'is', null),
  );
  const insertChild = run.prepare('token-rotate-insert-child', (db) =>
    db
      .insertInto('accountkit_refresh_token')
      .columns([
        'jti',
        'family_id',
        'user_id',
        'parent_jti',
        'issued_at',
        'expires_at',
        'session_began_at',
        'user_agent',
        'address',
      ])
      .expression((eb) =>
        eb
          .selectFrom('accountkit_refresh_token as parent')
          .select((parent) => [
            parent.val('').as('jti'),
            'parent.family_id',
            'parent.user_id',
            'parent.jti',
            parent.val('').as('issued_at'),
            parent.val('').as('expires_at'),
            parent.fn
              .coalesce('parent.session_began_at', 'parent.issued_at')
              .as('session_began_at'),
            parent.val('').as('user_agent'),
            parent.val('').as('address'),
          ])
          .where('parent.jti', '=', ''),
      ),
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
  /** Revoke the not-yet-revoked tokens matching every column of `match`; how many. */
  const revoke = (now: Date, match: { family_id?: string; user_id?: number }) =>
    run.single(async (db) => {
      const { numUpdatedRows } = await db
        .updateTable('accountkit_refresh_token')
        .set({ revoked_at: ops.toDbDate(now) })
        .where((eb) => eb.and(match))
        .where('revoked_at', 'is', null)
        .executeTakeFirst();
      return Number(numUpdatedRows);
    });
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
    // Two statements and no lock of the user row: the parent's row proves the user exists. On
    // SQLite they run in one synchronous transaction straight on the connection when it is free.
    rotate: async (parentJti, child, now) => {
      const consume = [ops.toDbDate(now), parentJti, child.userId, child.familyId];
      const { jti, issuedAt, expiresAt, userAgent, address } = child;
      const times = [ops.toDbDate(issuedAt), ops.toDbDate(expiresAt)];
      const insert = [jti, ...times, userAgent, address, parentJti];
      const direct = run.writeNow((exec) => {
        if (exec(consumeParent.sql, consume).changes !== 1) return false;
        exec(insertChild.sql, insert);
        return true;
      });
      if (direct !== undefined) return direct;
      return run.write(async (trx) => {
        if ((await consumeParent.changes(trx, consume)) !== 1) return false;
        await insertChild.changes(trx, insert);
        return true;
      });
    },
    revokeFamily: (familyId, now) => revoke(now, { family_id: familyId }),
    revokeAllForUser: (userId, now) => revoke(now, { user_id: userId }),
    revokeUserFamily: (userId, familyId, now) =>
      revoke(now, { user_id: userId, family_id: familyId }),
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
