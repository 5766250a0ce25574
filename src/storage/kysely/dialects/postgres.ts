import { sql } from 'kysely';
import { ConflictError, NotFoundError } from '../../../errors/errors.js';
import {
  type DialectOps,
  errorField,
  kyselyTransaction,
  retryable,
  unavailable,
} from './dialect-ops.js';
import { postgresTriggers } from './postgres-triggers.js';
import {
  insertEdgeOnConflictDoNothing,
  lockAllUsersForUpdate,
  lockUsersForUpdate,
  selectUserForUpdate,
} from './shared.js';

/** SQLSTATEs worth retrying the whole unit for: deadlock, serialization, lock not available. */
const RETRYABLE = new Set(['40P01', '40001', '55P03']);
/** unique_violation. */
const UNIQUE_VIOLATION = '23505';

/**
 * PostgreSQL through `pg`. Ids and COUNT come back as strings (bigint) and are converted in
 * rows.ts; a unique violation inside a transaction is fenced by a savepoint so the transaction
 * (and the pooled connection) stays usable instead of failing later with `25P02`.
 *
 * @internal
 */
export const postgresOps: DialectOps = {
  name: 'postgres',
  schema: {
    idType: 'bigserial',
    idAutoIncrement: false,
    refType: 'bigint',
    dateType: 'timestamptz',
    indexIfNotExists: true,
    tableSuffix: '',
    keyCollation: async () => null,
  },
  writeTransaction: kyselyTransaction,
  lockUsers: lockUsersForUpdate,
  lockUserRow: selectUserForUpdate,
  lockAllUsers: lockAllUsersForUpdate,
  insertEdgeIfAbsent: insertEdgeOnConflictDoNothing,
  insertUser: async (db, row) => {
    const { id } = await db
      .insertInto('accountkit_user')
      .values(row)
      .returning('id')
      .executeTakeFirstOrThrow();
    return Number(id);
  },
  async guardUnique(db, inTransaction, statement) {
    if (!inTransaction) return statement();
    await sql`savepoint accountkit_unique`.execute(db);
    try {
      const result = await statement();
      await sql`release savepoint accountkit_unique`.execute(db);
      return result;
    } catch (error) {
      await sql`rollback to savepoint accountkit_unique`.execute(db);
      throw error;
    }
  },
  isUniqueViolation: (error) => String(errorField(error, 'code') ?? '') === UNIQUE_VIOLATION,
  toAccountsError(error) {
    const code = String(errorField(error, 'code') ?? '');
    if (postgresOps.isUniqueViolation(error)) {
      return new ConflictError('USERNAME_TAKEN', 'A user with that username already exists.', {
        cause: error,
      });
    }
    if (code === '23503')
      return new NotFoundError('USER_NOT_FOUND', 'No such user.', { cause: error });
    if (RETRYABLE.has(code)) return retryable(error);
    return unavailable(error);
  },
  toDbDate: (date) => new Date(date),
  fromDbDate: (value) => (value instanceof Date ? new Date(value) : new Date(String(value))),
  sideBySide: postgresTriggers,
};
