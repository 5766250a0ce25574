import { createHash } from 'node:crypto';
import { createRequire } from 'node:module';
import { constantTimeEqual } from './django-encoding.js';
import type { StoredFormat } from './stored-format.js';

/** Names of the formats that must be enabled explicitly (`legacy` option). */
export const LEGACY_ALGORITHMS = ['sha1', 'md5', 'unsalted_sha1', 'unsalted_md5', 'crypt'] as const;

/** One of {@link LEGACY_ALGORITHMS}. */
export type LegacyAlgorithm = (typeof LEGACY_ALGORITHMS)[number];

const hex = (digest: 'sha1' | 'md5', text: string): string =>
  createHash(digest).update(text, 'utf8').digest('hex');

/** Django's salted `sha1$salt$hex` and `md5$salt$hex`: one digest of salt + password. */
function saltedFormat(digest: 'sha1' | 'md5'): StoredFormat {
  return Object.freeze({
    algorithm: digest,
    async verify(password: string, encoded: string): Promise<boolean> {
      if (typeof password !== 'string' || typeof encoded !== 'string') return false;
      const [name, salt] = encoded.split('$');
      // Django asserts a non-empty salt when re-encoding; an empty one is unsalted_sha1's job.
      if (name !== digest || !salt) return false;
      return constantTimeEqual(encoded, `${digest}$${salt}$${hex(digest, salt + password)}`);
    },
  });
}

/** Django's `sha1$$<40 hex>` from before salts. */
const unsaltedSha1: StoredFormat = Object.freeze({
  algorithm: 'unsalted_sha1',
  async verify(password: string, encoded: string): Promise<boolean> {
    if (typeof password !== 'string' || typeof encoded !== 'string') return false;
    return constantTimeEqual(encoded, `sha1$$${hex('sha1', password)}`);
  },
});

/** Django's bare 32-hex MD5, also accepted as `md5$$<32 hex>`. */
const unsaltedMd5: StoredFormat = Object.freeze({
  algorithm: 'unsalted_md5',
  async verify(password: string, encoded: string): Promise<boolean> {
    if (typeof password !== 'string' || typeof encoded !== 'string') return false;
    const bare = encoded.length === 37 && encoded.startsWith('md5$$') ? encoded.slice(5) : encoded;
    return constantTimeEqual(bare, hex('md5', password));
  },
});

type UnixCrypt = (password: number[], salt: string) => string;
let unixCrypt: UnixCrypt | undefined;

/**
 * Django's `crypt$<salt>$<13-char DES hash>` (removed in Django 5.0). DES crypt reads only the
 * first 8 bytes, seven bits each: Django's quirk, reproduced on verify and never written. The
 * implementation (`unix-crypt-td-js`) is loaded on first use, so it is needed only where
 * `crypt` is enabled.
 */
const cryptFormat: StoredFormat = Object.freeze({
  algorithm: 'crypt',
  async verify(password: string, encoded: string): Promise<boolean> {
    if (typeof password !== 'string' || typeof encoded !== 'string') return false;
    // A DES hash is 2 salt + 11 hash characters; Python's crypt refuses NUL.
    const data = /^crypt\$[^$]*\$([./A-Za-z0-9]{13})$/.exec(encoded)?.[1];
    if (data === undefined || password.includes('\0')) return false;
    unixCrypt ??= createRequire(import.meta.url)('unix-crypt-td-js') as UnixCrypt;
    return constantTimeEqual(data, unixCrypt([...Buffer.from(password, 'utf8')], data.slice(0, 2)));
  },
});

/**
 * The legacy formats by name.
 * @internal
 */
export const LEGACY_FORMATS: Readonly<Record<LegacyAlgorithm, StoredFormat>> = Object.freeze({
  sha1: saltedFormat('sha1'),
  md5: saltedFormat('md5'),
  unsalted_sha1: unsaltedSha1,
  unsalted_md5: unsaltedMd5,
  crypt: cryptFormat,
});
