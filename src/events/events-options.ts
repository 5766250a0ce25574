import type { AccountsEvent } from './accounts-event.js';

/**
 * The `events` option of `createAccounts`: who hears about what the account service did.
 *
 * `onEvent` is called once per event, after the operation's writes committed and before the
 * operation answers, so an audit row written there exists by the time the client has its
 * answer; the operation waits for it, so keep it quick or hand the work to a queue. What it
 * throws or rejects with is reported to the logger by class name and never changes the
 * operation's result.
 * @example
 * ```ts
 * const accounts = await createAccounts({
 *   storage,
 *   tokens: { keys: process.env.JWT_SECRET! },
 *   events: {
 *     onEvent(event) {
 *       if (event.type === 'loginFailed') failedLogins.inc({ reason: event.reason });
 *     },
 *   },
 * });
 * ```
 */
export interface AccountsEventsOptions {
  /** Receives every event; narrow on `event.type` for its payload. */
  onEvent(event: AccountsEvent): void | Promise<void>;
}
