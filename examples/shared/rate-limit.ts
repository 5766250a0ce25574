/**
 * The examples' throttle: failed logins, sign-ups and refreshes counted in the example's own
 * database (the `accountkit_rate_limit` table, migrated with the account tables), in Redis when
 * `REDIS_URL` is set, or not at all with `RATE_LIMIT=off`.
 */
import type { Kysely } from 'kysely';
import type { Clock } from '../../src/platform/clock.js';
import {
  createRedisLimiterStore,
  createThrottle,
  type LimiterStore,
  type Throttle,
  type ThrottleLogger,
  type ThrottleRules,
} from '../../src/rate-limit/index.js';
import { createKyselyLimiterStore } from '../../src/rate-limit/kysely/index.js';
import type { DatabaseKind } from './database.js';

/** Where the examples count attempts. */
export type RateLimitSetting =
  | { readonly store: 'database' }
  | { readonly store: 'redis'; readonly url: string }
  | { readonly store: 'off' };

/**
 * `RATE_LIMIT` and `REDIS_URL`: off with `RATE_LIMIT=off`, else Redis when `REDIS_URL` is set,
 * else the database.
 * @throws Error naming the variable, for a value that cannot be used.
 */
export function readRateLimitSetting(env: NodeJS.ProcessEnv): RateLimitSetting {
  const mode = env.RATE_LIMIT || 'on';
  if (mode !== 'on' && mode !== 'off') throw new Error('RATE_LIMIT: expected "on" or "off"');
  if (mode === 'off') return { store: 'off' };
  return env.REDIS_URL ? { store: 'redis', url: env.REDIS_URL } : { store: 'database' };
}

/** A throttle and what it holds open. */
export interface ExampleThrottle {
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
  database: {
    // biome-ignore lint/suspicious/noExplicitAny: the limiter table is addressed by name.
    readonly db: Kysely<any>;
    readonly kind: DatabaseKind;
  },
  options: { rules?: ThrottleRules; clock?: Clock; logger: ThrottleLogger },
): Promise<ExampleThrottle> {
  if (setting.store === 'off') {
    return { throttle: undefined, notice: 'rate limits: off', close: async () => {} };
  }
  let store: LimiterStore;
  let notice: string;
  let close = async () => {};
  if (setting.store === 'redis') {
    // Imported here so that ioredis is needed only by those who set REDIS_URL.
    const { Redis } = await import('ioredis');
    // One retry per command: past it the store fails and the throttle fails closed or open as
    // configured, instead of requests queueing while Redis is away.
    const client = new Redis(setting.url, { lazyConnect: true, maxRetriesPerRequest: 1 });
    try {
      await client.connect();
    } catch (error) {
      client.disconnect();
      throw new Error('REDIS_URL: cannot connect', { cause: error });
    }
    store = createRedisLimiterStore({ client });
    notice = `rate limits: Redis ${new URL(setting.url).host}`;
    close = async () => {
      await client.quit();
    };
  } else {
    store = createKyselyLimiterStore({ db: database.db, dialect: database.kind });
    notice = 'rate limits: table accountkit_rate_limit in the database';
  }
  const throttle = createThrottle({
    store,
    logger: options.logger,
    ...(options.rules ? { rules: options.rules } : {}),
    ...(options.clock ? { clock: options.clock } : {}),
  });
  return { throttle, notice, close };
}
