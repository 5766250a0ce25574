import type { Kysely } from 'kysely';
import { ConfigurationError } from '../../errors/errors.js';
import type { Db } from '../../storage/kysely/dialects/dialect-ops.js';
import type { AccountsDialect } from '../../storage/kysely/dialects/registry.js';
import { dialectOps } from '../../storage/kysely/dialects/registry.js';
import { Runner } from '../../storage/kysely/runner.js';
import { emptyWindow, type LimiterStore, type LimiterWindow } from '../limiter-store.js';
import { limiterDialect, RATE_LIMIT_TABLE, type WindowRow } from './limiter-dialects.js';

/** Options of {@link createKyselyLimiterStore}. */
export interface KyselyLimiterStoreOptions {
  /** Your Kysely instance; never destroyed by accountkit. Its plugins are bypassed. */
  // biome-ignore lint/suspicious/noExplicitAny: any database type; the table is addressed by name.
  readonly db: Kysely<any>;
  readonly dialect: AccountsDialect;
  /** The limiter table's name; default `accountkit_rate_limit`. */
  readonly table?: string;
}

/** The Kysely store: a {@link LimiterStore} whose ended windows can be deleted in bulk. */
export interface KyselyLimiterStore extends LimiterStore {
  /**
   * Delete every window that started before `before`; returns how many. Ended windows are
   * never read again, but their rows stay until pruned (one per account name and address ever
   * tried), so run it from a scheduled job with `before` = now minus the longest rule window.
   *
   * @throws StorageError `STORAGE_UNAVAILABLE` when the database cannot be reached.
   */
  prune(before: Date): Promise<number>;
}

function toWindow(row: WindowRow, windowMs: number): LimiterWindow {
  return { count: Number(row.count), resetAt: new Date(Number(row.window_start) + windowMs) };
}

/**
 * A {@link LimiterStore} in a table of your SQL database (`accountkit_rate_limit`, created by
 * `migrateRateLimitSchema`), so every process that shares the database shares the counts.
 * Keys are at most 255 characters (the throttle's are about 80).
 *
 * A hit is one atomic upsert: `INSERT … ON CONFLICT DO UPDATE … RETURNING` on SQLite and
 * PostgreSQL; on MySQL/MariaDB `INSERT … ON DUPLICATE KEY UPDATE` and a read of the row in the
 * same transaction. A refund is one `UPDATE` of the row, guarded by its window start; a row it
 * brings to zero stays until pruned and counts as no window. Concurrent hits on one key queue on its row, so each is counted exactly
 * once. Deadlocks and SQLite busy are retried a bounded number of times (a failed attempt
 * counted nothing); other driver failures reject with `StorageError`, never raw.
 *
 * @throws ConfigurationError `CONFIGURATION_ERROR` when `db` is missing or the dialect unknown.
 * @example
 * ```ts
 * import { createKyselyLimiterStore, migrateRateLimitSchema } from 'accountkit/rate-limit/kysely';
 *
 * await migrateRateLimitSchema(db, { dialect: 'postgres' });
 * const store = createKyselyLimiterStore({ db, dialect: 'postgres' });
 * ```
 */
export function createKyselyLimiterStore(options: KyselyLimiterStoreOptions): KyselyLimiterStore {
  if (typeof options.db?.withoutPlugins !== 'function') {
    throw new ConfigurationError(['db must be a Kysely instance']);
  }
  const limiter = limiterDialect(options.dialect);
  const table = options.table ?? RATE_LIMIT_TABLE;
  const db = options.db.withoutPlugins();
  // The account storage's runner: bounded retries and driver-error classification, shared.
  const run = new Runner(db as unknown as Db, dialectOps(options.dialect), false);
  const untyped = (d: Db) => d as unknown as typeof db;

  return Object.freeze({
    async hit(key: string, windowMs: number, now: Date) {
      const row = await limiter.hit(run, { table, key, windowMs, now: now.getTime() });
      return toWindow(row, windowMs);
    },
    async peek(key: string, windowMs: number, now: Date) {
      const row = await run.single((d) =>
        untyped(d)
          .selectFrom(table)
          .select(['count', 'window_start'])
          .where('key', '=', key)
          .executeTakeFirst(),
      );
      const window = row && toWindow(row as WindowRow, windowMs);
      // A row at zero is a window whose every hit was refunded: no window.
      return window && window.count > 0 && now < window.resetAt
        ? window
        : emptyWindow(windowMs, now);
    },
    async reset(key: string) {
      await run.single((d) => untyped(d).deleteFrom(table).where('key', '=', key).execute());
    },
    async refund(key: string, windowMs: number, resetAt: Date) {
      // One statement: the row lock makes it atomic against concurrent hits and refunds.
      await run.single((d) =>
        untyped(d)
          .updateTable(table)
          .set((eb) => ({ count: eb('count', '-', 1) }))
          .where('key', '=', key)
          .where('window_start', '=', resetAt.getTime() - windowMs)
          .where('count', '>', 0)
          .execute(),
      );
    },
    async prune(before: Date) {
      const result = await run.single((d) =>
        untyped(d)
          .deleteFrom(table)
          .where('window_start', '<', before.getTime())
          .executeTakeFirst(),
      );
      return Number(result.numDeletedRows);
    },
  });
}
