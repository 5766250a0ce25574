import { timingSafeEqual } from 'node:crypto';
import { type Algorithm, hashRaw, type Version } from '@node-rs/argon2';
import { ConfigurationError } from '../errors/errors.js';
import { type RandomSource, systemRandom } from '../platform/random.js';
import {
  decodeBase64NoPad,
  encodeBase64NoPad,
  generateSalt,
  isSaltTooWeak,
  parseCount,
} from './django-encoding.js';
import type { PasswordHasher } from './password-hashing.js';

/** Argon2 cost parameters, as in the PHC string (`m=`, `t=`, `p=`). */
export interface Argon2Parameters {
  /** Memory in KiB (`m`). */
  readonly memoryKiB: number;
  /** Passes over memory (`t`). */
  readonly iterations: number;
  /** Lanes (`p`). */
  readonly parallelism: number;
}

/** OWASP's recommended minimum for Argon2id: 19 MiB, 2 passes, 1 lane. */
export const ARGON2_DEFAULTS: Argon2Parameters = Object.freeze({
  memoryKiB: 19_456,
  iterations: 2,
  parallelism: 1,
});

/** Options of {@link createArgon2Hasher}. */
export interface Argon2HasherOptions extends Partial<Argon2Parameters> {
  /** Where salts come from. Default {@link systemRandom}. */
  readonly random?: RandomSource;
}

// Numeric values of @node-rs/argon2's const enums (ambient const enums cannot be read under
// isolatedModules).
const VARIETIES: ReadonlyMap<string, Algorithm> = new Map([
  ['argon2d', 0 as Algorithm],
  ['argon2i', 1 as Algorithm],
  ['argon2id', 2 as Algorithm],
]);
const VERSIONS: ReadonlyMap<string, Version> = new Map([
  ['16', 0 as Version],
  ['19', 1 as Version],
]);
const ARGON2ID = 2 as Algorithm;
const VERSION_19 = 1 as Version;

/** argon2-cffi's current default output length (Django 3.2's older argon2-cffi wrote 16). */
const HASH_BYTES = 32;

/**
 * The largest parameters accountkit writes or reads; stored values above them are treated as
 * malformed, so a corrupted row cannot make one login allocate gigabytes. Django's own default
 * (m=102400, t=2, p=8) is well inside.
 */
export const ARGON2_MAX_PARAMETERS: Argon2Parameters = Object.freeze({
  memoryKiB: 262_144,
  iterations: 64,
  parallelism: 64,
});

interface Argon2Parts {
  readonly algorithm: Algorithm;
  readonly version: Version;
  readonly memoryKiB: number;
  readonly iterations: number;
  readonly parallelism: number;
  readonly salt: Buffer;
  readonly hash: Buffer;
}

/**
 * Argon2 in Django's encoding: `argon2$argon2id$v=19$m=19456,t=2,p=1$<salt>$<hash>` (base64
 * without padding), which Django with argon2-cffi verifies as is. Writes Argon2id with
 * {@link ARGON2_DEFAULTS} unless told otherwise; reads argon2id, argon2i and argon2d, with or
 * without the `v=` field (its absence means version 16, as argon2-cffi reads it). Runs on
 * `@node-rs/argon2` (prebuilt binary, off the main thread).
 *
 * Salts are 22 letters and digits used as bytes, exactly as Django makes them.
 *
 * This factory checks only that the parameters are usable; OWASP's floor is enforced by
 * `createPasswordHashing` on its own options, so a cheaper hasher built here can serve
 * tests or be wrapped (metrics, counting) and passed as `preferred`.
 *
 * @throws {ConfigurationError} `CONFIGURATION_ERROR` when a parameter is not an integer in
 * range (memory 8·p to 262,144 KiB, passes 1 to 64, lanes 1 to 64).
 *
 * @example
 * ```ts
 * const hasher = createArgon2Hasher();
 * const encoded = await hasher.hash('correct horse battery staple');
 * hasher.needsRehash(encoded); // false
 * ```
 */
