import { createHash, createHmac } from 'node:crypto';

/** The digests Django's `salted_hmac` is used with for reset tokens. @internal */
export type SaltedHmacAlgorithm = 'sha256' | 'sha1';

/**
 * Django's `salted_hmac(key_salt, value, secret, algorithm).hexdigest()` with the key derived
 * once: an HMAC keyed with the digest of `keySalt + secret`, so one `SECRET_KEY` gives
 * unrelated keys to unrelated uses. Strings are taken as UTF-8, as Django's `force_bytes`.
 * @internal
 */
export function saltedHmacHex(
  keySalt: string,
  secret: string,
  algorithm: SaltedHmacAlgorithm,
): (value: string) => string {
  const key = createHash(algorithm)
    .update(keySalt + secret, 'utf8')
    .digest();
  return (value) => createHmac(algorithm, key).update(value, 'utf8').digest('hex');
}
