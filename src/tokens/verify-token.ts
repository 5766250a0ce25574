import { isUtf8 } from 'node:buffer';
import { candidateKeys } from './candidate-keys.js';
import type { KeyRing, VerifyingKey } from './keys.js';
import type { TokenConfig } from './options.js';
import { readClaims } from './read-claims.js';
import { expiredToken, invalidToken } from './token-errors.js';
import type { TokenType, VerifiedToken } from './token-service.js';

/** Well under the 8 KiB header limits of common proxies; longer input is never parsed. */
const MAX_TOKEN_LENGTH = 8_192;
/** Exactly three base64url parts with a non-empty signature: no JWE, no unsecured JWS. */
const COMPACT_JWS = /^[A-Za-z0-9_-]+\.[A-Za-z0-9_-]+\.[A-Za-z0-9_-]+$/;
/**
 * A base64url part decoded to a JSON object; anything else, malformed UTF-8 included, makes
 * the token invalid. `isUtf8` and `toString` cost less than a fatal `TextDecoder`.
 */
function decodeObject(part: string, what: string): Record<string, unknown> {
  const bytes = Buffer.from(part, 'base64url');
  if (!isUtf8(bytes)) throw invalidToken(new Error(`${what} is not UTF-8`));
  let value: unknown;
  try {
    value = JSON.parse(bytes.toString('utf8'));
  } catch (cause) {
    throw invalidToken(cause);
  }
  if (typeof value !== 'object' || value === null || Array.isArray(value)) {
    throw invalidToken(new Error(`${what} is not a JSON object`));
  }
  return value as Record<string, unknown>;
}

/**
 * The key whose signature the token carries, tried in turn among the candidates (at most two:
 * our key without `kid` and SimpleJWT's). HS256 answers synchronously, and so does this then:
 * a promise would cost a turn of the microtask queue on every authenticated request.
 */
function signedBy(token: string, ring: KeyRing): VerifyingKey | Promise<VerifyingKey> {
  const segment = token.slice(0, token.indexOf('.'));
  const candidates =
    ring.byHeader.get(segment) ?? candidateKeys(decodeObject(segment, 'header'), ring);
  for (let index = 0; index < candidates.length; index += 1) {
    const key = candidates[index] as VerifyingKey;
    const checked = key.check(token);
    if (checked === true) return key;
    if (checked !== false) return signedByLater(token, checked, candidates.slice(index));
  }
  throw invalidToken(new Error('signature'));
}

/** {@link signedBy} from the first candidate whose check answered with a promise. */
async function signedByLater(
  token: string,
  pending: Promise<boolean>,
  [first, ...rest]: readonly VerifyingKey[],
): Promise<VerifyingKey> {
  if (first !== undefined && (await pending)) return first;
  for (const key of rest) if (await key.check(token)) return key;
  throw invalidToken(new Error('signature'));
}

/**
 * Verify a token: shape, header, signature, then claims, type and times, in that order, so a
 * forged token is `TOKEN_INVALID` whatever its claims say. Times are checked here and only here
 * (see docs/security.md, Clock skew): valid iff `exp > now − L`, `nbf ≤ now + L` and
 * `iat ≤ now + L`.
 * @throws AuthenticationError `TOKEN_INVALID` or `TOKEN_EXPIRED`.
 * @internal
 */
export function verifyToken(
  ring: KeyRing,
  config: TokenConfig,
  token: unknown,
  expectedType: TokenType,
  now: Date,
): Promise<VerifiedToken> {
  try {
    const nowSeconds = Math.floor(now.getTime() / 1000);
    if (!Number.isFinite(nowSeconds)) throw new TypeError('now must be a valid Date');
    if (typeof token !== 'string' || token.length > MAX_TOKEN_LENGTH || !COMPACT_JWS.test(token)) {
      throw invalidToken(new Error('not a compact JWS'));
    }
    const key = signedBy(token, ring);
    const check = (signer: VerifyingKey) =>
      checkClaims(token, signer, config, expectedType, nowSeconds);
    return key instanceof Promise ? key.then(check) : Promise.resolve(check(key));
  } catch (error) {
    return Promise.reject(error);
  }
}

/** The claims, type and times of a token whose signature `key` checked. */
function checkClaims(
  token: string,
  key: VerifyingKey,
  config: TokenConfig,
  expectedType: TokenType,
  nowSeconds: number,
): VerifiedToken {
  const claims = decodeObject(
    token.slice(token.indexOf('.') + 1, token.lastIndexOf('.')),
    'payload',
  );
  const verified = readClaims(claims, key, config);
  if (verified.tokenType !== expectedType) throw invalidToken(new Error('wrong token_type'));

  const leeway = config.leewaySeconds;
  if (verified.expiresAt <= nowSeconds - leeway) throw expiredToken('exp');
  if (claims.nbf !== undefined && (claims.nbf as number) > nowSeconds + leeway) {
    throw expiredToken('nbf');
  }
  // Only an `iat` the token carries can be in the future; an inferred one is not a claim.
  if (claims.iat !== undefined && verified.issuedAt > nowSeconds + leeway) {
    throw expiredToken('iat');
  }
  return verified;
}
