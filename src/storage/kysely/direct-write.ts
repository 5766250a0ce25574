import type { DialectAdapter, Kysely } from 'kysely';

/** Runs one statement of a direct write: the rows it returned, and how many it changed. @internal */
export type DirectStatement = (
  sql: string,
  parameters: readonly unknown[],
) => { readonly rows: readonly unknown[]; readonly changes: number };

/**
 * Runs `work` synchronously on the connection in its own `BEGIN IMMEDIATE` transaction, outside
 * Kysely's queue (SQLite through `createCachedSqliteDialect`), and answers what it returns.
 * Answers `undefined`, with nothing written, when it may not run there: a transaction is open
 * on the connection, or a statement fails (the write lock is busy, a constraint refuses); the
 * write then goes through Kysely, which retries and reports errors as for every other query.
 * Nothing else runs between its statements, since they run in one synchronous call.
 * @internal
 */
export type DirectWrite = <T>(work: (run: DirectStatement) => T) => T | undefined;

/** Kysely exposes a dialect only through its executor's adapter, so the write hangs there. */
const directWrites = new WeakMap<DialectAdapter, DirectWrite>();

/** `adapter`, carrying the direct write of the dialect that made it. @internal */
export function withDirectWrite<A extends DialectAdapter>(adapter: A, write: DirectWrite): A {
  directWrites.set(adapter, write);
  return adapter;
}

/** The direct write of a Kysely instance made with `createCachedSqliteDialect`, or `null`. @internal */
// biome-ignore lint/suspicious/noExplicitAny: any database type.
export function directWriteOf(db: Kysely<any>): DirectWrite | null {
  const adapter = typeof db.getExecutor === 'function' ? db.getExecutor().adapter : undefined;
  return (adapter && directWrites.get(adapter)) ?? null;
}
