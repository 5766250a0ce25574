/**
 * The server `accountkit serve` runs, and the parts a server of your own can reuse: the
 * configuration read from environment variables (the table in `examples/README.md`), the
 * account service opened on `DATABASE_URL` (SQLite, PostgreSQL, MySQL/MariaDB, Django's tables
 * in place), the rate limits on the configured store, the access log line and a clean shutdown.
 *
 * @module server
 */

export type { AccountSettings } from './account-settings.js';
export {
  type MailSetting,
  type RateLimitSetting,
  readServerConfig,
  SERVER_VARIABLES,
  type ServerConfig,
  type ServerVariable,
} from './config.js';
export type { DatabaseKind, DatabaseTarget, OpenDatabase } from './kysely/open-database.js';
export { listen } from './listen.js';
export {
  createRequestListener,
  type RequestListenerOptions,
  startServer,
} from './node-server.js';
export { openServerAccounts, type ServerAccounts } from './open-accounts.js';
export {
  accessLine,
  closeOnSignals,
  type RunningServer,
  runIfMain,
  type StartServer,
  serverOptions,
  serveUntilSignalled,
  trustProxySetting,
  walkthrough,
} from './startup.js';
