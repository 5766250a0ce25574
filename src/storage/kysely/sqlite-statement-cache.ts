import {
  type DatabaseConnection,
  type DialectAdapter,
  type SqliteDatabase,
  SqliteDialect,
  type SqliteStatement,
} from 'kysely';
import { type DirectRead, withHotReads } from './direct-read.js';
import { type DirectStatement, type DirectWrite, withDirectWrite } from './direct-write.js';

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

/** A hot statement, and for one that returns rows, how to read them as objects. */
interface HotStatement {
  readonly statement: SqliteStatement;
  readonly rows: ((parameters: readonly unknown[]) => Record<string, unknown>[]) | null;
}

/**
 * better-sqlite3 builds an object row by setting each column on it from C++, which costs more
 * than the read itself for a wide row; rows read as arrays and named here cost a third less.
 * Falls back to object rows for a driver without better-sqlite3's `raw` and `columns`.
 */
function hotStatement(statement: SqliteStatement): HotStatement {
  if (!statement.reader) return { statement, rows: null };
  const arrays = statement as SqliteStatement & {
    raw?: (toggle: boolean) => SqliteStatement;
    columns?: () => readonly { readonly name: string }[];
  };
  if (typeof arrays.raw !== 'function' || typeof arrays.columns !== 'function') {
    return {
      statement,
      rows: (parameters) => statement.all(parameters) as Record<string, unknown>[],
    };
  }
  const names = arrays.columns().map((column) => column.name);
  const rawRows = arrays.raw(true);
  return {
    statement,
    rows: (parameters) =>
      (rawRows.all(parameters) as unknown[][]).map((values) => {
        const row: Record<string, unknown> = {};
        for (let index = 0; index < names.length; index += 1) {
          row[names[index] as string] = values[index];
        }
        return row;
      }),
  };
}

class CachedSqliteDialect extends SqliteDialect {
  /**
   * Answers `undefined` when it may not read directly: a transaction is open on the connection
   * (its uncommitted rows would show), or the read fails (say, a streamed query holds the
   * connection); Kysely then waits its turn and reports any error as for every other query.
   */
  readonly #directRead: DirectRead | null;
  readonly #directWrite: DirectWrite | null;

  constructor(config: CachedSqliteDialectConfig) {
    const database = cachingDatabase(config.database, config.cacheSize ?? 200);
    super({
      database,
      ...(config.onCreateConnection ? { onCreateConnection: config.onCreateConnection } : {}),
    });
    const raw = config.database;
    // The hot reads are a fixed handful of texts: kept apart from the LRU, they cost no reordering.
    const hot = new Map<string, HotStatement>();
    const statement = (sql: string) => {
      let prepared = hot.get(sql);
      if (prepared === undefined) {
        prepared = hotStatement(raw.prepare(sql));
        hot.set(sql, prepared);
      }
      return prepared;
    };
    this.#directRead =
      typeof raw.inTransaction !== 'boolean'
        ? null
        : (sql, parameters) => {
            if (raw.inTransaction) return undefined;
            try {
              return statement(sql).rows?.(parameters);
            } catch {
              return undefined;
            }
          };
    // A rotation's statements are a fixed handful too.
    const run: DirectStatement = (sql, parameters) => {
      const prepared = statement(sql);
      if (prepared.rows === null) {
        return { rows: [], changes: Number(prepared.statement.run(parameters).changes) };
      }
      const rows = prepared.rows(parameters);
      return { rows, changes: rows.length };
    };
    this.#directWrite =
      typeof raw.inTransaction !== 'boolean'
        ? null
        : <T>(work: (statement: DirectStatement) => T): T | undefined => {
            if (raw.inTransaction) return undefined;
            try {
              run('BEGIN IMMEDIATE', []);
            } catch {
              return undefined;
            }
            try {
              const result = work(run);
              run('COMMIT', []);
              return result;
            } catch {
              if (raw.inTransaction) run('ROLLBACK', []);
              return undefined;
            }
          };
  }

  override createAdapter(): DialectAdapter {
    const adapter = super.createAdapter();
    if (this.#directRead === null || this.#directWrite === null) return adapter;
    return withDirectWrite(
      withHotReads(adapter, { now: this.#directRead, later: null }),
      this.#directWrite,
    );
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
