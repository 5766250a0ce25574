import { parseInput, signUpSchema } from '../core/input-schemas.js';
import { serializeUser } from '../core/user-serializer.js';
import { usernameKey } from '../core/username.js';
import type { AccountsDeps } from './deps.js';
import { requestContextSchema } from './inputs.js';
import { recordIssuedRefresh } from './refresh-records.js';
import type { RegisterResult } from './results.js';
import { viewOptions } from './view-options.js';

/**
 * Sign up: validate `{ username, email?, password }`, check the password policy, hash, then
 * insert the user and their first refresh record in one transaction. The pair carries the
 * custom claims from the start (SimpleJWT's sign-up tokens lacked them).
 *
 * The pair is signed inside the transaction because its claims need the id the insert assigns;
 * a retried transaction signs again with the id of that attempt. Hashing stays outside.
 *
 * @throws ValidationError `VALIDATION_FAILED`: schema issues (`REQUIRED`, `INVALID_TYPE`,
 *   `UNKNOWN_FIELD`, `USERNAME_INVALID`, `USERNAME_TOO_LONG`, `EMAIL_INVALID`) and password
 *   policy issues (`PASSWORD_TOO_SHORT`, `PASSWORD_TOO_LONG`, `PASSWORD_TOO_COMMON`, ...).
 * @throws ConflictError `USERNAME_TAKEN` when the name is taken in any case or NFKC variant.
 * @throws RateLimitError `TOO_MANY_REQUESTS` when a configured throttle refuses the attempt.
 * @throws StorageError `STORAGE_UNAVAILABLE`; nothing was written.
 * @internal
 */
export async function register(
  deps: AccountsDeps,
  input: unknown,
  context: unknown = {},
): Promise<RegisterResult> {
  const { username, email = '', password } = parseInput(signUpSchema, input);
  await deps.checkPassword(password, { username, email });
  const { address } = parseInput(requestContextSchema, context);
  await deps.throttle?.assertAllowed('register', { address });
  const now = deps.clock.now();
  const passwordHash = await deps.passwords.hash(password);
  const { user, pair } = await deps.storage.transaction(async (tx) => {
    const created = await tx.users.insert({
      username,
      usernameKey: usernameKey(username),
      email,
      passwordHash,
      dateJoined: now,
    });
    const issued = await deps.tokens.issuePair(created, now);
    await recordIssuedRefresh(tx.refreshTokens, issued.refreshRecord);
    return { user: created, pair: issued };
  });
  return {
    user: serializeUser(user, viewOptions(deps, now)),
    tokens: { refresh: pair.refresh, access: pair.access },
  };
}
