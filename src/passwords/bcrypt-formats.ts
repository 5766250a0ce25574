import { createHash } from 'node:crypto';
import type { StoredFormat } from './stored-format.js';

/**
 * A modular-crypt bcrypt value; the cost is capped at 16 (Django writes 12) so a corrupted row
 * cannot make one login take minutes.
 */
const BCRYPT_VALUE = /^\$2[abxy]\$(0[4-9]|1[0-6])\$[./A-Za-z0-9]{53}$/;

async function checkBcrypt(secret: string | Buffer, value: string): Promise<boolean> {
  if (!BCRYPT_VALUE.test(value)) return false;
  try {
    // Loaded on the first bcrypt value: most databases hold none, and start-up stays short.
    const { verify } = await import('@node-rs/bcrypt');
    return await verify(secret, value);
  } catch {
    return false;
  }
}

/**
 * Django's `bcrypt_sha256$$2b$12$...`: bcrypt over the hex SHA-256 of the password, so long
 * passwords are not truncated.
 * @internal
 */
export const bcryptSha256Format: StoredFormat = Object.freeze({
  algorithm: 'bcrypt_sha256',
  async verify(password: string, encoded: string): Promise<boolean> {
    if (typeof password !== 'string' || typeof encoded !== 'string') return false;
    if (!encoded.startsWith('bcrypt_sha256$')) return false;
    const digest = createHash('sha256').update(password, 'utf8').digest('hex');
    return checkBcrypt(digest, encoded.slice('bcrypt_sha256$'.length));
  },
});

/**
 * Django's plain `bcrypt$$2b$...`. bcrypt reads only the first 72 bytes, so, as in Django, a
 * longer password verifies on its prefix. A NUL byte makes Django's bcrypt raise; here it
 * never verifies.
 * @internal
 */
export const bcryptFormat: StoredFormat = Object.freeze({
  algorithm: 'bcrypt',
  async verify(password: string, encoded: string): Promise<boolean> {
    if (typeof password !== 'string' || typeof encoded !== 'string') return false;
    if (!encoded.startsWith('bcrypt$') || password.includes('\0')) return false;
    return checkBcrypt(Buffer.from(password, 'utf8'), encoded.slice('bcrypt$'.length));
  },
});
