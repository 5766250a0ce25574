/**
 * Kysely storage: accountkit's tables on SQLite (better-sqlite3), PostgreSQL (pg) or
 * MySQL/MariaDB (mysql2), through a Kysely instance you create and own. The column names are
 * Django's, so the adapter can also run on an existing Django `account_user` table.
 *
 * @example
 * ```ts
 * import SQLite from 'better-sqlite3';
 * import { Kysely, SqliteDialect } from 'kysely';
 * import { createKyselyStorage, migrateAccountsSchema } from 'accountkit/storage/kysely';
 *
 * const database = new SQLite('accounts.db');
 * database.pragma('journal_mode = WAL');
 * database.pragma('busy_timeout = 5000');
 * database.pragma('foreign_keys = ON');
 * const db = new Kysely({ dialect: new SqliteDialect({ database }) });
 * await migrateAccountsSchema(db, { dialect: 'sqlite' });
 * const storage = createKyselyStorage({ db, dialect: 'sqlite' });
 * ```
 *
 * @module storage/kysely
 */
import type { Kysely, MigrationProvider } from 'kysely';
import type { AccountStorage } from '../storage.js';
import { type KyselyStorageOptions, openKyselyStorage } from './kysely-storage.js';
import {
  accountsMigrationProvider,
  djangoMigrationProvider,
  type MigrateOptions,
  runMigrations,
  undoSideBySide,
} from './migrate.js';

export type { AccountsDialect } from './dialects/registry.js';
export type { KyselyStorageOptions } from './kysely-storage.js';
export { MIGRATION_LOCK_TABLE, MIGRATION_TABLE, type MigrateOptions } from './migrate.js';
export {
  createPreparedPostgresDialect,
  type PreparedPostgresDialectConfig,
  type PreparedPostgresPool,
} from './prepared-postgres-dialect.js';
export {
  type CachedSqliteDialectConfig,
  createCachedSqliteDialect,
} from './sqlite-statement-cache.js';
export {
  type AccountsDatabase,
  type AccountsTableNames,
  type BoolColumn,
  type DateColumn,
  DEFAULT_TABLE_NAMES,
  DJANGO_TABLE_NAMES,
  type EmailVerificationTable,
  type FollowTable,
  type IntColumn,
  type RefreshTokenTable,
  type UserTable,
} from './tables.js';

/**
 * Create an {@link AccountStorage} over your Kysely instance.
 *
 * Concurrency guarantees, on every supported database:
 * - Usernames are unique by a unique index on `username_key`, so of any number of concurrent
 *   inserts of `alice`/`Alice` exactly one succeeds; the others reject with `ConflictError`
 *   (`USERNAME_TAKEN`).
 * - A follow or unfollow locks both user rows in id order (SQLite: `BEGIN IMMEDIATE`), changes
 *   the edge, and moves both counters in the same transaction only if a row really changed, so
 *   counters stay equal to a COUNT of the edges and crossed follows do not deadlock.
 * - Refresh-token `consume` is a guarded UPDATE: exactly one concurrent caller gets the record.
 * - Every multi-step write is one transaction; deadlocks, serialization failures and SQLite busy
 *   are retried a bounded number of times, then surface as `StorageError`
 *   (`STORAGE_UNAVAILABLE`). Driver errors never reach the caller raw: they are `ConflictError`,
 *   `NotFoundError` (`USER_NOT_FOUND`) or `StorageError`, with the driver error as `cause`.
 * - Inside `transaction(fn)` use only the `tx` given to `fn`; `fn` may run more than once.
 *
 * `db` is never destroyed by accountkit. For SQLite, open it with WAL, a `busy_timeout` and
 * `foreign_keys = ON`; for MySQL, create the mysql2 pool with `timezone: 'Z'`.
 *
 * @throws ConfigurationError `CONFIGURATION_ERROR` when `db` is not a Kysely instance or the
 *   dialect is unknown.
 * @example
 * ```ts
 * const storage = createKyselyStorage({ db, dialect: 'postgres', tables: DJANGO_TABLE_NAMES });
 * ```
 */
export function createKyselyStorage(options: KyselyStorageOptions): AccountStorage {
  return openKyselyStorage(options);
}

