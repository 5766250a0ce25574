import { sha256Hex } from '../core/content-hash.js';
import { ConfigurationError, RateLimitError, StorageError } from '../errors/errors.js';
import { type Clock, systemClock } from '../platform/clock.js';
import type { LimiterStore } from './limiter-store.js';
import {
  type ActiveRule,
  RULE_SUBJECTS,
  resolveThrottleRules,
  type StoreFailureMode,
  type ThrottleAction,
  type ThrottleRules,
} from './throttle-rules.js';

/** Who an attempt is counted against, per action. An omitted `address` is not counted. */
export interface ThrottleSubjects {
  /** `account`: the folded username key, the same for a real and an unknown account. */
  readonly login: { readonly account: string; readonly address?: string | undefined };
  readonly register: { readonly address?: string | undefined };
  /** `family`: the refresh token's family id. */
  readonly refresh: { readonly family: string };
  /** `email`: the address typed, case folded, or `user:<id>` for a user asking for their own. */
  readonly mail: { readonly email: string; readonly address?: string | undefined };
}

/** Where a fail-open throttle reports a store failure (accountkit's `AccountsLogger` fits). */
export interface ThrottleLogger {
  warn(message: string, details: Readonly<Record<string, string | number | boolean | null>>): void;
}

/** Options of {@link createThrottle}. */
export interface ThrottleOptions {
  /** Where the counts live; share one store between every process serving the same users. */
  readonly store: LimiterStore;
  /** Decides the windows. Default: the system clock. */
  readonly clock?: Clock;
  /** Limits to change or turn off (`false`); omitted ones keep their defaults. */
  readonly rules?: ThrottleRules;
  /**
   * When the store fails: `'fail-closed'` refuses with `STORAGE_UNAVAILABLE`, `'fail-open'`
   * lets the attempt through and warns. One mode for every action, or per action. Default:
   * login and register fail closed, refresh fails open.
   */
  readonly onStoreError?: StoreFailureMode | Partial<Record<ThrottleAction, StoreFailureMode>>;
  /** Receives the warning of a fail-open pass. Default: none. */
  readonly logger?: ThrottleLogger;
}

/**
 * What {@link Throttle.assertAllowed} counted for one attempt, to hand back to
 * {@link Throttle.recordSuccess} if the attempt succeeds. Opaque: only the throttle that issued
 * it can read it.
 */
export interface ThrottleTicket {
  readonly kind: 'throttle-ticket';
}

/** Limits on the operations an attacker repeats. Built by {@link createThrottle}. */
export interface Throttle {
  /**
   * Count this attempt against every enabled rule of `action` and refuse it if any rule is
   * past its limit. Call it first, before any password hashing or storage work: of N
   * concurrent attempts on one key (from any number of processes sharing the store), exactly
   * `limit` pass per window. The count is taken in the same atomic step as the check, so
   * there is no separate "record failure" call; a login that succeeds calls
   * {@link Throttle.recordSuccess} with the ticket this returned.
   *
   * @returns the attempt's ticket.
   * @throws RateLimitError `TOO_MANY_REQUESTS` when a rule is past its limit;
   *   `retryAfterSeconds` is the whole seconds until the latest such window ends (at least 1).
   *   It depends only on the counts, so a throttled unknown account and a throttled real one
   *   get the same error.
   * @throws StorageError `STORAGE_UNAVAILABLE` when the store fails and the action fails closed.
   */
  assertAllowed<A extends ThrottleAction>(
    action: A,
    subject: ThrottleSubjects[A],
  ): Promise<ThrottleTicket>;
  /**
   * A login succeeded: forget the account's count, so the user starts afresh, and take the
   * attempt back from the address's count (from the window it was counted in), so the address
   * counts failures only. Failures already counted stay counted. Never fails the login it
   * follows: if the store is down (whatever the failure mode), the counts are left to end with
   * their windows and a warning goes to the logger.
   */
  recordSuccess(
    action: 'login',
    subject: ThrottleSubjects['login'],
    ticket: ThrottleTicket,
  ): Promise<void>;
}

/** One hit a success takes back: the key and the window it was counted in. */
interface CountedHit {
  readonly key: string;
  readonly windowMs: number;
  readonly resetAt: Date;
}

const encoder = new TextEncoder();

/**
 * The store key of one rule and subject value. The value is hashed: keys have a fixed length
 * whatever the input (a 1 MiB username included), and no username or address is kept in the store.
 */
