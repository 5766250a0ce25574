import { loginSchema, parseInput } from '../core/input-schemas.js';
import { normalizeUsername } from '../core/username.js';
import {
  AuthenticationError,
  PermissionError,
  RateLimitError,
  StorageError,
} from '../errors/errors.js';
import type { LoginFailedEvent, LoginFailureReason } from '../events/accounts-event.js';
import { emitEvents } from '../events/emit-events.js';
import { requestDetails } from '../events/request-details.js';
import { loginCandidates } from '../passwords/drf-trim.js';
import type { PasswordAttempt } from '../passwords/failure-floor.js';
import type { UserRecord } from '../storage/storage.js';
import { isEmailVerified } from '../verification/verification-state.js';
import type { AccountsDeps, LoginSubject } from './deps.js';
import { requestContextSchema } from './inputs.js';
import { recordIssuedRefresh, sessionClient } from './refresh-records.js';
import type { TokenPair } from './results.js';

/** One message for every login failure, so the answer never tells which part was wrong. */
const INVALID_CREDENTIALS_MESSAGE = 'No active account found with the given credentials';

/**
 * Log in with a username and password and receive a fresh token pair (a new refresh family).
 *
 * Unknown user, inactive user, unusable or malformed stored hash and wrong password all fail
 * with the same error, after one hash each (the stored value's verify, or one preferred-cost
 * hash when there is nothing to verify), and are then held to the password registry's failure
 * floor, so neither the answer nor its timing tells them apart, whatever format the password
 * is stored in. Successes are never held. A missing username or password fails validation
 * before any query or hash. With `passwords.acceptTrimmed`, a password with surrounding
 * whitespace that does not match is tried trimmed too, as Django REST Framework stored it;
 * every failure of such a password then costs two hashes and twice the floor. A valid password
 * stored with outdated parameters is re-hashed and written with a compare-and-swap on the old
 * hash, so a password change made meanwhile always wins; if that write fails, the login still
 * succeeds and the upgrade is retried on the next login. The login instant is stored as the
 * user's last login in the transaction that records the new refresh token, as Django's
 * `update_last_login` does, which ends every password-reset link sent before.
 *
 * Events: `loginFailed` with its reason (`throttled`, `unknown_user`, `wrong_password`,
 * `inactive`), delivered while the failure waits out its floor; on success
 * `passwordHashUpgraded` when an upgrade was stored, then `loggedIn`.
 *
 * @throws ValidationError `VALIDATION_FAILED` for a missing or mistyped field, or an unknown one.
 * @throws AuthenticationError `INVALID_CREDENTIALS` for every credential failure.
 * @throws PermissionError `EMAIL_NOT_VERIFIED` when `emailVerification.requiredForLogin` is on
 *   and the right password's account has no verified address (nothing was written).
 * @throws RateLimitError `TOO_MANY_REQUESTS` when a configured throttle refuses the attempt
 *   (asked after validation, before any query or hash).
 * @throws StorageError `STORAGE_UNAVAILABLE` when the user cannot be read or the refresh
 *   record cannot be written (never reported as bad credentials).
 * @internal
 */
