import { parseInput } from '../core/input-schemas.js';
import type { AccountsDeps } from '../services/deps.js';
import { requestContextSchema } from '../services/inputs.js';
import type { UserRecord } from '../storage/storage.js';
import type { PasswordReset } from './create-password-reset.js';
import { passwordResetRequestSchema } from './reset-inputs.js';
import { resetTokenUser } from './reset-token-user.js';
import { sameEmail } from './same-email.js';
import { encodeUid } from './uidb64.js';

/**
 * Ask for reset mails: every active user whose stored address matches `email` without regard
 * to case (Django's `PasswordResetForm.get_users`) and whose password is usable gets one mail,
 * at the stored address, with a link holding their `uidb64` and a token made now.
 *
 * The answer is the same whether any account matched: the lookup is one query either way, and
 * a task is handed to `reset.defer` either way, which sends the mails after the answer, so the
 * time a mail server takes is never part of it. A mail that fails is logged (`deps.logger.warn`) with the user id and
 * the error's name only: never the address, the link, the token or the text.
 *
 * @throws ValidationError `VALIDATION_FAILED`: `REQUIRED` for a missing or blank `email`,
 *   `EMAIL_INVALID` for one without the shape of an address, `UNKNOWN_FIELD`.
 * @throws RateLimitError `TOO_MANY_REQUESTS` when the throttle refuses (per address, per email).
 * @throws StorageError `STORAGE_UNAVAILABLE` when the users cannot be read; nothing was sent.
 * @internal
 */
export async function requestPasswordReset(
  deps: AccountsDeps,
  input: unknown,
  reset: PasswordReset,
  context: unknown = {},
): Promise<void> {
  const { email } = parseInput(passwordResetRequestSchema, input);
  const { address } = parseInput(requestContextSchema, context);
  // Before the lookup, under the same key whether or not an account has the address.
  await deps.throttle?.assertAllowed('mail', { email: email.toLowerCase(), address });
  const now = deps.clock.now();
  const recipients = (await deps.storage.users.findByEmail(email)).filter(
    (user) => user.isActive && !user.passwordHash.startsWith('!') && sameEmail(email, user.email),
  );
  // Deferred even with nobody to mail, so both answers do the same work before they return.
  reset.defer(async () => {
    await Promise.all(recipients.map((user) => mailOne(deps, reset, user, now)));
  });
}

/** Write and send one user's mail; a failure of any part is logged, never thrown. */
async function mailOne(
  deps: AccountsDeps,
  reset: PasswordReset,
  user: UserRecord,
  now: Date,
): Promise<void> {
  try {
    const link = reset.link(encodeUid(user.id), reset.tokens.make(resetTokenUser(user), now));
    const { subject, text } = reset.message({ username: user.username, email: user.email, link });
    await reset.mailer.send({ to: user.email, subject, text });
  } catch (error) {
    deps.logger.warn('password reset mail failed', {
      userId: user.id,
      error: error instanceof Error ? error.name : typeof error,
    });
  }
}
