import type { ResetTokenUser } from '../reset/django-reset-tokens.js';
import { encodeUid } from '../reset/uidb64.js';
import type { AccountStorage, StorageTransaction, UserRecord } from '../storage/storage.js';

/**
 * Whether the user's current address is the one they verified. Exact comparison: a change of
 * the address, by accountkit or by Django, clears it.
 * @internal
 */
export async function isEmailVerified(
  users: (AccountStorage | StorageTransaction)['users'],
  user: UserRecord,
): Promise<boolean> {
  if (user.email === '') return false;
  return (await users.findEmailVerification(user.id))?.email === user.email;
}

/**
 * What a verification token is bound to: the id, the address and whether it is verified yet,
 * so a token dies once used (the state changes) and when the address changes.
 * @internal
 */
export function verificationTokenUser(user: UserRecord, verified: boolean): ResetTokenUser {
  return {
    id: user.id,
    passwordHash: verified ? 'verified' : 'unverified',
    lastLogin: null,
    email: user.email,
  };
}

/** The key of a verification link: the user's `uidb64`, `:`, the token. @internal */
export function verificationKey(userId: number, token: string): string {
  return `${encodeUid(userId)}:${token}`;
}
