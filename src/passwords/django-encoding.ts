import { timingSafeEqual } from 'node:crypto';
import type { RandomSource } from '../platform/random.js';

/**
 * The characters of Django's `get_random_string`, from which its salts are drawn.
 * @internal
 */
const SALT_ALPHABET = 'abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789';

/**
 * 22 characters of a 62-letter alphabet carry 131 bits: Django's own salt length, so values
 * written here look exactly like Django's and Django's `must_update` accepts them.
 * @internal
 */
const SALT_LENGTH = 22;

/** Bits a salt must carry; below this Django (and accountkit) ask for a re-hash. @internal */
const SALT_ENTROPY_BITS = 128;

/**
 * A fresh Django-style salt from `random`, by rejection sampling so every letter is equally
 * likely (248 is the largest multiple of 62 below 256).
 * @internal
 */
export function generateSalt(random: RandomSource): string {
  let salt = '';
  // A sound source fills 22 letters from 32 bytes almost always; a broken one must not hang us.
  for (let round = 0; round < 16 && salt.length < SALT_LENGTH; round += 1) {
    for (const byte of random.bytes(32)) {
      if (byte < 248 && salt.length < SALT_LENGTH) salt += SALT_ALPHABET[byte % 62];
    }
  }
  if (salt.length < SALT_LENGTH) throw new Error('RandomSource returned almost only bytes ≥ 248');
  return salt;
}

/**
 * Django's `must_update_salt`: the salt is judged as if drawn from Django's alphabet, so a
 * 12-character salt or `iodizedsalt` is too weak whatever it contains.
 * @internal
 */
export function isSaltTooWeak(salt: string): boolean {
  return salt.length * Math.log2(SALT_ALPHABET.length) < SALT_ENTROPY_BITS;
}

/**
 * Constant-time comparison of two strings, as Django's `constant_time_compare`. Lengths are
 * not secret (they follow from the format), so unequal lengths return early.
 * @internal
 */
export function constantTimeEqual(a: string, b: string): boolean {
  const left = Buffer.from(a, 'utf8');
  const right = Buffer.from(b, 'utf8');
  return left.length === right.length && timingSafeEqual(left, right);
}

const B64_NO_PAD = /^[A-Za-z0-9+/]+$/;

/**
 * Strict base64 without padding (the PHC string format): anything else is malformed.
 * @internal
 */
export function decodeBase64NoPad(text: string): Buffer | null {
  if (!B64_NO_PAD.test(text) || text.length % 4 === 1) return null;
  return Buffer.from(text, 'base64');
}

/** @internal */
export function encodeBase64NoPad(bytes: Uint8Array): string {
  return Buffer.from(bytes).toString('base64').replace(/=+$/, '');
}

/**
 * A positive decimal integer as Django writes one (no sign, no spaces, no leading zero),
 * within `max`; null otherwise.
 * @internal
 */
export function parseCount(text: string | undefined, max: number): number | null {
  if (text === undefined || !/^[1-9][0-9]{0,9}$/.test(text)) return null;
  const value = Number(text);
  return value <= max ? value : null;
}
