/**
 * Signing and verifying JWT access/refresh pairs with jose, in SimpleJWT's wire format.
 * Storage-backed flows (rotation, reuse detection, logout) are composed by the services.
 *
 * @module tokens
 */
export { FAMILY_CLAIM, RESERVED_CLAIMS, TOKEN_VERSION_CLAIM } from './claims.js';
export { createTokenService } from './create-token-service.js';
export {
  TOKEN_ALGORITHMS,
  type TokenAlgorithm,
  type TokenKey,
  type TokenKeyMaterial,
  type TokenKeySet,
  type TokenServiceOptions,
} from './options.js';
export type { IssuedPair, TokenService, TokenType, VerifiedToken } from './token-service.js';
