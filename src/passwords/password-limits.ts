/**
 * The longest password accountkit accepts, in UTF-8 bytes (OWASP ASVS 6.2.9: at least 64
 * characters must fit; 4,096 bytes leaves room for any passphrase and bounds the work).
 */
export const PASSWORD_MAX_BYTES = 4_096;

/**
 * Whether `password` is over `maxBytes` UTF-8 bytes, without encoding it: a UTF-16 unit is
 * at most 3 bytes, so short strings are answered from their length alone and long ones stop
 * being counted as soon as the limit is passed.
 * @internal
 */
export function exceedsBytes(password: string, maxBytes: number): boolean {
  if (password.length * 3 <= maxBytes) return false;
  if (password.length > maxBytes) return true;
  return Buffer.byteLength(password, 'utf8') > maxBytes;
}
