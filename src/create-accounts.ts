import { ConfigurationError, ValidationError } from './errors/errors.js';
import { createLocalMediaStorage } from './media/local-media-storage.js';
import type { AccountsOptions } from './options.js';
import { createPasswordHashing } from './passwords/create-password-hashing.js';
import { createPasswordPolicy } from './passwords/password-policy.js';
import { createPasswordReset, type PasswordReset } from './reset/create-password-reset.js';
import { requestPasswordReset } from './reset/request-password-reset.js';
import { resetPassword } from './reset/reset-password.js';
import { resolveOptions } from './resolve-options.js';
import type { Accounts } from './services/accounts.js';
import { authenticate } from './services/authenticate.js';
import { calibratePasswords } from './services/calibrate-passwords.js';
import { clearImage } from './services/clear-image.js';
import { deleteAccount } from './services/delete-account.js';
import type { AccountsDeps } from './services/deps.js';
import { endSession } from './services/end-session.js';
import { follow } from './services/follow.js';
import { listFollowers, listFollowing } from './services/follow-lists.js';
import { listSessions } from './services/list-sessions.js';
import { login } from './services/login.js';
import { logout } from './services/logout.js';
import { logoutEverywhere } from './services/logout-everywhere.js';
import { pruneRefreshTokens } from './services/prune-refresh-tokens.js';
import { recount } from './services/recount.js';
import { refresh } from './services/refresh.js';
import { register } from './services/register.js';
import { setImage } from './services/set-image.js';
import { toggleFollow } from './services/toggle-follow.js';
import { unfollow } from './services/unfollow.js';
import { updateProfile } from './services/update-profile.js';
import { getMe, getUserDetail } from './services/user-detail.js';
import { verifyToken } from './services/verify-token.js';
import { createTokenService } from './tokens/create-token-service.js';
import {
  createEmailVerification,
  type EmailVerification,
} from './verification/create-email-verification.js';
import { requestEmailVerification } from './verification/request-email-verification.js';
import { verifyEmail } from './verification/verify-email.js';

export type { Accounts };

/**
 * Build the account service. Every option is validated here, once, and every problem is
 * reported together; signing keys are imported here too (WebCrypto import is asynchronous,
 * hence the promise), so nothing about the configuration can fail at request time.
 *
 * @returns A frozen {@link Accounts}.
 * @throws ConfigurationError `CONFIGURATION_ERROR` (as a rejection) listing every problem:
 *   missing storage, a signing secret under 32 bytes, a leeway over 300 s, Argon2 below
 *   OWASP's minimum, an unknown option...
 * @example
 * ```ts
 * import { createAccounts } from 'accountkit';
 * import { createMemoryStorage } from 'accountkit/storage/memory';
 *
 * const accounts = await createAccounts({
 *   storage: createMemoryStorage(),
 *   tokens: { keys: process.env.JWT_SECRET! },
 * });
 * const { user, tokens } = await accounts.register({ username: 'alice', password: 'correct horse battery' });
 * const session = await accounts.authenticate(tokens.access);
 * await accounts.getMe({ userId: session.userId });
 * ```
 */
