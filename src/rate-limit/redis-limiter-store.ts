import { StorageError } from '../errors/errors.js';
import { emptyWindow, type LimiterStore, type LimiterWindow } from './limiter-store.js';

/**
 * The part of a Redis client this store uses: `EVAL` as ioredis spells it
 * (`client.eval(script, numKeys, ...keysAndArgs)`). Typed structurally so accountkit never
 * imports a Redis library; an ioredis `Redis` or `Cluster` fits as is.
 *
 * @example
 * ```ts
 * // node-redis v4+ spells EVAL differently; adapt it in one line:
 * const client: RedisEvalClient = {
 *   eval: (script, numKeys, ...rest) =>
 *     redis.eval(script, {
 *       keys: rest.slice(0, numKeys).map(String),
 *       arguments: rest.slice(numKeys).map(String),
 *     }),
 * };
 * ```
 */
export interface RedisEvalClient {
  eval(script: string, numKeys: number, ...keysAndArgs: (string | number)[]): Promise<unknown>;
}

/** Options of {@link createRedisLimiterStore}. */
export interface RedisLimiterStoreOptions {
  /** A connected client; accountkit never connects, disconnects or configures it. */
  readonly client: RedisEvalClient;
  /** Prepended to every key, so several applications can share one Redis. Default `accountkit:rl:`. */
  readonly prefix?: string;
}

// A hash per key: c = count, r = window end (epoch ms, as the caller's text). The decision uses
// the caller's `now` (ARGV[1]); PEXPIRE only lets Redis drop windows nobody hits again.
const HIT = `
local r = redis.call('HGET', KEYS[1], 'r')
if r and tonumber(ARGV[1]) < tonumber(r) then
  return {redis.call('HINCRBY', KEYS[1], 'c', 1), r}
end
redis.call('HSET', KEYS[1], 'c', 1, 'r', ARGV[2])
redis.call('PEXPIRE', KEYS[1], ARGV[3])
return {1, ARGV[2]}
`;

const PEEK = `
local v = redis.call('HMGET', KEYS[1], 'c', 'r')
if v[2] and tonumber(ARGV[1]) < tonumber(v[2]) then return {tonumber(v[1]), v[2]} end
return {0, ''}
`;

const RESET = `return redis.call('DEL', KEYS[1])`;

// Only the window that ends at ARGV[1] gives a hit back; at zero it is over.
const REFUND = `
local r = redis.call('HGET', KEYS[1], 'r')
if r and tonumber(r) == tonumber(ARGV[1]) then
  if redis.call('HINCRBY', KEYS[1], 'c', -1) <= 0 then redis.call('DEL', KEYS[1]) end
end
return 0
`;

function unavailable(error: unknown): StorageError {
  return new StorageError('STORAGE_UNAVAILABLE', 'The rate-limit store is unavailable.', {
    cause: error,
  });
}

/** A script reply `[count, resetAt text]` as a window. */
function toWindow(reply: unknown, windowMs: number, now: Date): LimiterWindow {
  const [count, resetAt] = reply as [number, string];
  return count === 0
    ? emptyWindow(windowMs, now)
    : { count: Number(count), resetAt: new Date(Number(resetAt)) };
}

/**
 * A {@link LimiterStore} in Redis, shared by every process that uses the same server. Each
 * operation is one Lua script, which Redis runs atomically: a hit reads the window, increments
 * or opens it and sets its expiry in one step, so concurrent hits from any number of processes
 * are counted exactly. Window ends are decided by the caller's clock, passed in; Redis's own
 * expiry only removes windows that have ended.
 *
 * Failures of the client (connection closed, timeout, script error) reject with a
 * `StorageError`; the throttle then fails closed or open as configured.
 *
 * @example
 * ```ts
 * import { Redis } from 'ioredis';
 * const store = createRedisLimiterStore({ client: new Redis(process.env.REDIS_URL) });
 * ```
 */
export function createRedisLimiterStore(options: RedisLimiterStoreOptions): LimiterStore {
  const { client, prefix = 'accountkit:rl:' } = options;
  const run = (script: string, key: string, ...args: (string | number)[]) =>
    client.eval(script, 1, prefix + key, ...args).catch((error: unknown) => {
      throw unavailable(error);
    });

  return Object.freeze({
    async hit(key: string, windowMs: number, now: Date) {
      const at = now.getTime();
      return toWindow(await run(HIT, key, at, at + windowMs, windowMs), windowMs, now);
    },
    async peek(key: string, windowMs: number, now: Date) {
      return toWindow(await run(PEEK, key, now.getTime()), windowMs, now);
    },
    async reset(key: string) {
      await run(RESET, key);
    },
    async refund(key: string, _windowMs: number, resetAt: Date) {
      await run(REFUND, key, resetAt.getTime());
    },
  });
}