async function storeKey(rule: ActiveRule, value: string): Promise<string> {
  return `${rule.name}:${await sha256Hex(encoder.encode(value))}`;
}

/**
 * Create a throttle: per-key attempt limits in fixed windows, counted in `store`. Defaults:
 * {@link DEFAULT_THROTTLE_RULES}. Past a limit an attempt is refused until its window ends;
 * there is no lock-out beyond that. A successful login resets the account's count and takes
 * its own attempt back from the address's, so addresses are limited on failed logins only.
 *
 * @throws ConfigurationError `CONFIGURATION_ERROR` when `store` lacks
 *   `hit`/`peek`/`reset`/`refund`, or a rule or failure mode is invalid (all problems listed).
 * @example
 * ```ts
 * const throttle = createThrottle({ store: createMemoryLimiterStore() });
 * const subject = { account: usernameKey, address: request.ip };
 * const ticket = await throttle.assertAllowed('login', subject);
 * // ... verify the password; on success:
 * await throttle.recordSuccess('login', subject, ticket);
 * ```
 */
export function createThrottle(options: ThrottleOptions): Throttle {
  const { store, clock = systemClock, logger } = options;
  if (
    !['hit', 'peek', 'reset', 'refund'].every((m) => typeof (store as never)?.[m] === 'function')
  ) {
    throw new ConfigurationError(['store must have hit(), peek(), reset() and refund()']);
  }
  const issued = new WeakMap<ThrottleTicket, readonly CountedHit[]>();
  const { rules, modes } = resolveThrottleRules(options.rules, options.onStoreError);
  const rulesOf = (action: ThrottleAction, subject: object) =>
    rules.flatMap((rule) => {
      const { action: ruleAction, field } = RULE_SUBJECTS[rule.name];
      const value = (subject as Record<string, unknown>)[field];
      return ruleAction === action && typeof value === 'string' ? [{ rule, value }] : [];
    });

  /** Run store work under the action's failure mode. */
  async function guarded(action: ThrottleAction, work: () => Promise<void>): Promise<void> {
    try {
      await work();
    } catch (error) {
      if (!(error instanceof StorageError)) throw error;
      if (modes[action] === 'fail-closed') throw error;
      logger?.warn('Rate-limit store unavailable; attempt allowed without counting.', { action });
    }
  }

  return Object.freeze({
    async assertAllowed<A extends ThrottleAction>(action: A, subject: ThrottleSubjects[A]) {
      const now = clock.now();
      let retryAfterMs = 0;
      const refundable: CountedHit[] = [];
      await guarded(action, async () => {
        const windows = await Promise.all(
          rulesOf(action, subject).map(async ({ rule, value }) => {
            const key = await storeKey(rule, value);
            return { rule, key, window: await store.hit(key, rule.windowMs, now) };
          }),
        );
        for (const { rule, key, window } of windows) {
          if (window.count > rule.limit) {
            retryAfterMs = Math.max(retryAfterMs, window.resetAt.getTime() - now.getTime());
          }
          if (RULE_SUBJECTS[rule.name].onSuccess === 'refund') {
            refundable.push({ key, windowMs: rule.windowMs, resetAt: window.resetAt });
          }
        }
      });
      // A refused attempt keeps its hits: it never succeeds, so nothing is taken back.
      if (retryAfterMs > 0) throw new RateLimitError(Math.max(1, Math.ceil(retryAfterMs / 1000)));
      const ticket: ThrottleTicket = Object.freeze({ kind: 'throttle-ticket' });
      issued.set(ticket, refundable);
      return ticket;
    },
    async recordSuccess(
      action: 'login',
      subject: ThrottleSubjects['login'],
      ticket: ThrottleTicket,
    ) {
      // Taken out first, so a ticket gives its hits back once at most.
      const hits = issued.get(ticket) ?? [];
      issued.delete(ticket);
      try {
        for (const { rule, value } of rulesOf(action, subject)) {
          if (RULE_SUBJECTS[rule.name].onSuccess === 'reset') {
            await store.reset(await storeKey(rule, value));
          }
        }
        for (const hit of hits) await store.refund(hit.key, hit.windowMs, hit.resetAt);
      } catch (error) {
        if (!(error instanceof StorageError)) throw error;
        // The login already passed the check and succeeded; refusing it now would punish the
        // user for the store's failure. The counts stay and end with their windows.
        logger?.warn('Rate-limit store unavailable; login count not reset.', { action });
      }
    },
  });
}
