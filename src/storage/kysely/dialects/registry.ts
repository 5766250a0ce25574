import { ConfigurationError } from '../../../errors/errors.js';
import type { DialectOps } from './dialect-ops.js';
import { mysqlOps } from './mysql.js';
import { postgresOps } from './postgres.js';
import { sqliteOps } from './sqlite.js';

/** The databases the Kysely adapter supports. */
export type AccountsDialect = 'sqlite' | 'postgres' | 'mysql';

const OPS: Record<AccountsDialect, DialectOps> = {
  sqlite: sqliteOps,
  postgres: postgresOps,
  mysql: mysqlOps,
};

/** The ops of a dialect name, checked once at construction. @internal */
export function dialectOps(dialect: unknown): DialectOps {
  if (typeof dialect === 'string' && Object.hasOwn(OPS, dialect)) {
    return OPS[dialect as AccountsDialect];
  }
  throw new ConfigurationError([
    `dialect must be 'sqlite', 'postgres' or 'mysql' (got ${JSON.stringify(dialect)})`,
  ]);
}
