import type { Kysely } from 'kysely';
import { type AccountsError, StorageError } from '../../../errors/errors.js';
import type { UserRow } from '../rows.js';
import type { AccountsDatabase, UserInsert } from '../tables.js';
import type { SideBySideTriggers } from './side-by-side.js';

/** Any executor: the root `Kysely`, a transaction, or one held connection. @internal */
export type Db = Kysely<AccountsDatabase>;

/**
 * A failure worth retrying the whole unit of work for: deadlock, serialization failure, SQLite
 * busy. A `StorageError`, so when retries run out it is already what the caller should see.
 *
 * @internal
 */
export class RetryableStorageError extends StorageError {}

/** Column types and table options for the shipped schema, per database. @internal */
export interface SchemaTypes {
  /** Auto-increment primary key column type (`integer` with AUTOINCREMENT, `bigserial` ...). */
  readonly idType: 'integer' | 'bigserial' | 'bigint';
  /** Whether the id column needs `autoIncrement()` next to `idType`. */
  readonly idAutoIncrement: boolean;
  /** Foreign-key column type (Django uses `bigint`). */
  readonly refType: 'bigint';
  readonly dateType: 'datetime' | 'timestamptz' | 'datetime(6)';
  /** Whether `CREATE INDEX IF NOT EXISTS` parses (not on MySQL 8). */
  readonly indexIfNotExists: boolean;
  /** Appended to CREATE TABLE (MySQL: engine and character set). */
  readonly tableSuffix: string;
  /** The collation of `username_key`, given the server (MySQL: binary and NO PAD). */
  keyCollation(db: Db): Promise<string | null>;
}

/**
 * A user row locked for a follow write, with its counters as they stand under the lock.
 * @internal
 */
export interface LockedUser {
  readonly id: number;
  readonly followersCount: number;
  readonly followingCount: number;
}

/**
 * What differs per database, in the spirit of Kysely's `DialectAdapter`. `kysely-storage.ts`
 * calls these and never tests the dialect name; driver errors are classified here and nowhere
 * else, because Kysely passes them through raw.
 *
 * @internal
 */
export interface DialectOps {
  readonly name: 'sqlite' | 'postgres' | 'mysql';
  readonly schema: SchemaTypes;
  /**
   * Run `fn` in a write transaction on one connection: commit when it resolves, roll back when
   * it rejects. SQLite begins `IMMEDIATE` so the write lock is taken up front.
   */
  writeTransaction<T>(db: Db, fn: (trx: Db) => Promise<T>): Promise<T>;
  /**
   * Lock the user rows with these ids until the transaction ends, in id order so that two
   * transactions locking the same pair can never deadlock; returns the rows that exist, in id
   * order, with the counters read under the lock.
   */
  lockUsers(trx: Db, ids: readonly number[]): Promise<LockedUser[]>;
  /**
   * Lock every user row, in id order, so no follow can change an edge while `recount` reads
   * the edges and writes absolute counters.
   */
  lockAllUsers(trx: Db): Promise<void>;
  /**
   * Read one user row with a lock held to the end of the transaction. A locking read returns the
   * latest committed row even under MySQL's REPEATABLE READ snapshot, which compare-and-swap needs.
   */
  lockUserRow(trx: Db, id: number): Promise<UserRow | undefined>;
  /** Insert the edge unless it exists; `true` only when a row was created. */
  insertEdgeIfAbsent(trx: Db, from: number, to: number): Promise<boolean>;
  /** Insert a user row and return its id. */
  insertUser(db: Db, row: UserInsert): Promise<number>;
  /**
   * Run a statement that may hit a unique index so that, inside a transaction, a violation
   * leaves the transaction usable (PostgreSQL aborts it otherwise: `25P02`).
   */
  guardUnique<T>(db: Db, inTransaction: boolean, statement: () => Promise<T>): Promise<T>;
  /** Whether a driver error is a unique-index violation. */
  isUniqueViolation(error: unknown): boolean;
  /**
   * A driver error as the typed error the caller sees; never exposes the driver message. A
   * unique violation is `USERNAME_TAKEN`: the only unique index a write can still hit is the
   * username's (refresh-token ids are told apart by {@link DialectOps.isUniqueViolation}, edges
   * are inserted only when absent).
   */
  toAccountsError(error: unknown): AccountsError;
  /** A `Date` as this database's column value. */
  toDbDate(date: Date): Date | string;
  /** A column value (Date or text) as a `Date`. */
  fromDbDate(value: unknown): Date;
  /** The triggers that keep accountkit's columns right while Django writes the same tables. */
  readonly sideBySide: SideBySideTriggers;
}

/** The generic answer for an unclassified driver failure. @internal */
export function unavailable(error: unknown): StorageError {
  return new StorageError('STORAGE_UNAVAILABLE', 'The account database is unavailable.', {
    cause: error,
  });
}

/** The generic answer for a retryable failure. @internal */
export function retryable(error: unknown): RetryableStorageError {
  return new RetryableStorageError(
    'STORAGE_UNAVAILABLE',
    'The account database stayed busy; try again.',
    { cause: error },
  );
}

/** Kysely's own transaction (a plain BEGIN), enough where row locks do the rest. @internal */
export function kyselyTransaction<T>(db: Db, fn: (trx: Db) => Promise<T>): Promise<T> {
  return db.transaction().execute(fn);
}

/** Read `code`/`errno` off a driver error without trusting its shape. @internal */
export function errorField(error: unknown, field: string): unknown {
  return typeof error === 'object' && error !== null
    ? (error as Record<string, unknown>)[field]
    : undefined;
}
