import {
  type DatabaseConnection,
  type DialectAdapter,
  type Kysely,
  SqliteAdapter,
  type SqliteDatabase,
  SqliteDialect,
  type SqliteStatement,
} from 'kysely';

/** Options of {@link createCachedSqliteDialect}. */
export interface CachedSqliteDialectConfig {
  /**
   * A better-sqlite3 `Database` (or anything with the same `prepare`/`close`). When it also
   * has better-sqlite3's `inTransaction`, accountkit's hot reads run on it directly.
   */
  readonly database: SqliteDatabase & { readonly inTransaction?: boolean };
  /** How many distinct SQL texts keep a prepared statement (least recently used go first). */
  readonly cacheSize?: number;
  /** Called once with the connection, as in Kysely's `SqliteDialect`. */
  readonly onCreateConnection?: (connection: DatabaseConnection) => Promise<void>;
}

/**
 * Runs a read synchronously on the connection, outside Kysely's queue. Answers `undefined`
 * when it may not: a transaction is open on the connection (its uncommitted rows would show),
 * or the read fails (say, a streamed query holds the connection); the read then goes through
 * Kysely, which waits its turn and reports any error as every other query does.
 * @internal
 */
export type DirectRead = (sql: string, parameters: readonly unknown[]) => unknown[] | undefined;

/** Runs one statement of a direct write: the rows it returned, and how many it changed. @internal */
export type DirectStatement = (
  sql: string,
  parameters: readonly unknown[],
) => { readonly rows: readonly unknown[]; readonly changes: number };

/**
 * Runs `work` synchronously on the connection in its own `BEGIN IMMEDIATE` transaction, outside
 * Kysely's queue, and answers what it returns. Answers `undefined`, with nothing written, when it
 * may not run there: a transaction is open on the connection, or a statement fails (the write
 * lock is busy, a constraint refuses); the write then goes through Kysely, which retries and
 * reports errors as every other query does. Nothing else runs between its statements, since
 * they run in one synchronous call.
 * @internal
 */
export type DirectWrite = <T>(work: (run: DirectStatement) => T) => T | undefined;

/** Wraps `prepare` with an LRU cache keyed by SQL text. */
function cachingDatabase(database: SqliteDatabase, size: number): SqliteDatabase {
  const cache = new Map<string, SqliteStatement>();
  return {
    close: () => database.close(),
    prepare(sql: string): SqliteStatement {
      const cached = cache.get(sql);
      if (cached) {
        cache.delete(sql);
        cache.set(sql, cached);
        return cached;
      }
      const statement = database.prepare(sql);
      cache.set(sql, statement);
      if (cache.size > size) cache.delete(cache.keys().next().value as string);
      return statement;
    },
  };
}

/** Kysely's SQLite adapter, carrying the direct read and write of the dialect that made it. */
class DirectReadAdapter extends SqliteAdapter {
  constructor(
    readonly directRead: DirectRead,
    readonly directWrite: DirectWrite,
  ) {
    super();
  }
}

class CachedSqliteDialect extends SqliteDialect {
  readonly #directRead: DirectRead | null;
  readonly #directWrite: DirectWrite | null;

  constructor(config: CachedSqliteDialectConfig) {
    const database = cachingDatabase(config.database, config.cacheSize ?? 200);
    super({
      database,
      ...(config.onCreateConnection ? { onCreateConnection: config.onCreateConnection } : {}),
    });
    const raw = config.database;
    this.#directRead =
      typeof raw.inTransaction !== 'boolean'
        ? null
        : (sql, parameters) => {
            if (raw.inTransaction) return undefined;
            try {
              return database.prepare(sql).all(parameters) as unknown[];
            } catch {
              return undefined;
            }
          };
    this.#directWrite =
      typeof raw.inTransaction !== 'boolean'
        ? null
        : <T>(work: (run: DirectStatement) => T): T | undefined => {
            if (raw.inTransaction) return undefined;
            try {
              database.prepare('BEGIN IMMEDIATE').run([]);
            } catch {
              return undefined;
            }
            try {
              const result = work((sql, parameters) => {
                const statement = database.prepare(sql);
                if (!statement.reader) {
                  return { rows: [], changes: Number(statement.run(parameters).changes) };
                }
                const rows = statement.all(parameters);
                return { rows, changes: rows.length };
              });
              database.prepare('COMMIT').run([]);
              return result;
            } catch {
              if (raw.inTransaction) database.prepare('ROLLBACK').run([]);
              return undefined;
            }
          };
  }

  override createAdapter(): DialectAdapter {
    return this.#directRead === null || this.#directWrite === null
      ? super.createAdapter()
      : new DirectReadAdapter(this.#directRead, this.#directWrite);
  }
}

/**
 * Kysely's `SqliteDialect` with prepared statements reused, and accountkit's hot reads (a user
 * by id or username, whether one user follows another) run straight on the better-sqlite3
 * connection. Kysely's SQLite driver calls `prepare` for every query and passes each one
 * through its connection queue, which together cost more than the point read itself;
 * accountkit's queries are a small fixed set, so caching them and skipping the queue for
 * reads outside a transaction roughly doubles read throughput. Safe because better-sqlite3
 * runs one statement at a time, synchronously, on the single connection.
 *
 * @example
 * ```ts
 * const db = new Kysely({ dialect: createCachedSqliteDialect({ database: new SQLite('a.db') }) });
 * ```
 */
export function createCachedSqliteDialect(config: CachedSqliteDialectConfig): SqliteDialect {
  return new CachedSqliteDialect(config);
}

/**
 * The direct read of a Kysely instance made with {@link createCachedSqliteDialect}, or `null`.
 * Kysely exposes the dialect only through its executor's adapter.
 * @internal
 */
// biome-ignore lint/suspicious/noExplicitAny: any database type.
export function directReadOf(db: Kysely<any>): DirectRead | null {
  return directAdapterOf(db)?.directRead ?? null;
}

/** The direct write of a Kysely instance made with {@link createCachedSqliteDialect}, or `null`. @internal */
// biome-ignore lint/suspicious/noExplicitAny: any database type.
export function directWriteOf(db: Kysely<any>): DirectWrite | null {
  return directAdapterOf(db)?.directWrite ?? null;
}

// biome-ignore lint/suspicious/noExplicitAny: any database type.
function directAdapterOf(db: Kysely<any>): DirectReadAdapter | null {
  const adapter = typeof db.getExecutor === 'function' ? db.getExecutor().adapter : undefined;
  return adapter instanceof DirectReadAdapter ? adapter : null;
}
