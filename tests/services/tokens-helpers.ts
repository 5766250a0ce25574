import { SignJWT } from 'jose';

/** Django's `SECRET_KEY` in the SimpleJWT cut-over tests (shorter than 32 bytes, as Django's often are). */
export const DJANGO_SECRET = 'django-insecure-test-key';

/** A token as SimpleJWT 5.2 signs it: HS256 with the Django secret, no `ver`, no `fam`. */
export function simpleJwtToken(
  tokenType: 'access' | 'refresh',
  userId: number,
  issuedAt: Date,
  jti: string,
): Promise<string> {
  const iat = Math.floor(issuedAt.getTime() / 1000);
  return new SignJWT({
    token_type: tokenType,
    exp: iat + (tokenType === 'access' ? 300 : 86_400),
    iat,
    jti,
    user_id: userId,
    username: 'alice',
  })
    .setProtectedHeader({ alg: 'HS256', typ: 'JWT' })
    .sign(new TextEncoder().encode(DJANGO_SECRET));
}

/** True for any string shaped like a compact JWS. */
export const looksLikeJwt = (value: unknown): boolean =>
  typeof value === 'string' && /^[\w-]+\.[\w-]+\.[\w-]+$/.test(value);
