import { parseInput } from '../core/input-schemas.js';
import { AuthenticationError, ValidationError } from '../errors/errors.js';
import { sameEmail } from '../reset/same-email.js';
import type { AccountsDeps } from '../services/deps.js';
import { requestContextSchema } from '../services/inputs.js';
import type { UserRecord } from '../storage/storage.js';
import type { EmailVerification } from './create-email-verification.js';
import { verificationRequestSchema } from './verification-inputs.js';
import { isEmailVerified, verificationKey, verificationTokenUser } from './verification-state.js';

/**
 * Mail a verification link: to the logged-in user (`{ userId }`), or to every active account
 * whose stored address matches `{ email }` ignoring case (dj-rest-auth's resend). Accounts
 * whose address is already verified get nothing. The mails go out after the answer, through
 * `verification.defer`; for `{ email }` the answer is the same whether any account matched. A
 * failed mail is logged by user id and error name only.
 *
 * @throws ValidationError `VALIDATION_FAILED` (`INVALID_ID`, `REQUIRED`, `EMAIL_INVALID`,
 *   `UNKNOWN_FIELD`; `EMAIL_MISSING` when the logged-in user has no address).
 * @throws AuthenticationError `TOKEN_INVALID` when the logged-in user is gone, `USER_INACTIVE`.
 * @throws RateLimitError `TOO_MANY_REQUESTS` when the throttle refuses (per address, per email).
 * @internal
 */
export async function requestEmailVerification(
  deps: AccountsDeps,
  input: unknown,
  verification: EmailVerification,
  context: unknown = {},
): Promise<void> {
  const request = parseInput(verificationRequestSchema(input), input);
  const { address } = parseInput(requestContextSchema, context);
  const email = 'userId' in request ? `user:${request.userId}` : request.email.toLowerCase();
  await deps.throttle?.assertAllowed('mail', { email, address });
  const now = deps.clock.now();
  const candidates = 'userId' in request ? [await actingUser(deps, request.userId)] : [];
  if ('email' in request) {
    const found = await deps.storage.users.findByEmail(request.email);
    candidates.push(
      ...found.filter((user) => user.isActive && sameEmail(request.email, user.email)),
    );
  }
  const recipients: UserRecord[] = [];
  for (const user of candidates) {
    if (!(await isEmailVerified(deps.storage.users, user))) recipients.push(user);
  }
  if (recipients.length === 0) return;
  verification.defer(async () => {
    await Promise.all(recipients.map((user) => mailOne(deps, verification, user, now)));
  });
}

async function actingUser(deps: AccountsDeps, userId: number): Promise<UserRecord> {
  const user = await deps.storage.users.findById(userId);
  if (user === null) throw new AuthenticationError('TOKEN_INVALID', 'Token is invalid.');
  if (!user.isActive) throw new AuthenticationError('USER_INACTIVE', 'User is inactive');
  if (user.email === '') {
    throw new ValidationError([
      { path: ['email'], code: 'EMAIL_MISSING', message: 'The account has no e-mail address.' },
    ]);
  }
  return user;
}

/** Write and send one user's mail; a failure is logged, never thrown. */
async function mailOne(
  deps: AccountsDeps,
  verification: EmailVerification,
  user: UserRecord,
  now: Date,
): Promise<void> {
  try {
    const token = verification.tokens.make(verificationTokenUser(user, false), now);
    const link = verification.link(verificationKey(user.id, token));
    const { subject, text } = verification.message({
      username: user.username,
      email: user.email,
      link,
    });
    await verification.mailer.send({ to: user.email, subject, text });
  } catch (error) {
    deps.logger.warn('email verification mail failed', {
      userId: user.id,
      error: error instanceof Error ? error.name : typeof error,
    });
  }
}
