/**
 * SHA-256 of file content, for content-addressed upload names.
 *
 * This is the only core file that touches Web Crypto, and only `subtle.digest`: hashing is a
 * pure function of its input (no randomness, no clock), and `crypto.subtle` is the one SHA-256
 * every runtime ships (browsers, Deno, Bun, workers, Node 20+) without importing `node:crypto`.
 */
import { bytesToHex } from './hex.js';

/** The part of `SubtleCrypto` needed here; inject one to hash elsewhere or in tests. */
export interface SubtleDigest {
  digest(algorithm: 'SHA-256', data: Uint8Array): Promise<ArrayBuffer>;
}

/**
 * Lower-case hex SHA-256 of `content` (64 characters).
 * @internal
 */
export async function sha256Hex(content: Uint8Array, subtle?: SubtleDigest): Promise<string> {
  const digest = await (subtle ?? globalThis.crypto.subtle).digest('SHA-256', content);
  return bytesToHex(new Uint8Array(digest));
}
