import type { UserRecord, UserStore } from '../storage.js';
import { removeUserEdges } from './remove-user-edges.js';
import { toUserInsert, toUserRecord, toUserUpdate, USER_COLUMNS, type UserRow } from './rows.js';
import type { Runner } from './runner.js';
import { keyUnkeyedUsers } from './unkeyed-users.js';

/** `EXISTS` as each database returns it: a boolean on PostgreSQL, `0`/`1` elsewhere. */
const isTrue = (value: unknown): boolean => value === true || Number(value) === 1;

/** Users over Kysely; see {@link UserStore} for the contract. @internal */
export function createKyselyUserStore(run: Runner): UserStore {
  const { ops } = run;
  const byColumn = (column: 'id' | 'username_key') =>
    run.prepare(`user-by-${column}`, (db) =>
      db.selectFrom('accountkit_user').select(USER_COLUMNS).where(column, '=', 0),
    );
  const recordOf = (rows: UserRow[]) => (rows[0] ? toUserRecord(rows[0], ops) : null);
  // A read answered at once resolves at once, rather than a turn later through `await`.
  const findOne = (column: 'id' | 'username_key', value: number | string) => {
    try {
      const read = run.read(byColumn(column), [value]);
      return Array.isArray(read) ? Promise.resolve(recordOf(read)) : read.then(recordOf);
    } catch (error) {
      return Promise.reject(error);
    }
  };

  // The viewer's and the viewed user's rows in one statement, each with whether the viewer
  // follows it: on SQLite one read transaction instead of three, on a server one round trip.
  const viewing = run.prepare('user-viewing', (db) =>
    db
      .selectFrom('accountkit_user as viewed')
      .select(USER_COLUMNS)
      .select((eb) =>
        eb
          .exists(
            eb
              .selectFrom('accountkit_user_following')
              .select('accountkit_user_following.id')
              .where('from_user_id', '=', 0)
              .whereRef('to_user_id', '=', 'viewed.id'),
          )
          .as('followed'),
      )
      .where('id', 'in', [0, 0]),
  );

  return {
    insert: async (user) => {
      // A name only Django knows must be taken before this one is judged free.
      await keyUnkeyedUsers(run);
      return run.single(async (db) => {
        const id = await ops.guardUnique(db, run.inTransaction, () =>
          ops.insertUser(db, toUserInsert(user, ops)),
        );
        const record: UserRecord = {
          id,
          username: user.username,
          usernameKey: user.usernameKey,
          email: user.email,
          passwordHash: user.passwordHash,
          isActive: user.isActive ?? true,
          dateJoined: new Date(user.dateJoined),
          profilePic: user.profilePic ?? null,
          coverImage: user.coverImage ?? null,
          followersCount: 0,
          followingCount: 0,
          tokenVersion: 0,
          lastLogin: null,
        };
        return record;
      });
    },
    findById: (id) => findOne('id', id),
    findViewing: async (viewerId, id) => {
      const read = run.read(viewing, [viewerId, viewerId, id]);
      const rows = Array.isArray(read) ? read : await read;
      const [viewer, user] = [viewerId, id].map((wanted) => {
        const row = rows.find((candidate) => Number(candidate.id) === wanted);
        return row === undefined ? null : { row, record: toUserRecord(row, ops) };
      });
      return {
        viewer: viewer?.record ?? null,
        user: user?.record ?? null,
        following: viewerId !== id && isTrue(user?.row.followed),
      };
    },
    findByUsernameKey: async (key) => {
      const found = await findOne('username_key', key);
      if (found !== null || (await keyUnkeyedUsers(run)) === 0) return found;
      return findOne('username_key', key);
    },
    findByEmail: (email) =>
      run.single(async (db) => {
        const rows = await db
          .selectFrom('accountkit_user')
          .select(USER_COLUMNS)
          .where((eb) => eb(eb.fn('lower', ['email']), '=', eb.fn('lower', [eb.val(email)])))
          .orderBy('id')
          .execute();
        return rows.map((row) => toUserRecord(row, ops));
      }),
    update: async (id, patch, conditions = {}) => {
      if (patch.usernameKey !== undefined) await keyUnkeyedUsers(run);
      return run.write(async (trx) => {
        const row = await ops.lockUserRow(trx, id);
        if (!row) return null;
        const current = toUserRecord(row, ops);
        const expected = conditions.expectedPasswordHash;
        if (expected !== undefined && current.passwordHash !== expected) return null;
        const changes = toUserUpdate(patch);
        if (Object.keys(changes).length === 0) return current;
        await ops.guardUnique(trx, true, () =>
          trx.updateTable('accountkit_user').set(changes).where('id', '=', id).execute(),
        );
        if (changes.password !== undefined) {
          // On Django's tables a trigger bumps the token version when the password changes, to
          // end the sessions of a password Django set. accountkit decides that itself (a login
          // re-hash keeps them, a password change increments on its own), so the version read
          // under the lock is put back.
          await trx
            .updateTable('accountkit_user')
            .set({ token_version: current.tokenVersion })
            .where('id', '=', id)
            .execute();
        }
        const defined = Object.entries(patch).filter(([, value]) => value !== undefined);
        return { ...current, ...Object.fromEntries(defined) } as UserRecord;
      });
    },
    recordLogin: (id, at) =>
      run.write(async (trx) => {
        const { numUpdatedRows } = await trx
          .updateTable('accountkit_user')
          .set({ last_login: ops.toDbDate(at) })
          .where('id', '=', id)
          .executeTakeFirst();
        return Number(numUpdatedRows) > 0;
      }),
    findEmailVerification: (id) =>
      run.single(async (db) => {
        const row = await db
          .selectFrom('accountkit_email_verification')
          .select(['email', 'verified_at'])
          .where('user_id', '=', id)
          .executeTakeFirst();
        return row ? { email: row.email, verifiedAt: ops.fromDbDate(row.verified_at) } : null;
      }),
    recordEmailVerification: (id, email, at) =>
      run.write(async (trx) => {
        if (!(await ops.lockUserRow(trx, id))) return false;
        // Replace rather than upsert: the same two statements on every database.
        await trx.deleteFrom('accountkit_email_verification').where('user_id', '=', id).execute();
        await trx
          .insertInto('accountkit_email_verification')
          .values({ user_id: id, email, verified_at: ops.toDbDate(at) })
          .execute();
        return true;
      }),
    incrementTokenVersion: (id) =>
      run.write(async (trx) => {
        const { numUpdatedRows } = await trx
          .updateTable('accountkit_user')
          .set((eb) => ({ token_version: eb('token_version', '+', 1) }))
          .where('id', '=', id)
          .executeTakeFirst();
        if (Number(numUpdatedRows) === 0) return null;
        const row = await trx
          .selectFrom('accountkit_user')
          .select('token_version')
          .where('id', '=', id)
          .executeTakeFirstOrThrow();
        return Number(row.token_version);
      }),
    delete: (id) =>
      run.write(async (trx) => {
        if ((await ops.lockUsers(trx, [id])).length === 0) return false;
        await removeUserEdges(trx, ops, id);
        await trx.deleteFrom('accountkit_refresh_token').where('user_id', '=', id).execute();
        await trx.deleteFrom('accountkit_email_verification').where('user_id', '=', id).execute();
        await trx.deleteFrom('accountkit_user').where('id', '=', id).execute();
        return true;
      }),
  };
}
