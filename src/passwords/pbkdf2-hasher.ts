import { pbkdf2 } from 'node:crypto';
import { ConfigurationError } from '../errors/errors.js';
import { type RandomSource, systemRandom } from '../platform/random.js';
import { constantTimeEqual, generateSalt, isSaltTooWeak, parseCount } from './django-encoding.js';
import type { PasswordHasher } from './password-hashing.js';

/** Django's PBKDF2 algorithms and the digest each uses. */
const DIGESTS: Readonly<Record<Pbkdf2Algorithm, string>> = {
  pbkdf2_sha256: 'sha256',
  pbkdf2_sha1: 'sha1',
};

/** Django's name of a PBKDF2 format: `pbkdf2_sha256` or `pbkdf2_sha1`. */
export type Pbkdf2Algorithm = 'pbkdf2_sha256' | 'pbkdf2_sha1';

/** OWASP's 2023 floor for PBKDF2-HMAC-SHA256, also Django 4.2's default. */
export const PBKDF2_MIN_ITERATIONS = 600_000;

/**
 * The largest count accountkit writes or reads; stored counts above it are treated as
 * malformed, so a corrupted row cannot pin a CPU for minutes. Ten times Django 5.2's default.
 */
export const PBKDF2_MAX_ITERATIONS = 10_000_000;

/** Options of {@link createPbkdf2Hasher}. */
export interface Pbkdf2HasherOptions {
  /** Which Django format to read and write. Default `pbkdf2_sha256`. */
  readonly algorithm?: Pbkdf2Algorithm;
  /** Iterations for new hashes; the reference for {@link PasswordHasher.needsRehash}. */
  readonly iterations?: number;
  /** Where salts come from. Default {@link systemRandom}. */
  readonly random?: RandomSource;
}

interface Pbkdf2Parts {
  readonly iterations: number;
  readonly salt: string;
}

/**
 * A PBKDF2 hasher in Django's encoding, `pbkdf2_sha256$<iterations>$<salt>$<base64 hash>`,
 * on node:crypto (FIPS-approved, no native add-on). Verifies any iteration count up to ten
 * million, at that count's cost: the registry's failure floor, not extra iterations, makes a
 * failed check of a cheaper value last as long as any other.
 *
 * Values are compared exactly as Django re-encodes them, so a count written `0260000` or a
 * missing salt never verifies (Django raises or answers false there).
 *
 * This factory accepts any count from 1 (for tests, or to wrap and pass as `preferred`);
 * the 600,000 floor is enforced by `createPasswordHashing` on its own options.
 *
 * @throws {ConfigurationError} `CONFIGURATION_ERROR` when `iterations` is not an integer from
 * 1 to 10,000,000 or `algorithm` is not a PBKDF2 format.
 *
 * @example
 * ```ts
 * const hasher = createPbkdf2Hasher({ iterations: 1_000_000 });
 * const encoded = await hasher.hash('correct horse battery staple');
 * await hasher.verify('correct horse battery staple', encoded); // true
 * ```
 */
export function createPbkdf2Hasher(options: Pbkdf2HasherOptions = {}): PasswordHasher {
  const algorithm = options.algorithm ?? 'pbkdf2_sha256';
  const digest = Object.hasOwn(DIGESTS, algorithm) ? DIGESTS[algorithm] : undefined;
  const iterations = options.iterations ?? PBKDF2_MIN_ITERATIONS;
  const random = options.random ?? systemRandom;
  if (digest === undefined) throw new ConfigurationError(['algorithm must be a PBKDF2 format']);
  if (!Number.isSafeInteger(iterations) || iterations < 1 || iterations > PBKDF2_MAX_ITERATIONS) {
    throw new ConfigurationError([
      `pbkdf2 iterations must be an integer from 1 to ${PBKDF2_MAX_ITERATIONS}`,
    ]);
  }

  const encode = async (password: string, salt: string, count: number): Promise<string> => {
    const hash = await derive(password, salt, count, digest);
    return `${algorithm}$${count}$${salt}$${hash.toString('base64')}`;
  };

  const parse = (encoded: string): Pbkdf2Parts | null => {
    const [name, count, salt, hash] = encoded.split('$');
    const parsed = parseCount(count, PBKDF2_MAX_ITERATIONS);
    if (name !== algorithm || parsed === null || !salt || hash === undefined) return null;
    return { iterations: parsed, salt };
  };

  return Object.freeze({
    algorithm,
    hash: (password: string) => encode(password, generateSalt(random), iterations),
    async verify(password: string, encoded: string): Promise<boolean> {
      const parts = typeof encoded === 'string' ? parse(encoded) : null;
      if (parts === null || typeof password !== 'string') return false;
      return constantTimeEqual(encoded, await encode(password, parts.salt, parts.iterations));
    },
    needsRehash(encoded: string): boolean {
      const parts = parse(encoded);
      return parts === null || parts.iterations !== iterations || isSaltTooWeak(parts.salt);
    },
  });
}

/** node:crypto's PBKDF2, looked up at call time so the work stays observable. @internal */
function derive(password: string, salt: string, iterations: number, digest: string) {
  return new Promise<Buffer>((resolve, reject) => {
    // dklen 0 is not allowed; Django uses the digest size (32 or 20 bytes).
    pbkdf2(password, salt, iterations, digest === 'sha1' ? 20 : 32, digest, (error, key) =>
      error ? reject(error) : resolve(key),
    );
  });
}
