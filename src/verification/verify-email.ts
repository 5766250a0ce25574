import { parseInput } from '../core/input-schemas.js';
import { ValidationError } from '../errors/errors.js';
import { emitEvents } from '../events/emit-events.js';
import { requestDetails } from '../events/request-details.js';
import { decodeUid } from '../reset/uidb64.js';
import type { AccountsDeps } from '../services/deps.js';
import { requestContextSchema } from '../services/inputs.js';
import type { AccountStorage, StorageTransaction } from '../storage/storage.js';
import type { EmailVerification } from './create-email-verification.js';
import { verifyEmailSchema } from './verification-inputs.js';
import { isEmailVerified, verificationTokenUser } from './verification-state.js';

/**
 * Confirm an address with the key of a verification link. The key holds the user's `uidb64`
 * and a token bound to their address and to its not-yet-verified state, so it works once, dies
 * when the address changes, and expires after `emailVerification.timeoutSeconds`. The check is
 * repeated inside the transaction that records the verification, so of two concurrent uses
 * one records it and the other finds the key used. Emits `emailVerified` after the commit.
 *
 * @throws ValidationError `VALIDATION_FAILED` with `VERIFICATION_LINK_INVALID` (unknown or
 *   inactive user, malformed, forged or used key, changed address) or
 *   `VERIFICATION_LINK_EXPIRED`, at path `key`; nothing was written.
 * @internal
 */
export async function verifyEmail(
  deps: AccountsDeps,
  input: unknown,
  verification: EmailVerification,
  context: unknown = {},
): Promise<void> {
  const { key } = parseInput(verifyEmailSchema, input);
  const details = requestDetails(parseInput(requestContextSchema, context));
  const now = deps.clock.now();
  const separator = key.indexOf(':');
  const id = separator < 0 ? null : decodeUid(key.slice(0, separator));
  const token = key.slice(separator + 1);
  if (id === null) throw invalidKey();
  await checkKey(deps.storage, verification, id, token, now);
  const userId = await deps.storage.transaction(async (tx) => {
    const user = await checkKey(tx, verification, id, token, now);
    await tx.users.recordEmailVerification(user.id, user.email, now);
    return user.id;
  });
  await emitEvents(deps, { type: 'emailVerified', at: now, userId, ...details });
}

async function checkKey(
  storage: AccountStorage | StorageTransaction,
  verification: EmailVerification,
  id: number,
  token: string,
  now: Date,
) {
  const user = await storage.users.findById(id);
  if (user === null || !user.isActive || user.email === '') throw invalidKey();
  const verified = await isEmailVerified(storage.users, user);
  const verdict = verification.tokens.check(verificationTokenUser(user, verified), token, now);
  if (verdict === 'expired') {
    throw new ValidationError([
      {
        path: ['key'],
        code: 'VERIFICATION_LINK_EXPIRED',
        message: 'The verification link has expired. Please request a new one.',
      },
    ]);
  }
  if (verdict !== 'valid') throw invalidKey();
  return user;
}

function invalidKey(): ValidationError {
  return new ValidationError([
    {
      path: ['key'],
      code: 'VERIFICATION_LINK_INVALID',
      message: 'The verification link is invalid or has already been used.',
    },
  ]);
}
