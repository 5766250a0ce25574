import { bytesToHex } from '../core/hex.js';
import { parseInput, refreshTokenSchema } from '../core/input-schemas.js';
import type { AccountsDeps } from './deps.js';

/**
 * Log out one device: revoke the family of the presented refresh token, so neither it nor any
 * token rotated from it refreshes again. Idempotent; an already revoked family stays revoked.
 * Works for inactive users and for tokens already rotated away, since it only takes rights.
 *
 * @throws ValidationError `VALIDATION_FAILED` when the body is not `{ refresh: string }`.
 * @throws AuthenticationError `TOKEN_INVALID` or `TOKEN_EXPIRED` for a token that does not verify.
 * @throws StorageError `STORAGE_UNAVAILABLE`; nothing was revoked.
 * @internal
 */
export async function logout(deps: AccountsDeps, input: unknown): Promise<void> {
  const { refresh } = parseInput(refreshTokenSchema, input);
  const now = deps.clock.now();
  const token = await deps.tokens.verify(refresh, 'refresh', now);
  if (!token.legacy && token.familyId !== null) {
    await deps.storage.refreshTokens.revokeFamily(token.familyId, now);
    return;
  }
  // A SimpleJWT token has no family yet: record it as the revoked root of one.
  const familyId = bytesToHex(deps.random.bytes(16));
  const revoke = () =>
    deps.storage.transaction(async (tx) => {
      const existing = await tx.refreshTokens.find(token.jti);
      if (existing !== null) {
        await tx.refreshTokens.revokeFamily(existing.familyId, now);
        return true;
      }
      const recorded = await tx.refreshTokens.insert({
        jti: token.jti,
        familyId,
        userId: token.userId,
        parentJti: null,
        issuedAt: new Date(token.issuedAt * 1000),
        expiresAt: new Date(token.expiresAt * 1000),
      });
      if (recorded) await tx.refreshTokens.revokeFamily(familyId, now);
      return recorded;
    });
  // A concurrent first use recorded the token meanwhile: run again to revoke the family it got.
  if (!(await revoke())) await revoke();
}