export async function createAccounts(options: AccountsOptions): Promise<Accounts> {
  const { problems: outline, deep, complete } = resolveOptions(options);
  // The in-depth checks run whatever the outline found, so one rejection lists every problem:
  // none is revealed only after another is fixed.
  // The token service also imports its keys here, so an unusable PEM or JWK is one of them.
  const [hashing, rules, signer, resets, verifications] = await Promise.all([
    checkSection(deep.passwords, 'passwords', createPasswordHashing),
    checkSection(deep.policy, 'passwords.policy', createPasswordPolicy),
    checkSection(deep.tokens, 'tokens', createTokenService),
    checkSection(deep.passwordReset, 'passwordReset', createPasswordReset),
    checkSection(deep.emailVerification, 'emailVerification', createEmailVerification),
  ]);
  const sections = [hashing, rules, signer, resets, verifications];
  const problems = [...outline, ...sections.flatMap((checked) => checked.problems)];
  const passwords = hashing.value;
  const policy = rules.value;
  const tokens = signer.value;
  if (
    problems.length > 0 ||
    complete === undefined ||
    passwords === undefined ||
    policy === undefined ||
    tokens === undefined
  ) {
    const cause = sections.find((checked) => 'cause' in checked)?.cause;
    throw new ConfigurationError(problems, cause === undefined ? {} : { cause });
  }
  const { media } = complete;

  const deps: AccountsDeps = {
    storage: complete.storage,
    passwords,
    checkPassword: (password, user) => {
      const issues = policy.check(password, user);
      if (issues.length > 0) throw new ValidationError(issues);
    },
    tokens,
    media: media.storage ?? createLocalMediaStorage({ root: media.root }),
    clock: complete.clock,
    random: complete.random,
    logger: complete.logger,
    throttle: complete.throttle,
    events: complete.events,
    settings: Object.freeze({
      dateStyle: complete.dateStyle,
      mediaUrl: media.baseUrl,
      defaultCoverImage: media.defaultCoverImage,
      maxImageBytes: media.maxBytes,
      refreshReuseGraceSeconds: complete.refreshReuseGraceSeconds,
      acceptTrimmedPasswords: complete.acceptTrimmedPasswords,
      followPageSize: complete.followPageSize,
      usernameRules: complete.usernames,
      sessionAddress: complete.sessionAddress,
      requireVerifiedEmail: verifications.value?.requiredForLogin ?? false,
    }),
  };

  // Typed by the interface, so each method's parameters are stated once, in `Accounts`.
  const accounts: Accounts = {
    register: (input, context) => register(deps, input, context),
    login: (input, context) => login(deps, input, context),
    authenticate: (accessToken) => authenticate(deps, accessToken),
    refresh: (input, context) => refresh(deps, input, context),
    logout: (input) => logout(deps, input),
    logoutEverywhere: (input) => logoutEverywhere(deps, input),
    listSessions: (input) => listSessions(deps, input),
    endSession: (input) => endSession(deps, input),
    verifyToken: (input) => verifyToken(deps, input),
    getMe: (input) => getMe(deps, input),
    getUserDetail: (input) => getUserDetail(deps, input),
    updateProfile: (input) => updateProfile(deps, input),
    follow: (input) => follow(deps, input),
    unfollow: (input) => unfollow(deps, input),
    toggleFollow: (input) => toggleFollow(deps, input),
    listFollowers: (input) => listFollowers(deps, input),
    listFollowing: (input) => listFollowing(deps, input),
    setProfileImage: (input) => setImage(deps, 'profile', input),
    setCoverImage: (input) => setImage(deps, 'cover', input),
    clearProfileImage: (input) => clearImage(deps, 'profile', input),
    clearCoverImage: (input) => clearImage(deps, 'cover', input),
    deleteAccount: (input) => deleteAccount(deps, input),
    recount: () => recount(deps),
    pruneRefreshTokens: () => pruneRefreshTokens(deps),
    jwks: () => deps.tokens.jwks(),
    calibratePasswords: (input) => calibratePasswords(deps, input),
    requestPasswordReset: async (input, context) =>
      requestPasswordReset(deps, input, configured(resets.value), context),
    resetPassword: async (input, context) =>
      resetPassword(deps, input, configured(resets.value), context),
    requestEmailVerification: async (input, context) =>
      requestEmailVerification(deps, input, verifying(verifications.value), context),
    verifyEmail: async (input, context) =>
      verifyEmail(deps, input, verifying(verifications.value), context),
  };
  return Object.freeze(accounts);
}

/** The reset settings, or the error of a service built without them. */
function configured(reset: PasswordReset | undefined): PasswordReset {
  if (reset === undefined) {
    throw new ConfigurationError([
      'passwordReset is not configured: pass createAccounts({ passwordReset: { secret, mailer, link } })',
    ]);
  }
  return reset;
}

/** The verification settings, or the error of a service built without them. */
function verifying(verification: EmailVerification | undefined): EmailVerification {
  if (verification === undefined) {
    throw new ConfigurationError([
      'emailVerification is not configured: pass createAccounts({ emailVerification: { secret, mailer, link } })',
    ]);
  }
  return verification;
}

interface Checked<T> {
  readonly value?: T;
  readonly problems: readonly string[];
  /** What a factory threw that was not a `ConfigurationError`. */
  readonly cause?: unknown;
}

/**
 * Build one section with its factory, keeping the factory's configuration problems instead of
 * stopping at the first part; each is prefixed with `where` unless the factory named the
 * section itself. A section that is not even an object is skipped: its problem is already listed.
 * Whatever else the factory throws (a getter or Proxy trap inside the options that throws) is
 * a problem of that section too, kept as the cause.
 */
async function checkSection<S, T>(
  section: S | undefined,
  where: string,
  build: (section: S) => T | Promise<T>,
): Promise<Checked<T>> {
  if (section === undefined) return { problems: [] };
  const prefix = (problems: readonly string[]) =>
    problems.map((problem) =>
      problem.startsWith(`${where}.`) || problem.startsWith(`${where}:`)
        ? problem
        : `${where}: ${problem}`,
    );
  try {
    return { value: await build(section), problems: [] };
  } catch (error) {
    if (error instanceof ConfigurationError) return { problems: prefix(error.problems) };
    const message = error instanceof Error ? error.message : String(error);
    return { problems: prefix([`could not be checked (${message})`]), cause: error };
  }
}
