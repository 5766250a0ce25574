import type { Kysely } from 'kysely';
import { ConfigurationError } from '../../errors/errors.js';
import type { AccountStorage, StorageTransaction } from '../storage.js';
import type { Db } from './dialects/dialect-ops.js';
import { type AccountsDialect, dialectOps } from './dialects/registry.js';
import { hotReadsOf } from './direct-read.js';
import { directWriteOf } from './direct-write.js';
import { createKyselyFollowStore } from './kysely-follow-store.js';
import { createKyselyTokenStore } from './kysely-token-store.js';
import { createKyselyUserStore } from './kysely-user-store.js';
import { Runner, retrying } from './runner.js';
import { TableNamesPlugin } from './table-names-plugin.js';
import { type AccountsTableNames, resolveTableNames } from './tables.js';

/** Options of {@link createKyselyStorage}. */
export interface KyselyStorageOptions {
  /**
   * Your Kysely instance. It is used, never destroyed: closing it stays your job. Its plugins
   * (e.g. `CamelCasePlugin`) are not applied to accountkit's queries, which use Django's
   * snake_case column names.
   */
  // biome-ignore lint/suspicious/noExplicitAny: any database type; accountkit types its own tables.
  readonly db: Kysely<any>;
  /** Which database `db` talks to. */
  readonly dialect: AccountsDialect;
  /** Table names, e.g. `DJANGO_TABLE_NAMES` to use Django's `account_user`. */
  readonly tables?: Partial<AccountsTableNames>;
}

function stores(run: Runner): StorageTransaction {
  return {
    users: createKyselyUserStore(run),
    follows: createKyselyFollowStore(run),
    refreshTokens: createKyselyTokenStore(run),
  };
}

/** @internal The implementation behind the entry's `createKyselyStorage`. */
export function openKyselyStorage(options: KyselyStorageOptions): AccountStorage {
  if (typeof options?.db?.withoutPlugins !== 'function') {
    throw new ConfigurationError(['db must be a Kysely instance']);
  }
  const ops = dialectOps(options.dialect);
  const tables = resolveTableNames(options.tables);
  const db: Db = options.db.withoutPlugins().withPlugin(new TableNamesPlugin(tables));
  const root = new Runner(
    db,
    ops,
    false,
    new Map(),
    hotReadsOf(options.db),
    directWriteOf(options.db),
  );

  return {
    ...stores(root),
    transaction<T>(fn: (tx: StorageTransaction) => Promise<T>): Promise<T> {
      return retrying(async () => {
        let fromFn: { error: unknown } | undefined;
        try {
          return await ops.writeTransaction(db, async (trx) => {
            try {
              return await fn(stores(root.inside(trx)));
            } catch (error) {
              fromFn = { error };
              throw error;
            }
          });
        } catch (error) {
          // The caller's own error comes back unchanged; begin/commit failures are classified.
          if (fromFn && fromFn.error === error) throw error;
          throw root.classify(error);
        }
      });
    },
    async close() {},
  };
}
