import { NotFoundError } from '../../errors/errors.js';
import type { RefreshTokenRecord, RefreshTokenStore } from '../storage.js';
import type { StateAccess } from './memory-stores.js';

function markTokens(
  access: StateAccess,
  matches: (token: RefreshTokenRecord) => boolean,
  now: Date,
): Promise<number> {
  return access.write((state, touch) => {
    let marked = 0;
    for (const token of [...state.tokens.values()]) {
      if (token.revokedAt === null && matches(token)) {
        touch();
        state.tokens.set(token.jti, { ...token, revokedAt: new Date(now) });
        marked += 1;
      }
    }
    return marked;
  });
}

function copyToken(token: RefreshTokenRecord): RefreshTokenRecord {
  return {
    ...token,
    issuedAt: new Date(token.issuedAt),
    expiresAt: new Date(token.expiresAt),
    usedAt: token.usedAt && new Date(token.usedAt),
    revokedAt: token.revokedAt && new Date(token.revokedAt),
    sessionBeganAt: new Date(token.sessionBeganAt),
  };
}

/** Refresh-token records in memory. @internal */
export function createRefreshTokenStore(access: StateAccess): RefreshTokenStore {
  return {
    insert: (input) =>
      access.write((state, touch) => {
        if (!state.users.has(input.userId)) {
          throw new NotFoundError('USER_NOT_FOUND', 'No such user.');
        }
        if (state.tokens.has(input.jti)) return false;
        touch();
        state.tokens.set(input.jti, copyToken({ ...input, usedAt: null, revokedAt: null }));
        return true;
      }),
    find: async (jti) => {
      const token = access.read().tokens.get(jti);
      return token ? copyToken(token) : null;
    },
    rotate: (parentJti, child, now) =>
      access.write((state, touch) => {
        const parent = state.tokens.get(parentJti);
        if (
          !parent ||
          parent.usedAt !== null ||
          parent.revokedAt !== null ||
          parent.userId !== child.userId ||
          parent.familyId !== child.familyId
        ) {
          return false;
        }
        // As a primary key would: a fresh id never collides, so a collision is a fault.
        if (state.tokens.has(child.jti)) throw new Error(`refresh token ${child.jti} is recorded`);
        touch();
        state.tokens.set(parentJti, { ...parent, usedAt: new Date(now) });
        state.tokens.set(
          child.jti,
          copyToken({
            ...child,
            parentJti,
            sessionBeganAt: parent.sessionBeganAt,
            usedAt: null,
            revokedAt: null,
          }),
        );
        return true;
      }),
    revokeFamily: (familyId, now) => markTokens(access, (t) => t.familyId === familyId, now),
    revokeAllForUser: (userId, now) => markTokens(access, (t) => t.userId === userId, now),
    revokeUserFamily: (userId, familyId, now) =>
      markTokens(access, (t) => t.userId === userId && t.familyId === familyId, now),
    findLive: async (userId, now) => {
      const live: RefreshTokenRecord[] = [];
      for (const token of access.read().tokens.values()) {
        if (
          token.userId === userId &&
          token.usedAt === null &&
          token.revokedAt === null &&
          token.expiresAt.getTime() > now.getTime()
        ) {
          live.push(copyToken(token));
        }
      }
      return live;
    },
    deleteExpired: (before) =>
      access.write((state, touch) => {
        let deleted = 0;
        for (const token of [...state.tokens.values()]) {
          if (token.expiresAt.getTime() < before.getTime()) {
            touch();
            state.tokens.delete(token.jti);
            deleted += 1;
          }
        }
        return deleted;
      }),
  };
}
