import type * as z from 'zod';
import { DEFAULT_MEDIA_BASE_URL } from './core/upload-paths.js';
import { OPTION_SECTIONS, type ResolvedAccountsOptions } from './options.js';
import type { PasswordHashingOptions } from './passwords/password-hashing-options.js';
import type { PasswordPolicyOptions } from './passwords/password-policy.js';
import { systemTimer } from './platform/clock.js';
import { systemRandom } from './platform/random.js';
import type { PasswordResetOptions } from './reset/create-password-reset.js';
import type { AccountStorage } from './storage/storage.js';
import { storageProblems } from './storage/storage-problems.js';
import type { TokenServiceOptions } from './tokens/options.js';
import type { EmailVerificationOptions } from './verification/create-email-verification.js';

/** What {@link resolveOptions} found. @internal */
export interface OptionsResolution {
  /** Every problem of the options' outline, each as `path: problem`. */
  readonly problems: readonly string[];
  /**
   * What the token and password factories check in depth. Each is there whenever its section
   * is an object, even when the outline found other problems in it, so that those checks run
   * in the same pass and every problem is reported at once.
   */
  readonly deep: {
    readonly tokens?: TokenServiceOptions;
    readonly passwords?: PasswordHashingOptions;
    readonly policy?: PasswordPolicyOptions;
    readonly passwordReset?: PasswordResetOptions;
    readonly emailVerification?: EmailVerificationOptions;
  };
  /** The options with every default filled, once no problem was found. */
  readonly complete: ResolvedAccountsOptions | undefined;
}

type SectionName = keyof typeof OPTION_SECTIONS;
type Sections = { -readonly [K in SectionName]: z.output<(typeof OPTION_SECTIONS)[K]> };
const KNOWN_OPTIONS: ReadonlySet<string> = new Set(['storage', ...Object.keys(OPTION_SECTIONS)]);
/** Sections made of plain settings only; the others hold objects that are used as given. */
const PLAIN_SETTINGS: ReadonlySet<string> = new Set(['tokens', 'passwords', 'media']);
const HASHING_KEYS = ['preferred', 'argon2', 'pbkdf2Iterations', 'legacy'] as const;
const POLICY_KEYS = ['minLength', 'maxBytes', 'common', 'numeric', 'similarity'] as const;

const isObject = (value: unknown): value is Record<string, unknown> =>
  typeof value === 'object' && value !== null && !Array.isArray(value);

const unreadable = (where: string, error: unknown) =>
  `${where}: could not be read (${error instanceof Error ? error.message : String(error)})`;

/**
 * A shallow plain copy of an object of plain settings, made from its own keys only: so the
 * checks never read a key that is not there, which a Proxy over a strict configuration object
 * may refuse with a throw. Anything else is returned as it is.
 */
function ownSettings(value: unknown): unknown {
  if (!isObject(value)) return value;
  const copy = Object.fromEntries(Object.keys(value).map((key) => [key, value[key]]));
  return isObject(copy.policy) ? { ...copy, policy: ownSettings(copy.policy) } : copy;
}

/** The named keys that are set, and no others. */
function pick(source: Record<string, unknown>, keys: readonly string[]): Record<string, unknown> {
  return Object.fromEntries(
    keys.flatMap((key) => (source[key] === undefined ? [] : [[key, source[key]]])),
  );
}

/**
 * Check the outline of the options and fill every default. Each top-level option is checked
 * on its own, so one broken section hides nothing about the others. Never throws, not even for
 * a getter or a Proxy trap that does: problems are returned, for `createAccounts` to report
 * together with those of the in-depth token and password checks.
 * @internal
 */
