import { describe, expect, it } from 'vitest';
import { aChild, aToken, aUser, expectedUser, NOW } from './builders.js';
import type { SuiteContext } from './index.js';

export function describeTransactions(ctx: SuiteContext): void {
  describe('transactions', () => {
    it('commits every step when fn resolves, and returns its value', async () => {
      const s = ctx.storage();
      const bob = await s.users.insert(aUser({ username: 'bob' }));
      const result = await s.transaction(async (tx) => {
        const alice = await tx.users.insert(aUser({ username: 'alice' }));
        await tx.follows.add(alice.id, bob.id);
        await tx.refreshTokens.insert(aToken(alice.id, 'jti-1'));
        expect(await tx.follows.exists(alice.id, bob.id)).toBe(true);
        return alice.id;
      });
      expect(await s.users.findById(result)).toEqual({
        ...expectedUser(result, aUser({ username: 'alice' })),
        followingCount: 1,
      });
      expect(await ctx.second().refreshTokens.find('jti-1')).not.toBeNull();
    });

    it('G-09/G-10: rolls back every step when fn rejects, rethrowing the same error', async () => {
      const s = ctx.storage();
      const alice = await s.users.insert(aUser({ username: 'alice', passwordHash: 'old' }));
      const bob = await s.users.insert(aUser({ username: 'bob' }));
      await s.refreshTokens.insert(aToken(alice.id, 'parent'));
      const before = await ctx.harness.dump();
      const failure = new Error('interrupted');
      await expect(
        s.transaction(async (tx) => {
          await tx.users.update(alice.id, { passwordHash: 'new' });
          await tx.refreshTokens.rotate('parent', aChild(alice.id, 'child'), NOW);
          await tx.refreshTokens.revokeAllForUser(alice.id, NOW);
          await tx.follows.add(alice.id, bob.id);
          await tx.users.insert(aUser({ username: 'carol' }));
          await tx.users.incrementTokenVersion(alice.id);
          throw failure;
        }),
      ).rejects.toBe(failure);
      expect(await ctx.harness.dump()).toEqual(before);
      expect(await s.refreshTokens.rotate('parent', aChild(alice.id, 'child'), NOW)).toBe(true);
    });

    it('compare-and-swap inside a transaction sees a password changed after its first read', async () => {
      const s = ctx.storage();
      const alice = await s.users.insert(aUser({ username: 'alice', passwordHash: 'old' }));
      let change: Promise<unknown> = Promise.resolve();
      await s.transaction(async (tx) => {
        await tx.users.findById(alice.id);
        change = ctx.second().users.update(alice.id, { passwordHash: 'changed' });
        // Row-locking backends let the change commit now; serialised ones queue it after us.
        await Promise.race([change, new Promise((resolve) => setTimeout(resolve, 100))]);
        await tx.users.update(
          alice.id,
          { passwordHash: 'upgraded' },
          { expectedPasswordHash: 'old' },
        );
      });
      await change;
      expect((await s.users.findById(alice.id))?.passwordHash).toBe('changed');
    });

    it('G-15: a unique violation caught inside a transaction leaves it and the connection usable', async () => {
      const s = ctx.storage();
      await s.users.insert(aUser({ username: 'bob' }));
      const carolId = await s.transaction(async (tx) => {
        await expect(tx.users.insert(aUser({ username: 'BOB' }))).rejects.toMatchObject({
          code: 'USERNAME_TAKEN',
        });
        return (await tx.users.insert(aUser({ username: 'carol' }))).id;
      });
      expect((await s.users.findById(carolId))?.username).toBe('carol');
      await expect(
        s.transaction((tx) => tx.users.insert(aUser({ username: 'Bob' }))),
      ).rejects.toMatchObject({ code: 'USERNAME_TAKEN' });
      for (let i = 0; i < 5; i += 1) {
        expect(await s.users.findByUsernameKey('carol')).not.toBeNull();
        await s.users.insert(aUser({ username: `after${i}` }));
      }
    });
  });
}
