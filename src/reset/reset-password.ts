import { parseInput } from '../core/input-schemas.js';
import { ValidationError } from '../errors/errors.js';
import { emitEvents } from '../events/emit-events.js';
import { requestDetails } from '../events/request-details.js';
import type { AccountsDeps } from '../services/deps.js';
import { endAllSessions } from '../services/end-sessions.js';
import { fieldRuleIssues } from '../services/field-rules.js';
import { requestContextSchema } from '../services/inputs.js';
import { recordIssuedRefresh, sessionClient } from '../services/refresh-records.js';
import type { StorageTransaction, UserRecord } from '../storage/storage.js';
import type { PasswordReset } from './create-password-reset.js';
import { resetPasswordSchema } from './reset-inputs.js';
import { expiredLink, invalidLink, passwordMismatch } from './reset-issues.js';
import type { ResetPasswordResult } from './reset-requests.js';
import { resetTokenUser } from './reset-token-user.js';
import { decodeUid } from './uidb64.js';

/**
 * Set a new password with a reset link's `uid` and `token`, then end every session of the user.
 *
 * In Django's order: the link first (an unknown or inactive user and every kind of bad token
 * give one answer; only a genuine token that is too old says so), then the form (the
 * confirmation when given, else the password policy against the user's name and email). Only
 * then is the password hashed, outside the transaction. One transaction re-reads the user,
 * checks the token again against that row, writes the hash with a compare-and-swap on the one
 * the token was made with, bumps the token version (every access token ends), revokes every
 * refresh token and, with `login`, records a fresh pair. So a link works once: the new hash
 * ends the token, and of two concurrent uses exactly one wins. After the commit, emits
 * `passwordChanged` then `allSessionsEnded` (reason `password_reset`).
 *
 * @throws ValidationError `VALIDATION_FAILED` with one of: `RESET_LINK_INVALID` or
 *   `RESET_LINK_EXPIRED` (path `token`), `PASSWORD_MISMATCH` (path `newPasswordConfirmation`),
 *   the policy's issues (`PASSWORD_TOO_SHORT`, ...; path `newPassword`), or schema issues
 *   (`REQUIRED`, `INVALID_TYPE`, `UNKNOWN_FIELD`). Nothing was hashed or written.
 * @throws StorageError `STORAGE_UNAVAILABLE`; nothing was changed.
 * @internal
 */
export async function resetPassword(
  deps: AccountsDeps,
  input: unknown,
  reset: PasswordReset,
  context: unknown = {},
): Promise<ResetPasswordResult> {
  const request = parseInput(resetPasswordSchema, input);
  const details = requestDetails(parseInput(requestContextSchema, context));
  const now = deps.clock.now();
  const id = decodeUid(request.uid);
  const user = id === null ? null : await deps.storage.users.findById(id);
  assertLinkValid(reset, user, request.token, now);
  await assertAcceptable(deps, user, request);
  const passwordHash = await deps.passwords.hash(request.newPassword);
  const result = await deps.storage.transaction(async (tx) => {
    const current = await tx.users.findById(user.id);
    assertLinkValid(reset, current, request.token, now);
    const updated = await tx.users.update(
      user.id,
      { passwordHash },
      { expectedPasswordHash: current.passwordHash },
    );
    // Another use of the same link set the password in between.
    if (updated === null) throw invalidLink();
    const tokens = await endSessions(deps, tx, updated, now, request.login === true);
    return { userId: user.id, tokens };
  });
  const about = { at: now, userId: user.id, ...details };
  await emitEvents(
    deps,
    { type: 'passwordChanged', ...about },
    { type: 'allSessionsEnded', ...about, reason: 'password_reset' },
  );
  return result;
}

/** The link must name an active user and carry a token that checks for them now. */
function assertLinkValid(
  reset: PasswordReset,
  user: UserRecord | null,
  token: string,
  now: Date,
): asserts user is UserRecord {
  if (user === null || !user.isActive) throw invalidLink();
  const verdict = reset.tokens.check(resetTokenUser(user), token, now);
  if (verdict === 'expired') throw expiredLink();
  if (verdict !== 'valid') throw invalidLink();
}

/** Django's `SetPasswordForm`: the two entries agree, else the policy judges the password. */
async function assertAcceptable(
  deps: AccountsDeps,
  user: UserRecord,
  request: { newPassword: string; newPasswordConfirmation?: string | undefined },
): Promise<void> {
  const { newPassword, newPasswordConfirmation } = request;
  if (newPasswordConfirmation !== undefined && newPasswordConfirmation !== newPassword) {
    throw passwordMismatch();
  }
  const issues = await fieldRuleIssues(deps, {
    newUsername: undefined,
    newPassword,
    attributes: { username: user.username, email: user.email },
  });
  if (issues.length > 0) {
    throw new ValidationError(issues.map((issue) => ({ ...issue, path: ['newPassword'] })));
  }
}

/**
 * Bump the token version and revoke every refresh token; with `login`, sign and record a
 * fresh pair carrying the new version.
 */
async function endSessions(
  deps: AccountsDeps,
  tx: StorageTransaction,
  user: UserRecord,
  now: Date,
  login: boolean,
): Promise<ResetPasswordResult['tokens']> {
  const tokenVersion = await endAllSessions(tx, user.id, now);
  // The row was updated a moment ago in this transaction.
  if (tokenVersion === null) throw invalidLink();
  if (!login) return null;
  const pair = await deps.tokens.issuePair({ ...user, tokenVersion }, now);
  await recordIssuedRefresh(tx.refreshTokens, pair.refreshRecord, sessionClient(deps, {}));
  return { refresh: pair.refresh, access: pair.access };
}
