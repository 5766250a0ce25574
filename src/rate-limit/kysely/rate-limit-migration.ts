import { type Kysely, type MigrationProvider, Migrator, sql } from 'kysely';
import { StorageError } from '../../errors/errors.js';
import { type AccountsDialect, dialectOps } from '../../storage/kysely/dialects/registry.js';
import { createTable } from '../../storage/kysely/migrations/schema-context.js';
import { resolveTableNames } from '../../storage/kysely/tables.js';
import { limiterDialect, RATE_LIMIT_TABLE } from './limiter-dialects.js';

/** The limiter schema's own migration bookkeeping, apart from the account tables' history. */
export const RATE_LIMIT_MIGRATION_TABLE = 'accountkit_rate_limit_migration';
/** The lock row concurrent runners of {@link migrateRateLimitSchema} wait on. */
export const RATE_LIMIT_MIGRATION_LOCK_TABLE = 'accountkit_rate_limit_migration_lock';

/** Options of {@link migrateRateLimitSchema} and {@link createRateLimitMigrationProvider}. */
export interface RateLimitMigrateOptions {
  readonly dialect: AccountsDialect;
  /** The limiter table's name; default {@link RATE_LIMIT_TABLE}. */
  readonly table?: string;
  /** PostgreSQL: the schema of the bookkeeping tables, when several schemas hold accountkit. */
  readonly migrationTableSchema?: string;
}

/**
 * The in-code migration provider of the limiter table, to run with your own Kysely `Migrator`
 * (give it a migration table of its own, such as {@link RATE_LIMIT_MIGRATION_TABLE}).
 *
 * @throws ConfigurationError `CONFIGURATION_ERROR` when the dialect is unknown.
 */
export function createRateLimitMigrationProvider(
  options: RateLimitMigrateOptions,
): MigrationProvider {
  const ops = dialectOps(options.dialect);
  const keyType = limiterDialect(options.dialect).keyType;
  const name = options.table ?? RATE_LIMIT_TABLE;
  const ctx = { ops, tables: resolveTableNames() };
  return {
    getMigrations: async () => ({
      '0001-create-rate-limit': {
        up: async (db) => {
          await createTable(db, ctx, name, (table) =>
            table
              .addColumn('key', sql.raw(keyType), (c) => c.primaryKey())
              .addColumn('window_start', 'bigint', (c) => c.notNull())
              .addColumn('count', 'integer', (c) => c.notNull()),
          ).execute();
        },
      },
    }),
  };
}

/**
 * Create the limiter table (`accountkit_rate_limit(key, window_start, count)`, or `table`) with
 * Kysely's `Migrator`, keeping its history in {@link RATE_LIMIT_MIGRATION_TABLE} so it never
 * mixes with `migrateAccountsSchema`'s. Safe to run on every start; concurrent runners wait on a
 * lock row. Run it once, next to `migrateAccountsSchema`, before `createKyselyLimiterStore`.
 *
 * @returns the names of the migrations applied by this call.
 * @throws StorageError `STORAGE_UNAVAILABLE` when a migration fails (the cause is attached).
 * @throws ConfigurationError `CONFIGURATION_ERROR` when the dialect is unknown.
 * @example
 * ```ts
 * await migrateRateLimitSchema(db, { dialect: 'postgres' });
 * ```
 */
export async function migrateRateLimitSchema(
  // biome-ignore lint/suspicious/noExplicitAny: any database type.
  db: Kysely<any>,
  options: RateLimitMigrateOptions,
): Promise<string[]> {
  const migrator = new Migrator({
    db: db.withoutPlugins(),
    provider: createRateLimitMigrationProvider(options),
    migrationTableName: RATE_LIMIT_MIGRATION_TABLE,
    migrationLockTableName: RATE_LIMIT_MIGRATION_LOCK_TABLE,
    ...(options.migrationTableSchema ? { migrationTableSchema: options.migrationTableSchema } : {}),
  });
  // The Migrator reports failure in its result and never throws, so we do.
  const { error, results = [] } = await migrator.migrateToLatest();
  if (error !== undefined) {
    throw new StorageError('STORAGE_UNAVAILABLE', 'The rate-limit migration failed.', {
      cause: error,
    });
  }
  return results.map((result) => result.migrationName);
}
