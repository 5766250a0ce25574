/**
 * The server's throttle: failed logins, sign-ups and refreshes counted in the server's own
 * database (the `accountkit_rate_limit` table, migrated with the account tables), in Redis when
 * `REDIS_URL` is set, or not at all with `RATE_LIMIT=off`.
 */
import { type Clock, systemClock } from '../platform/clock.js';
import {
  createRedisLimiterStore,
  createThrottle,
  type LimiterStore,
  type Throttle,
  type ThrottleLogger,
  type ThrottleRules,
} from '../rate-limit/index.js';
import { createKyselyLimiterStore } from '../rate-limit/kysely/index.js';
import type { RateLimitSetting } from './config.js';
import type { DatabaseKind, OpenDatabase } from './kysely/open-database.js';

/** The server's database, where the table store counts. */
export interface LimiterDatabase {
  readonly db: OpenDatabase['db'];
  readonly kind: DatabaseKind;
}

/** A throttle and what it holds open. */
export interface ServerThrottle {
  /** `undefined` with `RATE_LIMIT=off`. */
  readonly throttle: Throttle | undefined;
  /** The start-up line naming the store (never a Redis password). */
  readonly notice: string;
  close(): Promise<void>;
}

/**
 * Build the throttle on the configured store. `rules` and `clock` default to the library's
 * (tests pass small limits and the service's fixed clock).
 * @throws Error when Redis cannot be reached: a server without its limits should not start.
 */
export async function openThrottle(
  setting: RateLimitSetting,
  database: LimiterDatabase,
  options: { rules?: ThrottleRules; clock?: Clock; logger: ThrottleLogger },
): Promise<ServerThrottle> {
  if (setting.store === 'off') {
    return { throttle: undefined, notice: 'rate limits: off', close: async () => {} };
  }
  const { clock = systemClock, rules, logger } = options;
  const { store, notice, close } =
    setting.store === 'redis'
      ? await openRedisStore(setting.url)
      : await openDatabaseStore(database, clock, logger);
  const throttle = createThrottle({ store, clock, logger, ...(rules ? { rules } : {}) });
  return { throttle, notice, close };
}

interface OpenStore {
  readonly store: LimiterStore;
  readonly notice: string;
  close(): Promise<void>;
}

async function openRedisStore(url: string): Promise<OpenStore> {
  // Imported here so that ioredis is needed only by those who set REDIS_URL.
  const { Redis } = await import('ioredis');
  // One retry per command: past it the store fails and the throttle fails closed or open as
  // configured, instead of requests queueing while Redis is away.
  const client = new Redis(url, { lazyConnect: true, maxRetriesPerRequest: 1 });
  // An outage reaches the requests it affects as store failures (503, or a warning for
  // refreshes); ioredis would also print every failed reconnect.
  client.on('error', () => {});
  try {
    await client.connect();
  } catch (error) {
    client.disconnect();
    throw new Error('REDIS_URL: cannot connect', { cause: error });
  }
  return {
    store: createRedisLimiterStore({ client }),
    notice: `rate limits: Redis ${new URL(url).host}`,
    close: async () => {
      await client.quit();
    },
  };
}

/** How long a window's row is kept: longer than a day-long window. */
const KEEP_WINDOWS_MS = 24 * 60 * 60 * 1000;
const PRUNE_EVERY_MS = 60 * 60 * 1000;

/**
 * The table store, pruned at start-up and every hour: ended windows are never read again, but
 * each name and address ever tried would otherwise keep its row.
 */
async function openDatabaseStore(
  database: LimiterDatabase,
  clock: Clock,
  logger: ThrottleLogger,
): Promise<OpenStore> {
  const store = createKyselyLimiterStore({ db: database.db, dialect: database.kind });
  const prune = () => store.prune(new Date(clock.now().getTime() - KEEP_WINDOWS_MS));
  await prune();
  const timer = setInterval(() => {
    prune().catch((error: unknown) => {
      // A missed prune only leaves rows for the next one.
      logger.warn('Rate-limit prune failed.', { error: (error as Error).name });
    });
  }, PRUNE_EVERY_MS);
  timer.unref();
  return {
    store,
    notice: 'rate limits: table accountkit_rate_limit in the database',
    close: async () => clearInterval(timer),
  };
}
