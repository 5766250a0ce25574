import { type Kysely, type MigrationProvider, type MigrationResult, Migrator } from 'kysely';
import { StorageError } from '../../errors/errors.js';
import { type AccountsDialect, dialectOps } from './dialects/registry.js';
import { removeSideBySide } from './migrations/django-side-by-side.js';
import { accountsMigrations, djangoMigrations } from './migrations/provider.js';
import { type AccountsTableNames, DJANGO_TABLE_NAMES, resolveTableNames } from './tables.js';

/** Options of the migration functions. */
export interface MigrateOptions {
  readonly dialect: AccountsDialect;
  /** Table names; the default for {@link migrateDjangoSchema} is {@link DJANGO_TABLE_NAMES}. */
  readonly tables?: Partial<AccountsTableNames>;
  /**
   * PostgreSQL: the schema of the migration bookkeeping tables. Set it when several schemas of
   * one database hold accountkit tables: Kysely's `Migrator` looks for its tables by name in
   * every schema, so without it a runner may see another schema's tables.
   */
  readonly migrationTableSchema?: string;
}

/** accountkit's migration bookkeeping tables, apart from the application's `kysely_migration`. */
export const MIGRATION_TABLE = 'accountkit_migration';
/** The lock row concurrent migration runners wait on. */
export const MIGRATION_LOCK_TABLE = 'accountkit_migration_lock';

/** @internal */
export function accountsMigrationProvider(options: MigrateOptions): MigrationProvider {
  return accountsMigrations({
    ops: dialectOps(options.dialect),
    tables: resolveTableNames(options.tables),
  });
}

/** @internal */
export function djangoMigrationProvider(options: MigrateOptions): MigrationProvider {
  return djangoMigrations(djangoContext(options));
}

/** @internal Drop the side-by-side triggers; the names of those that were there. */
export async function undoSideBySide(
  // biome-ignore lint/suspicious/noExplicitAny: any database type.
  db: Kysely<any>,
  options: MigrateOptions,
): Promise<string[]> {
  const ctx = djangoContext(options);
  try {
    return await removeSideBySide(db.withoutPlugins(), ctx);
  } catch (error) {
    throw new StorageError('STORAGE_UNAVAILABLE', 'Removing the side-by-side triggers failed.', {
      cause: error,
    });
  }
}

function djangoContext(options: MigrateOptions) {
  return {
    ops: dialectOps(options.dialect),
    tables: { ...DJANGO_TABLE_NAMES, ...options.tables },
  };
}

/** @internal Run a provider to the latest migration; the Migrator never throws, so we do. */
export async function runMigrations(
  // biome-ignore lint/suspicious/noExplicitAny: Kysely's Migrator takes Kysely<any>.
  db: Kysely<any>,
  provider: MigrationProvider,
  options: MigrateOptions,
): Promise<string[]> {
  const migrator = new Migrator({
    db: db.withoutPlugins(),
    provider,
    migrationTableName: MIGRATION_TABLE,
    migrationLockTableName: MIGRATION_LOCK_TABLE,
    ...(options.migrationTableSchema ? { migrationTableSchema: options.migrationTableSchema } : {}),
  });
  const { error, results = [] } = await migrator.migrateToLatest();
  if (error !== undefined) {
    const failed = results.find((result: MigrationResult) => result.status === 'Error');
    throw new StorageError(
      'STORAGE_UNAVAILABLE',
      `Migration ${failed?.migrationName ?? '(setup)'} failed.`,
      { cause: error },
    );
  }
  return results.map((result) => result.migrationName);
}