export async function login(
  deps: AccountsDeps,
  input: unknown,
  context: unknown = {},
): Promise<TokenPair> {
  const { username, password } = parseInput(loginSchema, input);
  const request = parseInput(requestContextSchema, context);
  const now = deps.clock.now();
  const name = normalizeUsername(username);
  const failed = (reason: LoginFailureReason, userId: number | null): LoginFailedEvent => ({
    type: 'loginFailed',
    at: now,
    userId,
    username: name.ok ? name.username : null,
    reason,
    ...requestDetails(request),
  });
  // Counted before any hash or query, under the same key whether or not the account exists.
  const subject = { account: name.ok ? name.key : username, address: request.address };
  const ticket = await admit(deps, subject, failed('throttled', null));
  const candidates = loginCandidates(password, deps.settings.acceptTrimmedPasswords);
  // Timed from before the lookup, so the floor covers the query too.
  const attempt = deps.passwords.beginAttempt(candidates.length);
  const user = name.ok ? await deps.storage.users.findByUsernameKey(name.key) : null;
  if (user === null) {
    for (const candidate of candidates) await deps.passwords.burn(candidate);
    return fail(attempt, emitEvents(deps, failed('unknown_user', null)));
  }
  // Verified before the active flag is looked at, so an inactive account costs the same.
  let tried = 0;
  let proven: { password: string; needsRehash: boolean } | null = null;
  for (const candidate of candidates) {
    tried += 1;
    const check = await deps.passwords.verify(candidate, user.passwordHash);
    if (check.valid) {
      proven = { password: candidate, needsRehash: check.needsRehash };
      break;
    }
  }
  if (proven === null || !user.isActive) {
    // One hash per candidate on every failure, whichever candidate matched an inactive account.
    for (const candidate of candidates.slice(tried)) await deps.passwords.burn(candidate);
    const reason = proven === null ? 'wrong_password' : 'inactive';
    return fail(attempt, emitEvents(deps, failed(reason, user.id)));
  }
  if (
    deps.settings.requireVerifiedEmail === true &&
    !(await isEmailVerified(deps.storage.users, user))
  ) {
    // The password was proven, so saying why cannot help a guesser.
    throw new PermissionError('EMAIL_NOT_VERIFIED', 'E-mail is not verified.');
  }
  const upgraded = proven.needsRehash && (await upgradeHash(deps, user, proven.password));

  // The password was proven: reset the account's count and give the address its attempt back
  // before anything is written, so a throttle failure here cannot leave a refresh record
  // behind for tokens never handed out.
  await deps.throttle?.recordSuccess('login', subject, ticket);
  const pair = await deps.tokens.issuePair(user, now);
  // Django's `update_last_login`: reset links hash the last login, so a login ends them.
  await deps.storage.transaction(async (tx) => {
    await tx.users.recordLogin(user.id, now);
    await recordIssuedRefresh(tx.refreshTokens, pair.refreshRecord, sessionClient(deps, request));
  });
  const about = { at: now, userId: user.id, ...requestDetails(request) };
  await emitEvents(
    deps,
    ...(upgraded ? [{ type: 'passwordHashUpgraded', ...about } as const] : []),
    { type: 'loggedIn', ...about, username: user.username, familyId: pair.refreshRecord.familyId },
  );
  return { refresh: pair.refresh, access: pair.access };
}

/** Ask the throttle; a refusal is a failed login too, reported before the error is thrown. */
async function admit(
  deps: AccountsDeps,
  subject: LoginSubject,
  refused: LoginFailedEvent,
): Promise<unknown> {
  try {
    return await deps.throttle?.assertAllowed('login', subject);
  } catch (error) {
    if (error instanceof RateLimitError) await emitEvents(deps, refused);
    throw error;
  }
}

/**
 * Store the password again with the preferred hasher. Best effort by design (see
 * docs/security.md, G-12): the password was proven correct, and refusing the login because a
 * background improvement failed would lock users out during a storage hiccup; the old hash still
 * verifies, so the next login retries. Only storage failures are absorbed; the log line names
 * the user id and the error code, never the hash or the driver's message (which may quote the
 * new hash). Returns whether the new hash was stored.
 */
async function upgradeHash(
  deps: AccountsDeps,
  user: UserRecord,
  password: string,
): Promise<boolean> {
  const passwordHash = await deps.passwords.hash(password);
  try {
    const updated = await deps.storage.users.update(
      user.id,
      { passwordHash },
      { expectedPasswordHash: user.passwordHash },
    );
    // `null`: the password changed meanwhile, and the newer one stays.
    return updated !== null;
  } catch (error) {
    if (!(error instanceof StorageError)) throw error;
    deps.logger.warn('password hash upgrade failed; kept the old hash', {
      userId: user.id,
      code: error.code,
    });
    return false;
  }
}

/**
 * Every credential failure: held to the failure floor, then one error for all. Its event is
 * delivered during the wait, so a listener quicker than the floor adds no time, and the answer's
 * timing still tells no reason from another.
 */
async function fail(attempt: PasswordAttempt, delivery: Promise<void>): Promise<never> {
  await Promise.all([attempt.padFailure(), delivery]);
  throw new AuthenticationError('INVALID_CREDENTIALS', INVALID_CREDENTIALS_MESSAGE);
}
