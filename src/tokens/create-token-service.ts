import { AuthenticationError } from '../errors/errors.js';
import type { UserRecord } from '../storage/storage.js';
import { buildPayload, encodePayload } from './claims.js';
import { importKeyRing, type KeyRing } from './keys.js';
import { parseTokenOptions, type TokenConfig, type TokenServiceOptions } from './options.js';
import type { IssuedPair, TokenService, TokenType } from './token-service.js';
import { verifyToken } from './verify-token.js';

/** 128 bits, as SimpleJWT's `uuid4().hex` is long (but all of them random). */
const ID_BYTES = 16;

function randomHex(config: TokenConfig): string {
  const bytes = config.random.bytes(ID_BYTES);
  if (bytes.length !== ID_BYTES) throw new TypeError(`RandomSource returned ${bytes.length} bytes`);
  return Buffer.from(bytes.buffer, bytes.byteOffset, bytes.length).toString('hex');
}

async function issuePair(
  ring: KeyRing,
  config: TokenConfig,
  user: UserRecord,
  now: Date,
  family?: { readonly familyId: string; readonly parentJti: string },
): Promise<IssuedPair> {
  const issuedAt = Math.floor(now.getTime() / 1000);
  if (!Number.isFinite(issuedAt)) throw new TypeError('now must be a valid Date');
  if (!Number.isSafeInteger(user.id) || user.id <= 0)
    throw new TypeError('user.id must be a positive integer');
  if (!Number.isSafeInteger(user.tokenVersion) || user.tokenVersion < 0) {
    throw new TypeError('user.tokenVersion must be a non-negative integer');
  }
  // Defence in depth: SimpleJWT let inactive users mint tokens (CVE-2024-22513).
  if (!user.isActive) throw new AuthenticationError('USER_INACTIVE', 'User is inactive.');

  // Drawn in a fixed order so that the same random bytes always give the same tokens.
  const familyId = family?.familyId ?? randomHex(config);
  const refreshJti = randomHex(config);
  const accessJti = randomHex(config);
  const claims = (tokenType: TokenType, jti: string, lifetime: number) =>
    buildPayload(
      {
        tokenType,
        user,
        issuedAt,
        expiresAt: issuedAt + lifetime,
        jti,
        familyId,
      },
      config.claims,
    );
  const signedAccess = ring.sign(
    encodePayload(claims('access', accessJti, config.accessLifetimeSeconds)),
  );
  const signedRefresh = ring.sign(
    encodePayload(claims('refresh', refreshJti, config.refreshLifetimeSeconds)),
  );
  // HS256 signs synchronously; only an asynchronous signer is worth a turn of waiting.
  const [access, refresh] =
    typeof signedAccess === 'string' && typeof signedRefresh === 'string'
      ? [signedAccess, signedRefresh]
      : await Promise.all([signedAccess, signedRefresh]);
  return {
    access,
    refresh,
    refreshRecord: {
      jti: refreshJti,
      familyId,
      userId: user.id,
      parentJti: family?.parentJti ?? null,
      issuedAt: new Date(issuedAt * 1000),
      expiresAt: new Date((issuedAt + config.refreshLifetimeSeconds) * 1000),
    },
  };
}

/**
 * Create the token signer/verifier. Options are validated and every key is imported once,
 * here, so nothing is parsed or imported per request.
 *
 * Tokens keep SimpleJWT's wire format (header `{"alg":"HS256","typ":"JWT"}` with a bare secret,
 * claims `token_type`, `exp`, `iat`, `jti`, `user_id`, `username`, `profile_pic` in that order)
 * and add `ver` (token version) and, on refresh tokens, `fam` (family id).
 *
 * @returns A frozen {@link TokenService}.
 * @throws ConfigurationError `CONFIGURATION_ERROR` (as a rejection) for unusable options: an
 *   HS256 secret under 32 bytes or a placeholder such as `"secret"`, a leeway outside 0–300 s,
 *   non-finite or non-integer lifetimes, duplicate `kid`s, a key that cannot be imported.
 *
 * @example
 * ```ts
 * const tokens = await createTokenService({ keys: process.env.JWT_SECRET!, random: systemRandom });
 * const pair = await tokens.issuePair(user, clock.now());
 * const verified = await tokens.verify(pair.access, 'access', clock.now());
 * ```
 */
export async function createTokenService(options: TokenServiceOptions): Promise<TokenService> {
  const config = parseTokenOptions(options);
  const ring = await importKeyRing(config);
  return Object.freeze({
    issuePair: (user: UserRecord, now: Date, family?: { familyId: string; parentJti: string }) =>
      issuePair(ring, config, user, now, family),
    verify: (token: string, expectedType: TokenType, now: Date) =>
      verifyToken(ring, config, token, expectedType, now),
    jwks: async () => (ring.jwks === null ? null : { keys: ring.jwks.map((jwk) => ({ ...jwk })) }),
  });
}
