import type { DialectAdapter, Kysely } from 'kysely';

/**
 * Runs a read synchronously on the connection, outside Kysely's queue (SQLite through
 * `createCachedSqliteDialect`), or answers `undefined` when it may not; the read then goes
 * through Kysely.
 * @internal
 */
export type DirectRead = (sql: string, parameters: readonly unknown[]) => unknown[] | undefined;

/**
 * Runs a read as a named prepared statement on the pool, outside Kysely's executor
 * (PostgreSQL through `createPreparedPostgresDialect`).
 * @internal
 */
export type PreparedRead = (sql: string, parameters: readonly unknown[]) => Promise<unknown[]>;

/** How a dialect runs accountkit's hot reads besides Kysely's executor. @internal */
export interface HotReads {
  readonly now: DirectRead | null;
  readonly later: PreparedRead | null;
}

/** Kysely exposes a dialect only through its executor's adapter, so the reads hang there. */
const hotReads = new WeakMap<DialectAdapter, HotReads>();

/** `adapter`, carrying the hot reads of the dialect that made it. @internal */
export function withHotReads<A extends DialectAdapter>(adapter: A, reads: HotReads): A {
  hotReads.set(adapter, reads);
  return adapter;
}

/** The hot reads of a Kysely instance's dialect; none for Kysely's stock dialects. @internal */
// biome-ignore lint/suspicious/noExplicitAny: any database type.
export function hotReadsOf(db: Kysely<any>): HotReads {
  const adapter = typeof db.getExecutor === 'function' ? db.getExecutor().adapter : undefined;
  return (adapter && hotReads.get(adapter)) ?? { now: null, later: null };
}

/** The synchronous read of a Kysely instance made with `createCachedSqliteDialect`, or `null`. @internal */
// biome-ignore lint/suspicious/noExplicitAny: any database type.
export function directReadOf(db: Kysely<any>): DirectRead | null {
  return hotReadsOf(db).now;
}
