import { sql } from 'kysely';
import { ConflictError, NotFoundError } from '../../../errors/errors.js';
import { USER_COLUMNS } from '../rows.js';
import {
  type DialectOps,
  errorField,
  retryable,
  type SchemaTypes,
  unavailable,
} from './dialect-ops.js';
import { insertEdgeOnConflictDoNothing, selectLockedUsers, toLockedUsers } from './shared.js';
import { sqliteTriggers } from './sqlite-triggers.js';

const SCHEMA: SchemaTypes = {
  idType: 'integer',
  idAutoIncrement: true,
  refType: 'bigint',
  dateType: 'datetime',
  indexIfNotExists: true,
  tableSuffix: '',
  keyCollation: async () => null,
};

const twoDigits = (value: number) => (value < 10 ? `0${value}` : `${value}`);

/**
 * Django's SQLite text form of an instant: UTC, `YYYY-MM-DD HH:MM:SS.ffffff`. Built from the
 * fields rather than from `toISOString`, which costs twice as much, and a rotation writes four.
 */
function toDjangoText(date: Date): string {
  const year = date.getUTCFullYear();
  // `toISOString` pads years before 1000 and expands those after 9999.
  if (year < 1000 || year > 9999) return `${date.toISOString().slice(0, -1).replace('T', ' ')}000`;
  const ms = date.getUTCMilliseconds();
  const fraction = ms < 10 ? `00${ms}` : ms < 100 ? `0${ms}` : `${ms}`;
  return `${year}-${twoDigits(date.getUTCMonth() + 1)}-${twoDigits(date.getUTCDate())} ${twoDigits(
    date.getUTCHours(),
  )}:${twoDigits(date.getUTCMinutes())}:${twoDigits(date.getUTCSeconds())}.${fraction}000`;
}

/** What {@link toDjangoText} writes (and Django, for an instant with microseconds). */
const DJANGO_TEXT = /^(\d{4}-\d\d-\d\d) (\d\d:\d\d:\d\d\.\d{3})\d{3}$/;

function fromDjangoText(value: unknown): Date {
  if (value instanceof Date) return new Date(value);
  const usual = typeof value === 'string' ? DJANGO_TEXT.exec(value) : null;
  if (usual) return new Date(`${usual[1]}T${usual[2]}Z`);
  const text = String(value).replace(' ', 'T');
  const [whole = '', rest = ''] = text.split('.');
  const offset = /([+-]\d\d:\d\d|Z)$/.exec(rest)?.[0] ?? /([+-]\d\d:\d\d|Z)$/.exec(whole)?.[0];
  const fraction = rest
    .replace(/([+-]\d\d:\d\d|Z)$/, '')
    .padEnd(3, '0')
    .slice(0, 3);
  const base = whole.replace(/([+-]\d\d:\d\d|Z)$/, '');
  return new Date(`${base}.${fraction}${offset ?? 'Z'}`);
}

/**
 * SQLite through better-sqlite3. Writers are serialised by the database file lock, so write
 * transactions begin `IMMEDIATE` on one held connection (Kysely's own `transaction()` sends a
 * deferred `begin`, which fails at once with `SQLITE_BUSY` when it later upgrades to write).
 * Waiting for another writer is the caller's `busy_timeout`; a busy that outlasts it is retried.
 *
 * @internal
 */
export const sqliteOps: DialectOps = {
  name: 'sqlite',
  schema: SCHEMA,
  writeTransaction: (db, fn) =>
    db.connection().execute(async (conn) => {
      await sql`begin immediate`.execute(conn);
      try {
        const result = await fn(conn);
        await sql`commit`.execute(conn);
        return result;
      } catch (error) {
        await sql`rollback`.execute(conn).catch(() => undefined);
        throw error;
      }
    }),
  // BEGIN IMMEDIATE already holds the only write lock, so reading the rows is enough.
  lockUsers: async (trx, ids) => toLockedUsers(await selectLockedUsers(trx, ids).execute()),
  // BEGIN IMMEDIATE already keeps every other writer out.
  lockAllUsers: async () => {},
  lockUserRow: (trx, id) =>
    trx.selectFrom('accountkit_user').select(USER_COLUMNS).where('id', '=', id).executeTakeFirst(),
  insertEdgeIfAbsent: insertEdgeOnConflictDoNothing,
  insertUser: async (db, row) => {
    const { id } = await db
      .insertInto('accountkit_user')
      .values(row)
      .returning('id')
      .executeTakeFirstOrThrow();
    return Number(id);
  },
  // A failed statement rolls back only itself in SQLite; the transaction stays usable.
  guardUnique: (_db, _inTransaction, statement) => statement(),
  isUniqueViolation(error) {
    const code = String(errorField(error, 'code') ?? '');
    return code === 'SQLITE_CONSTRAINT_UNIQUE' || code === 'SQLITE_CONSTRAINT_PRIMARYKEY';
  },
  toAccountsError(error) {
    const code = String(errorField(error, 'code') ?? '');
    if (sqliteOps.isUniqueViolation(error)) {
      return new ConflictError('USERNAME_TAKEN', 'A user with that username already exists.', {
        cause: error,
      });
    }
    if (code === 'SQLITE_CONSTRAINT_FOREIGNKEY') {
      return new NotFoundError('USER_NOT_FOUND', 'No such user.', { cause: error });
    }
    if (code.startsWith('SQLITE_BUSY') || code.startsWith('SQLITE_LOCKED')) return retryable(error);
    return unavailable(error);
  },
  toDbDate: toDjangoText,
  fromDbDate: fromDjangoText,
  sideBySide: sqliteTriggers,
};
