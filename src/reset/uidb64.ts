/**
 * The user part of a reset link: Django's `urlsafe_base64_encode(force_bytes(user.pk))`, the
 * decimal id in base64url without padding (`1` → `MQ`, `4775` → `NDc3NQ`).
 */

/** Longer than the encoding of any safe integer id (16 digits → 22 characters). */
const MAX_UID_LENGTH = 24;

/** The link's `uidb64` for a user id. */
export function encodeUid(id: number): string {
  return Buffer.from(String(id), 'ascii').toString('base64url');
}

/**
 * The user id a link's `uidb64` names, or `null` when it names none. Only the form
 * {@link encodeUid} makes is read (no padding, no leading zeros, no other spelling of the same
 * bytes), so one user has one link text.
 */
export function decodeUid(uid: string): number | null {
  if (uid.length > MAX_UID_LENGTH || !/^[A-Za-z0-9_-]+$/.test(uid)) return null;
  const digits = Buffer.from(uid, 'base64url').toString('latin1');
  if (!/^[1-9][0-9]{0,15}$/.test(digits)) return null;
  const id = Number(digits);
  return Number.isSafeInteger(id) && encodeUid(id) === uid ? id : null;
}
