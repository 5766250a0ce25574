import { bytesToHex } from '../core/hex.js';
import { parseInput, refreshTokenSchema } from '../core/input-schemas.js';
import { emitEvents } from '../events/emit-events.js';
import { requestDetails } from '../events/request-details.js';
import type { VerifiedToken } from '../tokens/token-service.js';
import type { AccountsDeps } from './deps.js';

/**
 * Log out one device: revoke the family of the presented refresh token, so neither it nor any
 * token rotated from it refreshes again. Idempotent; an already revoked family stays revoked.
 * Works for inactive users and for tokens already rotated away, since it only takes rights.
 * Emits `loggedOut` when the call revoked something, after the commit.
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
  const ended =
    !token.legacy && token.familyId !== null
      ? {
          familyId: token.familyId,
          revoked: await deps.storage.refreshTokens.revokeFamily(token.familyId, now),
        }
      : await revokeLegacy(deps, token, now);
  // Logging out a session already ended ends nothing, and says nothing.
  if (ended === null || ended.revoked === 0) return;
  await emitEvents(deps, {
    type: 'loggedOut',
    at: now,
    userId: token.userId,
    familyId: ended.familyId,
    ...requestDetails(),
  });
}

/**
 * A SimpleJWT token has no family yet: record it as the revoked root of one. Returns the family
 * and how many of its tokens were revoked, or `null` if the token could not be recorded.
 */
async function revokeLegacy(
  deps: AccountsDeps,
  token: VerifiedToken,
  now: Date,
): Promise<{ familyId: string; revoked: number } | null> {
  const familyId = bytesToHex(deps.random.bytes(16));
  const revoke = () =>
    deps.storage.transaction(async (tx) => {
      const existing = await tx.refreshTokens.find(token.jti);
      if (existing !== null) {
        const revoked = await tx.refreshTokens.revokeFamily(existing.familyId, now);
        return { familyId: existing.familyId, revoked };
      }
      const issuedAt = new Date(token.issuedAt * 1000);
      const recorded = await tx.refreshTokens.insert({
        jti: token.jti,
        familyId,
        userId: token.userId,
        parentJti: null,
        issuedAt,
        expiresAt: new Date(token.expiresAt * 1000),
        sessionBeganAt: issuedAt,
        userAgent: null,
        address: null,
      });
      return recorded
        ? { familyId, revoked: await tx.refreshTokens.revokeFamily(familyId, now) }
        : null;
    });
  // A concurrent first use recorded the token meanwhile: run again to revoke the family it got.
  return (await revoke()) ?? (await revoke());
}