/**
 * Create or update accountkit's own tables (`accountkit_user`, `accountkit_user_following`,
 * `accountkit_refresh_token`, or the names in `tables`) to the latest version with Kysely's
 * `Migrator`, keeping its bookkeeping in `accountkit_migration`. Safe to run on every start:
 * applied migrations are skipped, and concurrent runners wait on a lock row (PostgreSQL and
 * MySQL).
 *
 * @returns the names of the migrations applied by this call.
 * @throws StorageError `STORAGE_UNAVAILABLE` when a migration fails (the cause is attached).
 * @example
 * ```ts
 * await migrateAccountsSchema(db, { dialect: 'postgres' });
 * ```
 */
export function migrateAccountsSchema(
  // biome-ignore lint/suspicious/noExplicitAny: any database type.
  db: Kysely<any>,
  options: MigrateOptions,
): Promise<string[]> {
  return runMigrations(db, accountsMigrationProvider(options), options);
}

/**
 * Prepare an existing Django database: add accountkit's columns (`username_key`, the two
 * counters, `token_version`) to Django's `account_user` without touching Django's columns,
 * backfill `username_key` and the counters from `account_user_following`, and create the
 * refresh-token table. Then use `createKyselyStorage({ tables: DJANGO_TABLE_NAMES, ... })`.
 *
 * It also installs database triggers, so that while Django keeps writing the same tables
 * accountkit's columns stay right with no accountkit code in the Django process:
 * - every user Django inserts or renames gets `username_key` (an ASCII name in SQL, exactly as
 *   accountkit computes it; any other name is keyed by accountkit before it looks a name up
 *   or hands one out), so they log in here and case variants of their name are taken;
 * - every follow Django inserts or deletes moves both counters;
 * - a password Django sets increments `token_version`, which revokes accountkit's tokens (a
 *   re-hash by accountkit at login does not).
 * Remove them with {@link undoDjangoSideBySide} once Django no longer writes.
 *
 * MySQL/MariaDB: creating triggers needs the `TRIGGER` privilege, and with binary logging on
 * also `SUPER` or `log_bin_trust_function_creators = 1`.
 *
 * @returns the names of the migrations applied by this call.
 * @throws StorageError `STORAGE_UNAVAILABLE` when a migration fails, e.g. two Django usernames
 *   that differ only by case (`Alice`, `alice`) and so share a key.
 * @example
 * ```ts
 * await migrateDjangoSchema(db, { dialect: 'sqlite' });
 * const storage = createKyselyStorage({ db, dialect: 'sqlite', tables: DJANGO_TABLE_NAMES });
 * ```
 */
export function migrateDjangoSchema(
  // biome-ignore lint/suspicious/noExplicitAny: any database type.
  db: Kysely<any>,
  options: MigrateOptions,
): Promise<string[]> {
  return runMigrations(db, djangoMigrationProvider(options), options);
}

/**
 * End the side-by-side period: drop the triggers {@link migrateDjangoSchema} installed on
 * Django's tables, for the day Django no longer writes them. accountkit keeps its own columns
 * right without them. The migration that installed them stays recorded, so a later
 * `migrateDjangoSchema` (every `accountkit serve` runs it) does not bring them back.
 *
 * @returns the names of the triggers removed (none when there were none).
 * @throws StorageError `STORAGE_UNAVAILABLE` when the database refuses.
 * @example
 * ```ts
 * await undoDjangoSideBySide(db, { dialect: 'postgres' });
 * ```
 */
export function undoDjangoSideBySide(
  // biome-ignore lint/suspicious/noExplicitAny: any database type.
  db: Kysely<any>,
  options: MigrateOptions,
): Promise<string[]> {
  return undoSideBySide(db, options);
}

/**
 * The in-code migration provider of accountkit's own schema, to run with your own Kysely
 * `Migrator` (use a migration table of its own, such as {@link MIGRATION_TABLE}).
 */
export function createAccountsMigrationProvider(options: MigrateOptions): MigrationProvider {
  return accountsMigrationProvider(options);
}

/** The in-code migration provider of the Django path ({@link migrateDjangoSchema}). */
export function createDjangoMigrationProvider(options: MigrateOptions): MigrationProvider {
  return djangoMigrationProvider(options);
}
