import { ConfigurationError } from '../errors/errors.js';
import { systemTimer, type Timer } from '../platform/clock.js';
import { type RandomSource, systemRandom } from '../platform/random.js';
import {
  ARGON2_DEFAULTS,
  type Argon2Parameters,
  argon2ParameterProblems,
  createArgon2Hasher,
} from './argon2-hasher.js';
import { LEGACY_ALGORITHMS, type LegacyAlgorithm } from './legacy-formats.js';
import type { PasswordHasher } from './password-hashing.js';
import {
  createPbkdf2Hasher,
  PBKDF2_MAX_ITERATIONS,
  PBKDF2_MIN_ITERATIONS,
} from './pbkdf2-hasher.js';

/** Options of {@link createPasswordHashing}. Validated once, at construction. */
export interface PasswordHashingOptions {
  /**
   * The hasher for new passwords and the target of upgrades: `argon2` (default, Argon2id),
   * `pbkdf2_sha256` (FIPS, or a Django fleet without argon2), or your own {@link PasswordHasher}.
   */
  readonly preferred?: 'argon2' | 'pbkdf2_sha256' | PasswordHasher;
  /** Argon2id cost when `preferred` is `argon2`; at least OWASP's minimum. Default {@link ARGON2_DEFAULTS}. */
  readonly argon2?: Partial<Argon2Parameters>;
  /** PBKDF2 iterations when `preferred` is `pbkdf2_sha256`; 600,000 to 10,000,000. Default 600,000. */
  readonly pbkdf2Iterations?: number;
  /**
   * Also read Django's broken formats (salted `sha1`/`md5`, unsalted MD5/SHA-1, `crypt`):
   * `true` for all of them, or a list. They verify, then always ask for a re-hash. Default none.
   */
  readonly legacy?: boolean | readonly LegacyAlgorithm[];
  /** Where salts come from. Default {@link systemRandom}. */
  readonly random?: RandomSource;
  /**
   * What times hashes and holds failed logins to the failure floor. Default {@link systemTimer};
   * inject a virtual one in tests.
   */
  readonly timer?: Timer;
}

/** @internal */
export interface PasswordHashingConfig {
  readonly preferred: PasswordHasher;
  readonly legacy: readonly LegacyAlgorithm[];
  readonly random: RandomSource;
  readonly timer: Timer;
}

const ALGORITHM_NAME = /^[a-z][a-z0-9_]*$/;

/**
 * Checks every option, collecting every problem, and builds the preferred hasher.
 * @throws {ConfigurationError} `CONFIGURATION_ERROR` listing each problem.
 * @internal
 */
export function parsePasswordHashingOptions(
  options: PasswordHashingOptions,
): PasswordHashingConfig {
  const problems: string[] = [];
  const random = options.random ?? systemRandom;
  if (typeof random?.bytes !== 'function') problems.push('random must have a bytes(length) method');
  const timer = options.timer ?? systemTimer;
  if (typeof timer?.now !== 'function' || typeof timer.sleep !== 'function') {
    problems.push('timer must have now() and sleep(ms) methods');
  }
  const preferred = options.preferred ?? 'argon2';
  if (options.argon2 !== undefined && preferred !== 'argon2') {
    problems.push('argon2 options apply only when preferred is "argon2"');
  }
  if (options.pbkdf2Iterations !== undefined && preferred !== 'pbkdf2_sha256') {
    problems.push('pbkdf2Iterations applies only when preferred is "pbkdf2_sha256"');
  }
  const legacy = parseLegacy(options.legacy, problems);
  let hasher: PasswordHasher | undefined;
  if (preferred === 'argon2') {
    const params = { ...ARGON2_DEFAULTS, ...options.argon2 };
    if (checkArgon2(params, problems)) hasher = createArgon2Hasher({ ...params, random });
  } else if (preferred === 'pbkdf2_sha256') {
    const iterations = options.pbkdf2Iterations ?? PBKDF2_MIN_ITERATIONS;
    if (!isIntegerIn(iterations, PBKDF2_MIN_ITERATIONS, PBKDF2_MAX_ITERATIONS)) {
      problems.push(`pbkdf2Iterations must be an integer from 600000 to ${PBKDF2_MAX_ITERATIONS}`);
    } else hasher = createPbkdf2Hasher({ iterations, random });
  } else if (isPasswordHasher(preferred)) {
    hasher = preferred;
  } else {
    problems.push('preferred must be "argon2", "pbkdf2_sha256" or a PasswordHasher');
  }
  if (problems.length > 0 || hasher === undefined) throw new ConfigurationError(problems);
  return { preferred: hasher, legacy, random, timer };
}

function parseLegacy(
  legacy: PasswordHashingOptions['legacy'],
  problems: string[],
): readonly LegacyAlgorithm[] {
  if (legacy === undefined || legacy === false) return [];
  if (legacy === true) return LEGACY_ALGORITHMS;
  const known: readonly string[] = LEGACY_ALGORITHMS;
  if (!Array.isArray(legacy) || legacy.some((name) => !known.includes(name))) {
    problems.push(`legacy must be a boolean or a list of ${LEGACY_ALGORITHMS.join(', ')}`);
    return [];
  }
  return legacy;
}

/**
 * OWASP's Argon2id table trades memory for passes: 46 MiB × 1, 19 MiB × 2, 12 MiB × 3,
 * 9 MiB × 4, 7 MiB × 5. Every row has memory ≥ 7 MiB and memory × passes ≥ 35,840 KiB.
 */
function checkArgon2(params: Argon2Parameters, problems: string[]): boolean {
  const found = argon2ParameterProblems(params);
  if (
    found.length === 0 &&
    (params.memoryKiB < 7_168 || params.memoryKiB * params.iterations < 35_840)
  ) {
    found.push(
      'argon2 parameters are below OWASP minimum (e.g. memoryKiB 19456 with iterations 2)',
    );
  }
  problems.push(...found);
  return found.length === 0;
}

function isIntegerIn(value: unknown, min: number, max: number): value is number {
  return Number.isSafeInteger(value) && (value as number) >= min && (value as number) <= max;
}

function isPasswordHasher(value: unknown): value is PasswordHasher {
  const hasher = value as Partial<PasswordHasher> | null;
  return (
    typeof hasher === 'object' &&
    hasher !== null &&
    typeof hasher.algorithm === 'string' &&
    ALGORITHM_NAME.test(hasher.algorithm) &&
    typeof hasher.hash === 'function' &&
    typeof hasher.verify === 'function' &&
    typeof hasher.needsRehash === 'function'
  );
}
