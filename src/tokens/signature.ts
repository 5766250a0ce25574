import { createHmac, createSecretKey, type KeyObject, timingSafeEqual } from 'node:crypto';
import { CompactSign, type CryptoKey, compactVerify } from 'jose';
import type { TokenAlgorithm } from './options.js';

/**
 * Whether a compact JWS (already known to be three base64url parts) is signed by one key.
 * Never throws for a bad signature: it answers `false`.
 * @internal
 */
export type SignatureCheck = (token: string) => boolean | Promise<boolean>;

/**
 * HS256 checked with node:crypto, synchronously. jose verifies through WebCrypto, which hands
 * every HMAC to the libuv thread pool: the hop costs more than the HMAC itself, and there the
 * check of every authenticated request queues behind the password hashes of logins in flight.
 * The expected signature is compared in its canonical base64url text, in constant time, so a
 * second spelling of the same bytes (other trailing bits) is refused as well.
 * @internal
 */
export function hmacSha256Check(secret: Uint8Array): SignatureCheck {
  const key: KeyObject = createSecretKey(secret);
  return (token) => {
    const end = token.lastIndexOf('.');
    const expected = Buffer.from(
      createHmac('sha256', key).update(token.slice(0, end)).digest('base64url'),
    );
    const given = Buffer.from(token.slice(end + 1));
    return given.length === expected.length && timingSafeEqual(given, expected);
  };
}

/**
 * Signs a payload (the exact JSON bytes) into a compact JWS under one fixed header.
 * @internal
 */
export type Signer = (payload: Uint8Array) => string | Promise<string>;

/** The protected header of every token a key signs. @internal */
export interface TokenHeader {
  readonly alg: TokenAlgorithm;
  readonly kid?: string;
  readonly typ: 'JWT';
}

/** The base64url header segment of a header object, as jose writes it. */
const headerSegment = (header: TokenHeader) =>
  Buffer.from(JSON.stringify(header)).toString('base64url');

/** HS256 with node:crypto, for the reasons given at {@link hmacSha256Check}. @internal */
export function hmacSha256Signer(secret: Uint8Array, header: TokenHeader): Signer {
  const key = createSecretKey(secret);
  const prefix = `${headerSegment(header)}.`;
  return (payload) => {
    const bytes = Buffer.from(payload.buffer, payload.byteOffset, payload.byteLength);
    const input = `${prefix}${bytes.toString('base64url')}`;
    return `${input}.${createHmac('sha256', key).update(input).digest('base64url')}`;
  };
}

/** Asymmetric algorithms are signed by jose. @internal */
export function joseSigner(key: CryptoKey, header: TokenHeader): Signer {
  return (payload) => new CompactSign(payload).setProtectedHeader({ ...header }).sign(key);
}

/** Asymmetric algorithms go through jose, the algorithm pinned to the one this key is for. @internal */
export function joseCheck(alg: TokenAlgorithm, key: CryptoKey): SignatureCheck {
  const options = { algorithms: [alg] };
  return (token) =>
    compactVerify(token, key, options).then(
      () => true,
      () => false,
    );
}
