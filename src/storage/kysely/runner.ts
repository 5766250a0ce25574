import type { Compilable } from 'kysely';
import { AccountsError } from '../../errors/errors.js';
import { type Db, type DialectOps, RetryableStorageError } from './dialects/dialect-ops.js';
import { PreparedQuery } from './prepared.js';
import type { DirectRead, DirectStatement, DirectWrite } from './sqlite-statement-cache.js';

/**
 * Attempts of one unit of work on deadlock, serialization failure or SQLite busy. With the
 * back-off below this is about six seconds of waiting: SQLite connections in one process must
 * keep `busy_timeout` short (a busy wait blocks the event loop, so the lock holder could never
 * finish), which leaves the waiting to these retries, and a loaded machine needs seconds.
 */
const MAX_ATTEMPTS = 60;
const MAX_BACKOFF_MS = 100;

const delay = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

/**
 * Retry `work` while it fails with a {@link RetryableStorageError}, backing off a little more
 * each time; the last failure is thrown as is (already a `StorageError`).
 *
 * @internal
 */
export async function retrying<T>(work: () => Promise<T>): Promise<T> {
  for (let attempt = 1; ; attempt += 1) {
    try {
      return await work();
    } catch (error) {
      if (!(error instanceof RetryableStorageError) || attempt >= MAX_ATTEMPTS) throw error;
      await delay(Math.min(2 ** attempt, MAX_BACKOFF_MS));
    }
  }
}

/** Bugs stay bugs: a `TypeError` from our own code is not a storage outage. */
function isProgrammingError(error: unknown): boolean {
  return (
    error instanceof TypeError || error instanceof RangeError || error instanceof ReferenceError
  );
}

/**
 * How the stores run their statements: on the root handle (each write in its own transaction,
 * retried) or inside a caller's transaction (the caller's `transaction` retries the whole unit).
 * Every driver error leaves here as a typed accountkit error.
 *
 * @internal
 */
export class Runner {
  constructor(
    readonly db: Db,
    readonly ops: DialectOps,
    readonly inTransaction: boolean,
    /** Compiled hot queries, shared by the root runner and every transaction's. */
    readonly prepared: Map<string, PreparedQuery<unknown>> = new Map(),
    /** Reads straight on the connection (SQLite through `createCachedSqliteDialect`). */
    readonly directRead: DirectRead | null = null,
    /** Writes straight on the connection, likewise. */
    readonly directWrite: DirectWrite | null = null,
  ) {}

  /** The query compiled under `key`, compiling it on first use. */
  prepare<Row>(key: string, build: (db: Db) => Compilable<Row>): PreparedQuery<Row> {
    let query = this.prepared.get(key);
    if (!query) {
      query = new PreparedQuery<Row>(this.db, build) as PreparedQuery<unknown>;
      this.prepared.set(key, query);
    }
    return query as PreparedQuery<Row>;
  }

  /** A runner for statements inside the caller's transaction `trx`. */
  inside(trx: Db): Runner {
    return new Runner(trx, this.ops, true, this.prepared);
  }

  /**
   * The rows of a prepared read, read at once on the connection outside any transaction, or
   * `undefined` when the read must take its turn through Kysely ({@link Runner.single}).
   */
  readNow<Row>(query: PreparedQuery<Row>, parameters: readonly unknown[]): Row[] | undefined {
    if (this.directRead === null) return undefined;
    return this.directRead(query.sql, parameters) as Row[] | undefined;
  }

  /**
   * What `work` returns, run at once in its own transaction on the connection outside any other
   * transaction, or `undefined` (nothing written) when the write must take its turn through
   * Kysely ({@link Runner.write}).
   */
  writeNow<T>(work: (run: DirectStatement) => T): T | undefined {
    if (this.directWrite === null) return undefined;
    return this.directWrite(work);
  }

  /** Turn a driver error into the typed error the caller sees. */
  classify(error: unknown): unknown {
    if (error instanceof AccountsError || isProgrammingError(error)) return error;
    return this.ops.toAccountsError(error);
  }

  /** One statement (or a read): atomic on its own. */
  single<T>(work: (db: Db) => Promise<T>): Promise<T> {
    const attempt = () =>
      work(this.db).catch((error: unknown) => Promise.reject(this.classify(error)));
    return this.inTransaction ? attempt() : retrying(attempt);
  }

  /** Several statements as one unit: a write transaction unless already inside one. */
  write<T>(work: (trx: Db) => Promise<T>): Promise<T> {
    if (this.inTransaction) return this.single(work);
    return retrying(() =>
      this.ops
        .writeTransaction(this.db, work)
        .catch((error: unknown) => Promise.reject(this.classify(error))),
    );
  }
}
