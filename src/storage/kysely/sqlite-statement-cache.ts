import {
  type DatabaseConnection,
  type SqliteDatabase,
  SqliteDialect,
  type SqliteStatement,
} from 'kysely';

/** Options of {@link createCachedSqliteDialect}. */
export interface CachedSqliteDialectConfig {
  /** A better-sqlite3 `Database` (or anything with the same `prepare`/`close`). */
  readonly database: SqliteDatabase;
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

/**
 * Kysely's `SqliteDialect` with prepared statements reused. Kysely's SQLite driver calls
 * `prepare` for every query, which costs about half of a point read; accountkit's queries are a
 * small fixed set, so caching them roughly doubles read throughput. Safe because the driver
 * runs one query at a time on its single connection.
 *
 * @example
 * ```ts
 * const db = new Kysely({ dialect: createCachedSqliteDialect({ database: new SQLite('a.db') }) });
 * ```
 */
export function createCachedSqliteDialect(config: CachedSqliteDialectConfig): SqliteDialect {
  return new SqliteDialect({
    database: cachingDatabase(config.database, config.cacheSize ?? 200),
    ...(config.onCreateConnection ? { onCreateConnection: config.onCreateConnection } : {}),
  });
}
