import { describe, expect, it } from 'vitest';
import { aChild, aToken, aUser, NOW } from './builders.js';
import type { SuiteContext } from './index.js';

export function describeRefreshTokens(ctx: SuiteContext): void {
  describe('refresh tokens', () => {
    it('stores identifiers and marks, read back as the whole record', async () => {
      const s = ctx.storage();
      const alice = await s.users.insert(aUser());
      const token = { ...aToken(alice.id, 'jti-1'), parentJti: 'jti-0' };
      await s.refreshTokens.insert(token);
      expect(await s.refreshTokens.find('jti-1')).toEqual({
        ...token,
        usedAt: null,
        revokedAt: null,
      });
      expect(await s.refreshTokens.find('jti-missing')).toBeNull();
    });

    it('answers true for a new jti and false for a recorded one, writing nothing then', async () => {
      const s = ctx.storage();
      const alice = await s.users.insert(aUser());
      expect(await s.refreshTokens.insert(aToken(alice.id, 'jti-1', 'family-1'))).toBe(true);
      const before = await ctx.harness.dump();
      expect(await s.refreshTokens.insert(aToken(alice.id, 'jti-1', 'family-2'))).toBe(false);
      expect(await ctx.harness.dump()).toEqual(before);
    });

    it('a recorded jti leaves the transaction usable: its later writes commit', async () => {
      const s = ctx.storage();
      const alice = await s.users.insert(aUser());
      await s.refreshTokens.insert(aToken(alice.id, 'jti-1'));
      const outcome = await s.transaction(async (tx) => {
        const again = await tx.refreshTokens.insert(aToken(alice.id, 'jti-1', 'family-2'));
        const fresh = await tx.refreshTokens.insert(aToken(alice.id, 'jti-2', 'family-2'));
        return [again, fresh];
      });
      expect(outcome).toEqual([false, true]);
      expect((await s.refreshTokens.find('jti-2'))?.familyId).toBe('family-2');
    });

    it('refuses a token of a missing user with USER_NOT_FOUND', async () => {
      const s = ctx.storage();
      const alice = await s.users.insert(aUser());
      await expect(s.refreshTokens.insert(aToken(alice.id + 100, 'jti-x'))).rejects.toMatchObject({
        code: 'USER_NOT_FOUND',
      });
      expect((await ctx.harness.dump()).refreshTokens).toEqual([]);
    });

    it('rotates a token once; the parent keeps its record, marked used', async () => {
      const s = ctx.storage();
      const alice = await s.users.insert(aUser());
      await s.refreshTokens.insert(aToken(alice.id, 'jti-1'));
      expect(await s.refreshTokens.rotate('jti-1', aChild(alice.id, 'jti-2'), NOW)).toBe(true);
      expect(await s.refreshTokens.rotate('jti-1', aChild(alice.id, 'jti-3'), NOW)).toBe(false);
      expect(await s.refreshTokens.find('jti-1')).toEqual({
        ...aToken(alice.id, 'jti-1'),
        usedAt: NOW,
        revokedAt: null,
      });
      expect(await s.refreshTokens.find('jti-3')).toBeNull();
    });

    it("revokes a family or all of a user's tokens, counting only newly revoked ones", async () => {
      const s = ctx.storage();
      const alice = await s.users.insert(aUser({ username: 'alice' }));
      const bob = await s.users.insert(aUser({ username: 'bob' }));
      await s.refreshTokens.insert(aToken(alice.id, 'a1', 'fa'));
      await s.refreshTokens.insert(aToken(alice.id, 'a2', 'fa'));
      await s.refreshTokens.insert(aToken(alice.id, 'a3', 'fb'));
      await s.refreshTokens.insert(aToken(bob.id, 'b1', 'fc'));
      expect(await s.refreshTokens.revokeFamily('fa', NOW)).toBe(2);
      expect(await s.refreshTokens.revokeFamily('fa', NOW)).toBe(0);
      expect(await s.refreshTokens.revokeAllForUser(alice.id, NOW)).toBe(1);
      expect(await s.refreshTokens.find('a1')).toEqual({
        ...aToken(alice.id, 'a1', 'fa'),
        usedAt: null,
        revokedAt: NOW,
      });
      expect((await s.refreshTokens.find('b1'))?.revokedAt).toBeNull();
    });

    it('deletes only records that expired before the given instant', async () => {
      const s = ctx.storage();
      const alice = await s.users.insert(aUser());
      const old = { ...aToken(alice.id, 'old'), expiresAt: new Date('2024-07-01T00:00:00.000Z') };
      await s.refreshTokens.insert(old);
      await s.refreshTokens.insert(aToken(alice.id, 'live'));
      expect(await s.refreshTokens.deleteExpired(NOW)).toBe(1);
      expect(await s.refreshTokens.find('old')).toBeNull();
      expect(await s.refreshTokens.find('live')).not.toBeNull();
    });

    it('keeps the session details of a token: when it began, user agent and address', async () => {
      const s = ctx.storage();
      const alice = await s.users.insert(aUser());
      const token = {
        ...aToken(alice.id, 'jti-1'),
        sessionBeganAt: new Date('2024-07-01T09:15:30.123Z'),
        userAgent: `Mozilla/5.0 (X11; Linux x86_64) ${'é'.repeat(480)}`,
        address: '2001:db8:85a3::8a2e:370:7334',
      };
      await s.refreshTokens.insert(token);
      expect(await s.refreshTokens.find('jti-1')).toEqual({
        ...token,
        usedAt: null,
        revokedAt: null,
      });
    });

    it("finds a user's live tokens only: not used, not revoked, not expired, not another's", async () => {
      const s = ctx.storage();
      const alice = await s.users.insert(aUser({ username: 'alice' }));
      const bob = await s.users.insert(aUser({ username: 'bob' }));
      await s.refreshTokens.insert(aToken(alice.id, 'used', 'fa'));
      await s.refreshTokens.rotate('used', aChild(alice.id, 'head', 'fa'), NOW);
      await s.refreshTokens.insert(aToken(alice.id, 'revoked', 'fb'));
      await s.refreshTokens.revokeFamily('fb', NOW);
      await s.refreshTokens.insert({ ...aToken(alice.id, 'expired', 'fc'), expiresAt: NOW });
      await s.refreshTokens.insert(aToken(alice.id, 'other', 'fd'));
      await s.refreshTokens.insert(aToken(bob.id, 'bobs', 'fe'));
      const live = await s.refreshTokens.findLive(alice.id, NOW);
      expect(live.map((token) => token.jti).sort()).toEqual(['head', 'other']);
      expect(live.find((token) => token.jti === 'head')).toEqual({
        ...aChild(alice.id, 'head', 'fa'),
        parentJti: 'used',
        sessionBeganAt: aToken(alice.id, 'used').sessionBeganAt,
        usedAt: null,
        revokedAt: null,
      });
    });

    it("revokes a user's family only when the family is that user's", async () => {
      const s = ctx.storage();
      const alice = await s.users.insert(aUser({ username: 'alice' }));
      const bob = await s.users.insert(aUser({ username: 'bob' }));
      await s.refreshTokens.insert(aToken(alice.id, 'a1', 'fa'));
      await s.refreshTokens.insert(aToken(alice.id, 'a2', 'fa'));
      await s.refreshTokens.insert(aToken(alice.id, 'a3', 'fb'));
      const before = await ctx.harness.dump();
      expect(await s.refreshTokens.revokeUserFamily(bob.id, 'fa', NOW)).toBe(0);
      expect(await ctx.harness.dump()).toEqual(before);
      expect(await s.refreshTokens.revokeUserFamily(alice.id, 'fa', NOW)).toBe(2);
      expect(await s.refreshTokens.revokeUserFamily(alice.id, 'fa', NOW)).toBe(0);
      expect((await s.refreshTokens.find('a2'))?.revokedAt).toEqual(NOW);
      expect((await s.refreshTokens.find('a3'))?.revokedAt).toBeNull();
    });

    it("rotates: the parent is consumed and the child recorded in the parent's session", async () => {
      const s = ctx.storage();
      const alice = await s.users.insert(aUser());
      const parent = {
        ...aToken(alice.id, 'p', 'fa'),
        sessionBeganAt: new Date('2024-07-01T00:00:00.000Z'),
      };
      await s.refreshTokens.insert(parent);
      const child = {
        jti: 'c',
        familyId: 'fa',
        userId: alice.id,
        issuedAt: NOW,
        expiresAt: new Date('2024-07-13T08:30:00.456Z'),
        userAgent: 'Phone/2.0',
        address: '198.51.100.0',
      };
      expect(await s.refreshTokens.rotate('p', child, NOW)).toBe(true);
      expect(await s.refreshTokens.find('c')).toEqual({
        ...child,
        parentJti: 'p',
        sessionBeganAt: parent.sessionBeganAt,
        usedAt: null,
        revokedAt: null,
      });
      expect((await s.refreshTokens.find('p'))?.usedAt).toEqual(NOW);
    });

    it("refuses to rotate a used, revoked, unknown, another user's or another family's parent, writing nothing", async () => {
      const s = ctx.storage();
      const alice = await s.users.insert(aUser({ username: 'alice' }));
      const bob = await s.users.insert(aUser({ username: 'bob' }));
      await s.refreshTokens.insert(aToken(alice.id, 'used', 'fa'));
      await s.refreshTokens.rotate('used', aChild(alice.id, 'used-child', 'fa'), NOW);
      await s.refreshTokens.insert(aToken(alice.id, 'revoked', 'fb'));
      await s.refreshTokens.revokeFamily('fb', NOW);
      await s.refreshTokens.insert(aToken(alice.id, 'live', 'fc'));
      const before = await ctx.harness.dump();
      const child = (userId: number, familyId: string) => ({
        jti: 'child',
        familyId,
        userId,
        issuedAt: NOW,
        expiresAt: NOW,
        userAgent: null,
        address: null,
      });
      const attempts: [string, number, string][] = [
        ['used', alice.id, 'fa'],
        ['revoked', alice.id, 'fb'],
        ['unknown', alice.id, 'fc'],
        ['live', bob.id, 'fc'],
        ['live', alice.id, 'fa'],
      ];
      for (const [parent, userId, familyId] of attempts) {
        expect(await s.refreshTokens.rotate(parent, child(userId, familyId), NOW)).toBe(false);
      }
      expect(await ctx.harness.dump()).toEqual(before);
    });

    it('G-10 a rotation whose child cannot be recorded rolls back: the parent stays unconsumed', async () => {
      const s = ctx.storage();
      const alice = await s.users.insert(aUser());
      await s.refreshTokens.insert(aToken(alice.id, 'parent'));
      await s.refreshTokens.insert(aToken(alice.id, 'taken', 'family-2'));
      const before = await ctx.harness.dump();
      await expect(
        s.refreshTokens.rotate('parent', aChild(alice.id, 'taken'), NOW),
      ).rejects.toThrow();
      expect(await ctx.harness.dump()).toEqual(before);
      expect(await s.refreshTokens.rotate('parent', aChild(alice.id, 'child'), NOW)).toBe(true);
    });
  });
}
