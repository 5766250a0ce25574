import { describe, expect, it } from 'vitest';
import type { AccountStorage } from '../../../src/storage/storage.js';
import { aChild, aToken, aUser, NOW } from './builders.js';
import type { SuiteContext } from './index.js';

/** Start every call together, alternating between the two connections. */
function race<T>(
  ctx: SuiteContext,
  count: number,
  run: (s: AccountStorage, i: number) => Promise<T>,
): Promise<PromiseSettledResult<T>[]> {
  const connections = [ctx.storage(), ctx.second()];
  return Promise.allSettled(
    Array.from({ length: count }, (_, i) => run(connections[i % 2] as AccountStorage, i)),
  );
}

export function describeConcurrency(ctx: SuiteContext): void {
  describe('concurrency (G-16 on memory)', () => {
    it('G-01: 50 parallel sign-ups of alice/Alice/ＡＬＩＣＥ make exactly one user', async () => {
      const names = ['alice', 'Alice', 'ＡＬＩＣＥ'];
      const results = await race(ctx, 50, (s, i) =>
        s.users.insert(aUser({ username: names[i % 3] as string })),
      );
      const won = results.filter((r) => r.status === 'fulfilled');
      const lost = results.flatMap((r) => (r.status === 'rejected' ? [r.reason] : []));
      expect(won).toHaveLength(1);
      expect(lost).toHaveLength(49);
      for (const reason of lost) expect(reason).toMatchObject({ code: 'USERNAME_TAKEN' });
      expect((await ctx.harness.dump()).users).toHaveLength(1);
    });

    it('G-03: 50 parallel follow(A→B) make one row and move each counter once', async () => {
      const s = ctx.storage();
      const a = await s.users.insert(aUser({ username: 'a' }));
      const b = await s.users.insert(aUser({ username: 'b' }));
      const results = await race(ctx, 50, (conn) => conn.follows.add(a.id, b.id));
      expect(results.filter((r) => r.status === 'fulfilled' && r.value === true)).toHaveLength(1);
      expect(results.filter((r) => r.status === 'fulfilled' && r.value === false)).toHaveLength(49);
      expect((await ctx.harness.dump()).follows).toHaveLength(1);
      expect(await s.follows.counts(a.id)).toEqual({ followers: 0, following: 1 });
      expect(await s.follows.counts(b.id)).toEqual({ followers: 1, following: 0 });
    });

    it('G-04: 200 concurrent follow/unfollow on one pair and crossed pairs: exact, no error', async () => {
      const s = ctx.storage();
      const ids = [];
      for (const username of ['a', 'b', 'c'])
        ids.push((await s.users.insert(aUser({ username }))).id);
      const [a, b, c] = ids as [number, number, number];
      const pairs: [number, number][] = [
        [a, b],
        [b, a],
        [a, c],
        [c, a],
        [b, c],
        [c, b],
      ];
      const results = await race(ctx, 200, (conn, i) => {
        const [from, to] = pairs[i % pairs.length] as [number, number];
        return i % 3 === 2 ? conn.follows.remove(from, to) : conn.follows.add(from, to);
      });
      expect(results.filter((r) => r.status === 'rejected')).toEqual([]);
      const dump = await ctx.harness.dump();
      for (const id of ids) {
        expect(await s.follows.counts(id)).toEqual({
          followers: dump.follows.filter((e) => e.to_user_id === id).length,
          following: dump.follows.filter((e) => e.from_user_id === id).length,
        });
      }
    });

    it('G-06: 20 parallel rotations of one refresh token have exactly one winner', async () => {
      const s = ctx.storage();
      const alice = await s.users.insert(aUser());
      await s.refreshTokens.insert(aToken(alice.id, 'jti-race'));
      const results = await race(ctx, 20, (conn, i) =>
        conn.refreshTokens.rotate('jti-race', aChild(alice.id, `child-${i}`), NOW),
      );
      expect(results.filter((r) => r.status === 'fulfilled' && r.value)).toHaveLength(1);
      expect(results.filter((r) => r.status === 'fulfilled' && !r.value)).toHaveLength(19);
      expect((await ctx.harness.dump()).refreshTokens).toHaveLength(2);
    });

    it('G-02: a rename racing a sign-up for the same name lets exactly one win', async () => {
      const s = ctx.storage();
      const x = await s.users.insert(aUser({ username: 'x' }));
      const [rename, signup] = await Promise.allSettled([
        s.users.update(x.id, { username: 'bob', usernameKey: 'bob' }),
        ctx.second().users.insert(aUser({ username: 'Bob' })),
      ]);
      const outcomes = [rename.status, signup.status].sort();
      expect(outcomes).toEqual(['fulfilled', 'rejected']);
      expect((await ctx.harness.dump()).users.filter((u) => u.username_key === 'bob')).toHaveLength(
        1,
      );
    });
  });
}
