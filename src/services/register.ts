import { parseInput, parseInputFields, signUpSchema } from '../core/input-schemas.js';
import { serializeUser } from '../core/user-serializer.js';
import { usernameKey } from '../core/username.js';
import { ValidationError } from '../errors/errors.js';
import { emitEvents } from '../events/emit-events.js';
import { requestDetails } from '../events/request-details.js';
import type { AccountsDeps } from './deps.js';
import { fieldRuleIssues } from './field-rules.js';
import { requestContextSchema } from './inputs.js';
import { recordIssuedRefresh, sessionClient } from './refresh-records.js';
import type { RegisterResult } from './results.js';
import { viewOptions } from './view-options.js';

/**
 * Sign up: validate `{ username, email?, password }`, check the password policy, hash, then
 * insert the user and their first refresh record in one transaction. The pair carries the
 * custom claims from the start (SimpleJWT's sign-up tokens lacked them).
 *
 * Every field is judged, and every issue comes in one `ValidationError`, as Django REST
 * Framework answered: the schema's issues of every field first, then those of the opt-in
 * username rules (`usernameRules`) and of the password policy, each run whenever its own field
 * passed the schema. The policy compares the password with the username and email that passed.
 *
 * The pair is signed inside the transaction because its claims need the id the insert assigns;
 * a retried transaction signs again with the id of that attempt. Hashing stays outside.
 * `signedUp` is emitted after the commit, with the context's address and user agent.
 *
 * @throws ValidationError `VALIDATION_FAILED`: schema issues (`REQUIRED`, also for a blank
 *   field, `INVALID_TYPE`, `UNKNOWN_FIELD`, `USERNAME_INVALID`, `USERNAME_TOO_LONG`,
 *   `EMAIL_INVALID`), `USERNAME_MIXED_SCRIPTS` when that rule is on, and password policy issues
 *   (`PASSWORD_TOO_SHORT`, `PASSWORD_TOO_LONG`, `PASSWORD_TOO_COMMON`, ...).
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
  const body = parseInputFields(signUpSchema, input);
  const fields = body.ok ? body.value : body.validFields;
  const ruleIssues = await fieldRuleIssues(deps, {
    newUsername: fields.username,
    newPassword: fields.password,
    attributes: { username: fields.username ?? '', email: fields.email ?? '' },
  });
  if (!body.ok || ruleIssues.length > 0) {
    throw new ValidationError([...(body.ok ? [] : body.issues), ...ruleIssues]);
  }
  const { username, email = '', password } = body.value;
  const request = parseInput(requestContextSchema, context);
  await deps.throttle?.assertAllowed('register', { address: request.address });
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
    await recordIssuedRefresh(tx.refreshTokens, issued.refreshRecord, sessionClient(deps, request));
    return { user: created, pair: issued };
  });
  const result = {
    user: serializeUser(user, viewOptions(deps, now)),
    tokens: { refresh: pair.refresh, access: pair.access },
  };
  await emitEvents(deps, {
    type: 'signedUp',
    at: now,
    userId: user.id,
    username: user.username,
    familyId: pair.refreshRecord.familyId,
    ...requestDetails(request),
  });
  return result;
}