export function resolveOptions(options: unknown): OptionsResolution {
  if (!isObject(options)) {
    return { problems: ['options: must be an object'], deep: {}, complete: undefined };
  }
  const problems: string[] = [];
  const raw: Record<string, unknown> = {};
  for (const name of KNOWN_OPTIONS) {
    try {
      const value = name in options ? options[name] : undefined;
      raw[name] = PLAIN_SETTINGS.has(name) ? ownSettings(value) : value;
    } catch (error) {
      problems.push(unreadable(name, error));
    }
  }
  try {
    const unknown = Object.keys(options).filter((key) => !KNOWN_OPTIONS.has(key));
    if (unknown.length > 0) {
      problems.push(`options: unknown option ${unknown.map((key) => `"${key}"`).join(', ')}`);
    }
  } catch (error) {
    problems.push(unreadable('options', error));
  }

  // Checked by reading its methods, never parsed: it is used exactly as given.
  const storageFound = 'storage' in raw ? storageProblems(raw.storage) : [];
  problems.push(...storageFound);
  const sections: Partial<Sections> = {};
  for (const name of Object.keys(OPTION_SECTIONS) as SectionName[]) {
    if (!(name in raw)) continue;
    try {
      const result = OPTION_SECTIONS[name].safeParse(raw[name]);
      if (result.success) Object.assign(sections, { [name]: result.data });
      for (const issue of result.error?.issues ?? []) {
        problems.push(`${[name, ...issue.path.map(String)].join('.')}: ${issue.message}`);
      }
    } catch (error) {
      problems.push(unreadable(name, error));
    }
  }

  // A section that failed falls back to its default here only so that the in-depth checks can
  // run; its problem is already listed, so nothing is built from the fallback.
  const random = sections.random ?? systemRandom;
  const timer = sections.timer ?? systemTimer;
  const deep: { -readonly [K in keyof OptionsResolution['deep']]: OptionsResolution['deep'][K] } =
    {};
  try {
    if (isObject(raw.tokens)) {
      const { refreshReuseGraceSeconds: _grace, ...tokens } = raw.tokens;
      const mediaBaseUrl = sections.media?.baseUrl ?? DEFAULT_MEDIA_BASE_URL;
      deep.tokens = { ...(tokens as Omit<TokenServiceOptions, 'random'>), mediaBaseUrl, random };
    }
    if (isObject(raw.passwordReset)) {
      deep.passwordReset = raw.passwordReset as unknown as PasswordResetOptions;
    }
    if (isObject(raw.emailVerification)) {
      deep.emailVerification = raw.emailVerification as unknown as EmailVerificationOptions;
    }
    if (isObject(raw.passwords)) {
      deep.passwords = { ...pick(raw.passwords, HASHING_KEYS), random, timer };
      const { policy } = raw.passwords;
      deep.policy = isObject(policy) ? pick(policy, POLICY_KEYS) : {};
    } else if (raw.passwords === undefined) {
      deep.passwords = { random, timer };
      deep.policy = {};
    }
  } catch (error) {
    // A getter or trap that throws here has almost surely thrown during the outline check too.
    if (problems.length === 0) problems.push(unreadable('options', error));
  }
  if (problems.length > 0) return { problems, deep, complete: undefined };

  // No problem, so every section parsed and every in-depth input is there.
  const s = sections as Sections;
  const complete: ResolvedAccountsOptions = {
    storage: raw.storage as AccountStorage,
    tokens: deep.tokens as TokenServiceOptions,
    refreshReuseGraceSeconds: s.tokens.refreshReuseGraceSeconds,
    passwords: deep.passwords as PasswordHashingOptions,
    policy: deep.policy as PasswordPolicyOptions,
    acceptTrimmedPasswords: s.passwords.acceptTrimmed ?? false,
    media: { ...s.media, storage: s.media.storage ?? null },
    dateStyle: s.dateStyle,
    followPageSize: s.followPageSize,
    usernames:
      s.usernames.refuseMixedScripts === undefined
        ? {}
        : { refuseMixedScripts: s.usernames.refuseMixedScripts },
    sessionAddress: s.sessions.address,
    clock: s.clock,
    random: s.random,
    logger: s.logger,
    throttle: s.throttle ?? null,
    events: s.events ?? null,
  };
  return { problems, deep, complete };
}
