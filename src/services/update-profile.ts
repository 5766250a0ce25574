import { parseInput, profileUpdateSchema } from '../core/input-schemas.js';
import { planProfileUpdate } from '../core/password-update.js';
import { serializeUser } from '../core/user-serializer.js';
import { AuthenticationError, BadRequestError } from '../errors/errors.js';
import type { StorageTransaction, UserPatch, UserRecord } from '../storage/storage.js';
import type { IssuedPair } from '../tokens/token-service.js';
import type { AccountsDeps } from './deps.js';
import { profileUpdateEnvelopeSchema } from './inputs.js';
import { recordIssuedRefresh } from './refresh-records.js';
import type { UpdateProfileResult } from './results.js';
import { loadActor } from './session.js';
import { viewOptions } from './view-options.js';

/**
 * Update one's own profile: any of `username`, `email`, `password` (with `current_password`).
 * `changes` is the request body; read-only fields (`id`, `followers`, `is_active`...) are
 * refused with `READ_ONLY_FIELD`, unknown ones with `UNKNOWN_FIELD`.
 *
 * A password change verifies `current_password`, applies the password policy and hashes
 * outside the transaction; then one transaction stores the hash (compare-and-swap on the hash
 * that was verified), bumps the token version (every earlier access token stops working),
 * revokes every refresh token, and records a fresh pair for this client. A rename also returns
 * a fresh pair, since the claims carry the name. Either way the pair is signed inside the
 * transaction, because its claims need the values written there.
 *
 * @throws ValidationError `VALIDATION_FAILED`: schema issues (`READ_ONLY_FIELD`,
 *   `UNKNOWN_FIELD`, `USERNAME_INVALID`, `EMAIL_INVALID`, `REQUIRED` for a missing
 *   `current_password`...) and password policy issues (`PASSWORD_TOO_SHORT`, ...).
 * @throws BadRequestError `INVALID_CURRENT_PASSWORD` when `current_password` is wrong (or the
 *   password changed meanwhile).
 * @throws ConflictError `USERNAME_TAKEN` when the new name is taken in any variant.
 * @throws AuthenticationError `TOKEN_INVALID` or `USER_INACTIVE` for the acting user.
 * @throws StorageError `STORAGE_UNAVAILABLE`; nothing was changed.
 * @internal
 */
export async function updateProfile(
  deps: AccountsDeps,
  input: unknown,
): Promise<UpdateProfileResult> {
  const { userId, changes } = parseInput(profileUpdateEnvelopeSchema, input);
  const patch = parseInput(profileUpdateSchema, changes);
  const now = deps.clock.now();
  const user = await loadActor(deps.storage, userId);
  const plan = planProfileUpdate(user, patch);
  let passwordHash: string | null = null;
  if (plan.newPassword !== null) {
    await deps.checkPassword(plan.newPassword, {
      username: plan.changes.username ?? user.username,
      email: plan.changes.email ?? user.email,
    });
    const check = await deps.passwords.verify(patch.current_password ?? '', user.passwordHash);
    if (!check.valid) throw invalidCurrentPassword();
    passwordHash = await deps.passwords.hash(plan.newPassword);
  }
  const fullPatch: UserPatch =
    passwordHash === null ? plan.changes : { ...plan.changes, passwordHash };
  if (Object.keys(fullPatch).length === 0) {
    return { user: serializeUser(user, viewOptions(deps, now)), tokens: null };
  }
  const reissue = passwordHash !== null || plan.usernameChanged;
  const { record, pair } = await deps.storage.transaction(async (tx) => {
    let updated = await tx.users.update(
      userId,
      fullPatch,
      passwordHash === null ? {} : { expectedPasswordHash: user.passwordHash },
    );
    if (updated === null) throw await whyNotUpdated(tx, userId);
    if (passwordHash !== null) updated = await revokeEverything(tx, updated, now);
    const issued: IssuedPair | null = reissue ? await deps.tokens.issuePair(updated, now) : null;
    if (issued !== null) await recordIssuedRefresh(tx.refreshTokens, issued.refreshRecord);
    return { record: updated, pair: issued };
  });
  return {
    user: serializeUser(record, viewOptions(deps, now)),
    tokens: pair === null ? null : { refresh: pair.refresh, access: pair.access },
  };
}

/** End every session of the user: newer token version, every refresh token revoked. */
async function revokeEverything(
  tx: StorageTransaction,
  user: UserRecord,
  now: Date,
): Promise<UserRecord> {
  const tokenVersion = await tx.users.incrementTokenVersion(user.id);
  if (tokenVersion === null) throw tokenInvalid();
  await tx.refreshTokens.revokeAllForUser(user.id, now);
  return { ...user, tokenVersion };
}

/** A conditional update wrote nothing: the user is gone, or their hash changed meanwhile. */
async function whyNotUpdated(tx: StorageTransaction, userId: number): Promise<Error> {
  return (await tx.users.findById(userId)) === null ? tokenInvalid() : invalidCurrentPassword();
}

function invalidCurrentPassword(): BadRequestError {
  return new BadRequestError('INVALID_CURRENT_PASSWORD', 'The current password is incorrect.');
}

function tokenInvalid(): AuthenticationError {
  return new AuthenticationError('TOKEN_INVALID', 'Token is invalid.');
}
