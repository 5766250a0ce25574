import { sql } from 'kysely';
import { ConflictError, NotFoundError } from '../../../errors/errors.js';
import {
  type DialectOps,
  errorField,
  kyselyTransaction,
  retryable,
  unavailable,
} from './dialect-ops.js';
import { mysqlTriggers } from './mysql-triggers.js';
import { lockAllUsersForUpdate, lockUsersForUpdate, selectUserForUpdate } from './shared.js';

/**
 * errno: deadlock, lock wait timeout, and ER_AUTOINC_READ_FAILED. InnoDB reports a deadlock
 * over the table's AUTO-INC lock as 1467, not 1213, because it is met while the statement asks
 * for its id (MDEV-33593); the victim's transaction is rolled back all the same. An edge insert
 * takes that lock (`INSERT … SELECT` is a bulk insert under the default
 * `innodb_autoinc_lock_mode` 1) after its `NOT EXISTS` read has share-locked the gap, so
 * concurrent follows of different pairs deadlock this way, most of all on an empty table, where
 * every pair shares one gap.
 */
const RETRYABLE = new Set([1213, 1205, 1467]);
/** errno: no parent row, row still referenced. */
const FOREIGN_KEY = new Set([1452, 1451, 1216, 1217]);
/** ER_DUP_ENTRY. */
const DUPLICATE_KEY = 1062;

/** `YYYY-MM-DD HH:MM:SS.fff` in UTC, independent of the pool's `timezone` setting. */
function toUtcText(date: Date): string {
  return date.toISOString().slice(0, 23).replace('T', ' ');
}

/**
 * MySQL and MariaDB through `mysql2`. There is no `RETURNING`; `INSERT IGNORE` is never used
 * (it turns foreign-key errors into warnings); and since mysql2 sets `CLIENT_FOUND_ROWS`,
 * nothing is counted from the affected rows of an upsert. A follow locks both user rows
 * `FOR UPDATE` in id order, then inserts the edge with `INSERT … SELECT … WHERE NOT EXISTS`,
 * whose affected-row count is the number of rows really inserted.
 *
 * @internal
 */
export const mysqlOps: DialectOps = {
  name: 'mysql',
  schema: {
    idType: 'bigint',
    idAutoIncrement: true,
    refType: 'bigint',
    dateType: 'datetime(6)',
    indexIfNotExists: false,
    tableSuffix: 'engine=InnoDB default charset=utf8mb4',
    // Binary and NO PAD: `_ci`/`_ai` collations merge accents, `utf8mb4_bin` ignores trailing
    // spaces. MariaDB names it utf8mb4_nopad_bin, MySQL 8 utf8mb4_0900_bin.
    async keyCollation(db) {
      const { rows } = await sql<{
        Collation: string;
      }>`show collation where Collation in ('utf8mb4_nopad_bin', 'utf8mb4_0900_bin')`.execute(db);
      const names = rows.map((row) => row.Collation);
      return names.includes('utf8mb4_nopad_bin') ? 'utf8mb4_nopad_bin' : 'utf8mb4_0900_bin';
    },
  },
  writeTransaction: kyselyTransaction,
  lockUsers: lockUsersForUpdate,
  lockUserRow: selectUserForUpdate,
  lockAllUsers: lockAllUsersForUpdate,
  async insertEdgeIfAbsent(trx, from, to) {
    const existing = trx
      .selectFrom('accountkit_user_following')
      .select('id')
      .where('from_user_id', '=', from)
      .where('to_user_id', '=', to);
    // From DUAL, not from the users table: a statement that reads the users table may not fire
    // the side-by-side triggers, which write it (error 1442).
    const result = await trx
      .insertInto('accountkit_user_following')
      .columns(['from_user_id', 'to_user_id'])
      .expression(sql`select ${from}, ${to} from dual where not exists (${existing})`)
      .executeTakeFirst();
    return Number(result.numInsertedOrUpdatedRows ?? 0) === 1;
  },
  async insertUser(db, row) {
    const result = await db.insertInto('accountkit_user').values(row).executeTakeFirstOrThrow();
    return Number(result.insertId);
  },
  // A failed statement rolls back only itself in InnoDB; the transaction stays usable.
  guardUnique: (_db, _inTransaction, statement) => statement(),
  isUniqueViolation: (error) => Number(errorField(error, 'errno')) === DUPLICATE_KEY,
  toAccountsError(error) {
    const errno = Number(errorField(error, 'errno'));
    if (mysqlOps.isUniqueViolation(error)) {
      return new ConflictError('USERNAME_TAKEN', 'A user with that username already exists.', {
        cause: error,
      });
    }
    if (FOREIGN_KEY.has(errno)) {
      return new NotFoundError('USER_NOT_FOUND', 'No such user.', { cause: error });
    }
    if (RETRYABLE.has(errno)) return retryable(error);
    return unavailable(error);
  },
  toDbDate: toUtcText,
  fromDbDate(value) {
    if (value instanceof Date) return new Date(value);
    return new Date(`${String(value).replace(' ', 'T')}Z`);
  },
  sideBySide: mysqlTriggers,
};