export function createArgon2Hasher(options: Argon2HasherOptions = {}): PasswordHasher {
  const memoryKiB = options.memoryKiB ?? ARGON2_DEFAULTS.memoryKiB;
  const iterations = options.iterations ?? ARGON2_DEFAULTS.iterations;
  const parallelism = options.parallelism ?? ARGON2_DEFAULTS.parallelism;
  const random = options.random ?? systemRandom;
  const problems = argon2ParameterProblems({ memoryKiB, iterations, parallelism });
  if (problems.length > 0) throw new ConfigurationError(problems);

  return Object.freeze({
    algorithm: 'argon2',
    async hash(password: string): Promise<string> {
      const salt = Buffer.from(generateSalt(random), 'ascii');
      const hash = await hashRaw(password, {
        algorithm: ARGON2ID,
        version: VERSION_19,
        memoryCost: memoryKiB,
        timeCost: iterations,
        parallelism,
        outputLen: HASH_BYTES,
        salt,
      });
      const params = `m=${memoryKiB},t=${iterations},p=${parallelism}`;
      return `argon2$argon2id$v=19$${params}$${encodeBase64NoPad(salt)}$${encodeBase64NoPad(hash)}`;
    },
    async verify(password: string, encoded: string): Promise<boolean> {
      const parts = typeof encoded === 'string' ? parseArgon2(encoded) : null;
      if (parts === null || typeof password !== 'string') return false;
      const hash = await hashRaw(password, {
        algorithm: parts.algorithm,
        version: parts.version,
        memoryCost: parts.memoryKiB,
        timeCost: parts.iterations,
        parallelism: parts.parallelism,
        outputLen: parts.hash.length,
        salt: parts.salt,
      });
      return timingSafeEqual(hash, parts.hash);
    },
    needsRehash(encoded: string): boolean {
      const parts = parseArgon2(encoded);
      return (
        parts === null ||
        parts.algorithm !== ARGON2ID ||
        parts.version !== VERSION_19 ||
        parts.memoryKiB !== memoryKiB ||
        parts.iterations !== iterations ||
        parts.parallelism !== parallelism ||
        isSaltTooWeak(parts.salt.toString('latin1'))
      );
    },
  });
}

/**
 * What is wrong with `params` as parameters accountkit writes: each must be an integer within
 * {@link ARGON2_MAX_PARAMETERS}, with at least 8 KiB per lane (Argon2's own rule).
 * @internal
 */
export function argon2ParameterProblems(params: Argon2Parameters): string[] {
  const problems: string[] = [];
  for (const key of ['memoryKiB', 'iterations', 'parallelism'] as const) {
    const value = params[key];
    if (!Number.isSafeInteger(value) || value < 1 || value > ARGON2_MAX_PARAMETERS[key]) {
      problems.push(`argon2.${key} must be an integer from 1 to ${ARGON2_MAX_PARAMETERS[key]}`);
    }
  }
  if (problems.length === 0 && params.memoryKiB < 8 * params.parallelism) {
    problems.push('argon2.memoryKiB must be at least 8 × parallelism');
  }
  return problems;
}

/** Reads Django's argon2 layouts; null for anything argon2-cffi would refuse. @internal */
function parseArgon2(encoded: string): Argon2Parts | null {
  const fields = encoded.split('$');
  // Old argon2-cffi omitted `v=`: argon2$argon2i$m=..,t=..,p=..$salt$hash.
  if (fields.length === 5) fields.splice(2, 0, 'v=16');
  const [name, variety, versionField, paramsField, saltField, hashField] = fields;
  const algorithm = VARIETIES.get(variety ?? '');
  const version = versionField?.startsWith('v=') ? VERSIONS.get(versionField.slice(2)) : undefined;
  if (
    fields.length !== 6 ||
    name !== 'argon2' ||
    algorithm === undefined ||
    version === undefined
  ) {
    return null;
  }
  const params = /^m=(\d+),t=(\d+),p=(\d+)$/.exec(paramsField ?? '');
  const memoryKiB = parseCount(params?.[1], ARGON2_MAX_PARAMETERS.memoryKiB);
  const iterations = parseCount(params?.[2], ARGON2_MAX_PARAMETERS.iterations);
  const parallelism = parseCount(params?.[3], ARGON2_MAX_PARAMETERS.parallelism);
  const salt = decodeBase64NoPad(saltField ?? '');
  const hash = decodeBase64NoPad(hashField ?? '');
  if (memoryKiB === null || iterations === null || parallelism === null) return null;
  // Argon2's own limits: salt >= 8 bytes, tag >= 4 bytes, memory >= 8 KiB per lane.
  if (salt === null || salt.length < 8 || hash === null || hash.length < 4) return null;
  if (memoryKiB < 8 * parallelism) return null;
  return { algorithm, version, memoryKiB, iterations, parallelism, salt, hash };
}
