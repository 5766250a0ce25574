import { scrypt } from 'node:crypto';
import { constantTimeEqual, parseCount } from './django-encoding.js';
import type { StoredFormat } from './stored-format.js';

/** Django's output length for scrypt. */
const KEY_BYTES = 64;

/** Bounds on stored parameters (Django 4+ writes N=2^14, r=8, p=1): beyond them, malformed. */
const MAX = { n: 1 << 20, r: 32, p: 16, memoryBytes: 512 * 1024 * 1024 } as const;

/**
 * Django 4+'s `scrypt$<N>$<salt>$<r>$<p>$<base64 hash>`, on node:crypto.
 * @internal
 */
export const scryptFormat: StoredFormat = Object.freeze({
  algorithm: 'scrypt',
  async verify(password: string, encoded: string): Promise<boolean> {
    if (typeof password !== 'string' || typeof encoded !== 'string') return false;
    const [name, nField, salt, rField, pField, hash] = encoded.split('$');
    const n = parseCount(nField, MAX.n);
    const r = parseCount(rField, MAX.r);
    const p = parseCount(pField, MAX.p);
    if (name !== 'scrypt' || !salt || hash === undefined || n === null || r === null) return false;
    // N must be a power of two above 1; scrypt needs about 128·N·r bytes.
    if (p === null || n < 2 || (n & (n - 1)) !== 0 || 128 * n * r > MAX.memoryBytes) return false;
    const key = await new Promise<Buffer | null>((resolve) => {
      scrypt(
        password,
        salt,
        KEY_BYTES,
        { N: n, r, p, maxmem: 2 * MAX.memoryBytes },
        (error, derived) => resolve(error ? null : derived),
      );
    });
    if (key === null) return false;
    return constantTimeEqual(encoded, `scrypt$${n}$${salt}$${r}$${p}$${key.toString('base64')}`);
  },
});
