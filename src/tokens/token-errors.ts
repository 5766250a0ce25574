import { AuthenticationError } from '../errors/errors.js';

/**
 * `TOKEN_INVALID` with a fixed message; what went wrong (often jose's own error) is kept as
 * `cause` for logs and never shown to a caller. @internal
 */
export function invalidToken(cause?: unknown): AuthenticationError {
  return new AuthenticationError('TOKEN_INVALID', 'Token is invalid.', { cause });
}

/** `TOKEN_EXPIRED`, also used for not-yet-valid tokens (`nbf`, future `iat`). @internal */
export function expiredToken(claim: 'exp' | 'nbf' | 'iat'): AuthenticationError {
  return new AuthenticationError('TOKEN_EXPIRED', 'Token is expired or not yet valid.', {
    cause: new Error(`"${claim}" check failed`),
  });
}
