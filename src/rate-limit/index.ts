/**
 * Abuse resistance: limits on failed logins, sign-ups and refreshes, counted in a shared store
 * so the limits hold across every process of a deployment. The store in your SQL database is
 * in `accountkit/rate-limit/kysely`.
 *
 * @example
 * ```ts
 * import { Redis } from 'ioredis';
 * import { createRedisLimiterStore, createThrottle } from 'accountkit/rate-limit';
 *
 * const throttle = createThrottle({
 *   store: createRedisLimiterStore({ client: new Redis(process.env.REDIS_URL) }),
 *   rules: { loginPerAddress: false, loginPerAccount: { limit: 5, windowSeconds: 600 } },
 * });
 * ```
 *
 * @module rate-limit
 */
export type { LimiterStore, LimiterWindow } from './limiter-store.js';
export { createMemoryLimiterStore } from './memory-limiter-store.js';
export {
  createRedisLimiterStore,
  type RedisEvalClient,
  type RedisLimiterStoreOptions,
} from './redis-limiter-store.js';
export {
  createThrottle,
  type Throttle,
  type ThrottleLogger,
  type ThrottleOptions,
  type ThrottleSubjects,
  type ThrottleTicket,
} from './throttle.js';
export {
  DEFAULT_STORE_FAILURE_MODES,
  DEFAULT_THROTTLE_RULES,
  type StoreFailureMode,
  type ThrottleAction,
  type ThrottleRule,
  type ThrottleRuleName,
  type ThrottleRules,
} from './throttle-rules.js';
