/**
 * The throttle's counts in your SQL database, through the Kysely instance the account storage
 * already uses: SQLite (better-sqlite3), PostgreSQL (pg) or MySQL/MariaDB (mysql2).
 *
 * @example
 * ```ts
 * import { createKyselyLimiterStore, migrateRateLimitSchema } from 'accountkit/rate-limit/kysely';
 * import { createThrottle } from 'accountkit/rate-limit';
 *
 * await migrateRateLimitSchema(db, { dialect: 'postgres' });
 * const throttle = createThrottle({ store: createKyselyLimiterStore({ db, dialect: 'postgres' }) });
 * ```
 *
 * @module rate-limit/kysely
 */
export {
  createKyselyLimiterStore,
  type KyselyLimiterStore,
  type KyselyLimiterStoreOptions,
} from './kysely-limiter-store.js';
export { RATE_LIMIT_TABLE } from './limiter-dialects.js';
export {
  createRateLimitMigrationProvider,
  migrateRateLimitSchema,
  RATE_LIMIT_MIGRATION_LOCK_TABLE,
  RATE_LIMIT_MIGRATION_TABLE,
  type RateLimitMigrateOptions,
} from './rate-limit-migration.js';
