import { parseInput } from '../core/input-schemas.js';
import type { RefreshTokenRecord } from '../storage/storage.js';
import type { AccountsDeps } from './deps.js';
import { listSessionsSchema } from './inputs.js';
import type { SessionInfo } from './results.js';

/**
 * The user's sessions that can still refresh (neither ended nor expired), newest first, in one
 * storage read. The caller's own is marked `current`: the session of `currentSession`, or of
 * `currentRefresh` when that verifies as a refresh token of this user (one that does not is
 * simply nobody's, since a caller listing sessions has already authenticated).
 *
 * @throws ValidationError `VALIDATION_FAILED` (`INVALID_ID` for `userId` or `currentSession`).
 * @throws StorageError `STORAGE_UNAVAILABLE`.
 * @internal
 */
export async function listSessions(deps: AccountsDeps, input: unknown): Promise<SessionInfo[]> {
  const { userId, currentRefresh, currentSession } = parseInput(listSessionsSchema, input);
  const now = deps.clock.now();
  const current = currentSession ?? (await sessionOf(deps, currentRefresh, userId, now));
  const heads = new Map<string, RefreshTokenRecord>();
  // Within a reuse grace window a family has two live tokens: the later one speaks for it.
  for (const token of await deps.storage.refreshTokens.findLive(userId, now)) {
    const seen = heads.get(token.familyId);
    if (seen === undefined || token.issuedAt > seen.issuedAt) heads.set(token.familyId, token);
  }
  return [...heads.values()]
    .map((head) => view(head, head.familyId === current))
    .sort(
      (a, b) =>
        b.beganAt.getTime() - a.beganAt.getTime() || (a.id < b.id ? -1 : a.id > b.id ? 1 : 0),
    );
}

async function sessionOf(
  deps: AccountsDeps,
  refresh: string | undefined,
  userId: number,
  now: Date,
): Promise<string | null> {
  if (refresh === undefined) return null;
  try {
    const token = await deps.tokens.verify(refresh, 'refresh', now);
    return token.userId === userId ? token.familyId : null;
  } catch {
    return null;
  }
}

function view(head: RefreshTokenRecord, current: boolean): SessionInfo {
  return {
    id: head.familyId,
    beganAt: head.sessionBeganAt,
    lastRefreshedAt: head.parentJti === null ? null : head.issuedAt,
    expiresAt: head.expiresAt,
    userAgent: head.userAgent,
    address: head.address,
    current,
  };
}
