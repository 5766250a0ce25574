import { Redis } from 'ioredis';
import { type Dialect, Kysely, MysqlDialect, PostgresDialect, SqliteDialect } from 'kysely';
import { createPool } from 'mysql2';
import pg from 'pg';
import { createKyselyLimiterStore } from '../../../../src/rate-limit/kysely/index.js';
import type { LimiterStore } from '../../../../src/rate-limit/limiter-store.js';
import { createMemoryLimiterStore } from '../../../../src/rate-limit/memory-limiter-store.js';
import { createRedisLimiterStore } from '../../../../src/rate-limit/redis-limiter-store.js';
import { openSqliteFile } from '../../../storage/harnesses/sqlite.js';

/** Where a store's data is: plain JSON, so a child process can open the same store. */
export type StoreSpec =
  | { readonly kind: 'memory' }
  | { readonly kind: 'sqlite'; readonly file: string }
  | { readonly kind: 'postgres'; readonly url: string; readonly schema: string }
  | { readonly kind: 'mysql'; readonly url: string; readonly database: string }
  | { readonly kind: 'redis'; readonly url: string; readonly prefix: string };

/** One connection to a store, and a way to cut it while a test runs. */
export interface StoreConnection {
  readonly store: LimiterStore;
  /** Stop the connection underneath the store, as an outage would; `undefined` for memory. */
  readonly cut: (() => Promise<void>) | undefined;
  close(): Promise<void>;
}

function kyselyConnection(
  dialect: Dialect,
  name: 'sqlite' | 'postgres' | 'mysql',
): StoreConnection {
  const db = new Kysely({ dialect });
  let destroyed = false;
  const destroy = async () => {
    if (!destroyed) await db.destroy();
    destroyed = true;
  };
  return {
    store: createKyselyLimiterStore({ db, dialect: name }),
    cut: destroy,
    close: destroy,
  };
}

/** Open `spec` the way an application would (the SQL tables must already exist). */
export async function connectStore(spec: StoreSpec): Promise<StoreConnection> {
  switch (spec.kind) {
    case 'memory':
      return { store: createMemoryLimiterStore(), cut: undefined, close: async () => {} };
    case 'sqlite':
      // A long busy timeout: the other process's writes are waited for, not failed.
      return kyselyConnection(
        new SqliteDialect({ database: openSqliteFile(spec.file, 10_000) }),
        'sqlite',
      );
    case 'postgres':
      return kyselyConnection(
        new PostgresDialect({
          pool: new pg.Pool({
            connectionString: spec.url,
            max: 10,
            options: `-c search_path=${spec.schema}`,
          }),
        }),
        'postgres',
      );
    case 'mysql':
      return kyselyConnection(
        new MysqlDialect({
          pool: createPool({
            uri: spec.url,
            database: spec.database,
            timezone: 'Z',
            connectionLimit: 10,
          }),
        }),
        'mysql',
      );
    case 'redis': {
      const client = new Redis(spec.url, { lazyConnect: true, maxRetriesPerRequest: 1 });
      await client.connect();
      const quit = async () => {
        if (client.status !== 'end') client.disconnect();
      };
      return {
        store: createRedisLimiterStore({ client, prefix: spec.prefix }),
        cut: quit,
        close: quit,
      };
    }
  }
}
