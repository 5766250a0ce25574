import { createHmac } from 'node:crypto';
import { expect } from 'vitest';
import type { UserRecord } from '../../src/storage/storage.js';
import { createTokenService, type TokenServiceOptions } from '../../src/tokens/index.js';
import { sequenceRandom } from '../support/sequence-random.js';

/** 2024-07-11T12:00:00Z, the instant of the SimpleJWT vectors. */
export const NOW = new Date('2024-07-11T12:00:00Z');
export const NOW_S = 1_720_699_200;
export const SECRET = 'accountkit-test-hs256-secret-of-at-least-32-bytes';
export const OTHER_SECRET = 'another-hs256-secret-at-least-32-bytes-long!';
/** A Django `SECRET_KEY` with non-ASCII characters, as settings.py may hold one. */
export const UNICODE_SECRET = 'django-insecure-clé-秘密-🔑-Ω≈ç√∫-0123456789';
const encoder = new TextEncoder();

/** A stored user as storage would return it. */
export function aUser(overrides: Partial<UserRecord> = {}): UserRecord {
  return {
    id: 2,
    username: 'alice',
    usernameKey: 'alice',
    email: 'alice@example.test',
    passwordHash: '!unusable',
    isActive: true,
    dateJoined: new Date('2024-07-08T10:00:00Z'),
    profilePic: 'images/profile/alice_2/0f343b0931126a20f133d67c2b018a3b.jpg',
    coverImage: null,
    followersCount: 0,
    followingCount: 0,
    tokenVersion: 0,
    lastLogin: null,
    ...overrides,
  };
}

/** A HS256 service on {@link SECRET} with a sequence random source. */
export function hsService(overrides: Partial<TokenServiceOptions> = {}) {
  return createTokenService({ keys: SECRET, random: sequenceRandom(), ...overrides });
}

/** Claims of a well-formed access token of ours at {@link NOW_S}. */
export function accessClaims(overrides: Record<string, unknown> = {}): Record<string, unknown> {
  return {
    token_type: 'access',
    exp: NOW_S + 300,
    iat: NOW_S,
    jti: '0123456789abcdef0123456789abcdef',
    user_id: 2,
    username: 'alice',
    profile_pic: '',
    ver: 0,
    ...overrides,
  };
}

/**
 * HS256-sign any payload (object, or raw JSON text) under any header, with node:crypto rather
 * than jose, so headers jose would refuse to produce (`crit`, `jwk`) can be tested too.
 */
export async function forge(
  payload: Record<string, unknown> | string,
  options: { header?: Record<string, unknown>; secret?: string } = {},
): Promise<string> {
  const json = typeof payload === 'string' ? payload : JSON.stringify(payload);
  const header = JSON.stringify({ alg: 'HS256', typ: 'JWT', ...options.header });
  const input = `${Buffer.from(header).toString('base64url')}.${Buffer.from(json).toString('base64url')}`;
  const mac = createHmac('sha256', encoder.encode(options.secret ?? SECRET)).update(input);
  return `${input}.${mac.digest('base64url')}`;
}

/** Decoded JSON of a token part (0 header, 1 payload) as the exact text that was signed. */
export function partText(token: string, index: 0 | 1): string {
  return Buffer.from(token.split('.')[index]!, 'base64url').toString('utf8');
}

/** Assert that `promise` rejects with an AuthenticationError of `code`. */
export async function expectCode(promise: Promise<unknown>, code: string): Promise<void> {
  await expect(promise).rejects.toMatchObject({ name: 'AuthenticationError', code });
}

/**
 * A token as SimpleJWT signs it, made by hand: PyJWT's header `{"alg":"HS256","typ":"JWT"}`,
 * the claims in SimpleJWT's order, JSON as Python's `json.dumps` writes it (compact, non-ASCII
 * as `\uXXXX`), and HMAC-SHA256 keyed with the UTF-8 bytes of the secret (PyJWT encodes a `str`
 * key so), unless `keyBytes` says otherwise.
 */
export function simpleJwt(
  claims: Record<string, unknown>,
  secret = UNICODE_SECRET,
  keyBytes: Buffer = Buffer.from(secret, 'utf8'),
): string {
  const json = JSON.stringify(claims).replace(
    /[\u0080-\uffff]/g,
    (char) => `\\u${char.charCodeAt(0).toString(16).padStart(4, '0')}`,
  );
  const input = `${Buffer.from('{"alg":"HS256","typ":"JWT"}').toString('base64url')}.${Buffer.from(json).toString('base64url')}`;
  return `${input}.${createHmac('sha256', keyBytes).update(input).digest('base64url')}`;
}
