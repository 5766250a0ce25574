import { ConfigurationError, ValidationError } from './errors/errors.js';
import { createLocalMediaStorage } from './media/local-media-storage.js';
import { type AccountsOptions, resolveOptions } from './options.js';
import { createPasswordHashing } from './passwords/create-password-hashing.js';
import { createPasswordPolicy } from './passwords/password-policy.js';
import type { Accounts } from './services/accounts.js';
import { authenticate } from './services/authenticate.js';
import { clearImage } from './services/clear-image.js';
import { deleteAccount } from './services/delete-account.js';
import type { AccountsDeps } from './services/deps.js';
import { follow } from './services/follow.js';
import { listFollowers, listFollowing } from './services/follow-lists.js';
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
import { parseTokenOptions } from './tokens/options.js';

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
  const resolved = resolveOptions(options);
  const hashing = collectProblems(() => createPasswordHashing(resolved.passwords));
  const rules = collectProblems(() => createPasswordPolicy(resolved.policy));
  const tokenCheck = collectProblems(() => parseTokenOptions(resolved.tokens));
  const problems = [...hashing.problems, ...rules.problems, ...tokenCheck.problems];
  const passwords = hashing.value;
  const policy = rules.value;
  if (problems.length > 0 || passwords === undefined || policy === undefined) {
    throw new ConfigurationError(problems);
  }

  const deps: AccountsDeps = {
    storage: resolved.storage,
    passwords,
    checkPassword: (password, user) => {
      const issues = policy.check(password, user);
      if (issues.length > 0) throw new ValidationError(issues);
    },
    tokens: await createTokenService(resolved.tokens),
    media: resolved.media.storage ?? createLocalMediaStorage({ root: resolved.media.root }),
    clock: resolved.clock,
    random: resolved.random,
    logger: resolved.logger,
    throttle: resolved.throttle,
    settings: Object.freeze({
      dateStyle: resolved.dateStyle,
      mediaUrl: resolved.media.baseUrl,
      defaultCoverImage: resolved.media.defaultCoverImage,
      maxImageBytes: resolved.media.maxBytes,
      refreshReuseGraceSeconds: resolved.refreshReuseGraceSeconds,
      acceptTrimmedPasswords: resolved.acceptTrimmedPasswords,
      followPageSize: resolved.followPageSize,
    }),
  };

  // Typed by the interface, so each method's parameters are stated once, in `Accounts`.
  const accounts: Accounts = {
    register: (input, context) => register(deps, input, context),
    login: (input, context) => login(deps, input, context),
    authenticate: (accessToken) => authenticate(deps, accessToken),
    refresh: (input) => refresh(deps, input),
    logout: (input) => logout(deps, input),
    logoutEverywhere: (input) => logoutEverywhere(deps, input),
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
  };
  return Object.freeze(accounts);
}

/** Run a factory, keeping its configuration problems instead of stopping at the first part. */
function collectProblems<T>(build: () => T): { value?: T; problems: readonly string[] } {
  try {
    return { value: build(), problems: [] };
  } catch (error) {
    if (error instanceof ConfigurationError) return { problems: error.problems };
    throw error;
  }
}
