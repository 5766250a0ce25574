import type { Compilable } from 'kysely';
import { AccountsError } from '../../errors/errors.js';
import { type Db, type DialectOps, RetryableStorageError } from './dialects/dialect-ops.js';
import type { HotReads } from './direct-read.js';
import type { DirectStatement, DirectWrite } from './direct-write.js';
import { PreparedQuery } from './prepared.js';

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
    /**
     * Hot reads outside Kysely's executor (`createCachedSqliteDialect`,
     * `createPreparedPostgresDialect`).
     */
    readonly hotReads: HotReads = { now: null, later: null },
    /** Writes straight on the connection (SQLite through `createCachedSqliteDialect`). */
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
   * `undefined` when the read must take its turn ({@link Runner.read}).
   */
  readNow<Row>(query: PreparedQuery<Row>, parameters: readonly unknown[]): Row[] | undefined {
    return this.hotReads.now?.(query.sql, parameters) as Row[] | undefined;
  }

  /**
   * The rows of a prepared read: at once when {@link Runner.readNow} can (callers then skip the
   * `await`), else as a named statement on the pool, else through Kysely. A prepared read is a
   * single autocommit SELECT, which no deadlock or serialization failure can hit, so its
   * errors are classified but not retried.
   */
  read<Row>(query: PreparedQuery<Row>, parameters: readonly unknown[]): Row[] | Promise<Row[]> {
    const now = this.readNow(query, parameters);
    if (now !== undefined) return now;
    const { later } = this.hotReads;
    if (later === null || this.inTransaction) {
      return this.single((db) => query.run(db, parameters));
    }
    return (later(query.sql, parameters) as Promise<Row[]>).catch((error: unknown) =>
      Promise.reject(this.classify(error)),
    );
  }

  /**
   * What `work` returns, run at once in its own transaction on the connection outside any other
   * transaction, or `undefined` (nothing written) when the write must take its turn through
   * Kysely ({@link Runner.write}).
   */
  writeNow<T>(work: (run: DirectStatement) => T): T | undefined {
    if (this.directWrite === null || this.inTransaction) return undefined;
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
