import { AuthenticationError } from '../errors/errors.js';

/**
 * The token of an `Authorization: Bearer <token>` header, or `null` when the request carries no
 * bearer credentials (no header, or another scheme: anonymous, as in Django REST Framework).
 *
 * @throws AuthenticationError `TOKEN_INVALID` when the scheme is `Bearer` but the header is not
 *   exactly two space-separated parts.
 */
export function readBearerToken(header: string | undefined | null): string | null {
  if (header === undefined || header === null || header === '') return null;
  const parts = header.split(' ');
  // The scheme is case-sensitive in SimpleJWT (`bearer x` is anonymous there); keep that.
  if (parts[0] !== 'Bearer') return null;
  if (parts.length !== 2 || parts[1] === '') {
    throw new AuthenticationError(
      'TOKEN_INVALID',
      'Authorization header must contain two space-delimited values.',
    );
  }
  return parts[1] as string;
}

/** Headers every answer that carries tokens must send (RFC 6749 §5.1). */
export const TOKEN_RESPONSE_HEADERS: Readonly<Record<string, string>> = Object.freeze({
  'cache-control': 'no-store',
  pragma: 'no-cache',
});
