import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { AccountStorage, UserRecord } from '../../../src/storage/storage.js';
import { aUser, counterDrift } from './builders.js';
import type { SuiteContext } from './index.js';

async function users(s: AccountStorage, count: number): Promise<UserRecord[]> {
  const out: UserRecord[] = [];
  for (let i = 0; i < count; i += 1) out.push(await s.users.insert(aUser({ username: `u${i}` })));
  return out;
}

export function describeFollows(ctx: SuiteContext): void {
  describe('follows', () => {
    it('E-03: following twice creates one row and moves the counters once', async () => {
      const s = ctx.storage();
      const [a, b] = (await users(s, 2)) as [UserRecord, UserRecord];
      expect(await s.follows.add(a.id, b.id)).toBe(true);
      expect(await s.follows.add(a.id, b.id)).toBe(false);
      expect(await ctx.second().follows.add(a.id, b.id)).toBe(false);
      expect((await ctx.harness.dump()).follows).toHaveLength(1);
      expect(await s.follows.counts(a.id)).toEqual({ followers: 0, following: 1 });
      expect(await s.follows.counts(b.id)).toEqual({ followers: 1, following: 0 });
      expect(await s.users.findById(b.id)).toEqual({ ...b, followersCount: 1 });
    });

    it('E-04: unfollowing when not following changes nothing; counters never go negative', async () => {
      const s = ctx.storage();
      const [a, b] = (await users(s, 2)) as [UserRecord, UserRecord];
      const before = await ctx.harness.dump();
      expect(await s.follows.remove(a.id, b.id)).toBe(false);
      expect(await ctx.harness.dump()).toEqual(before);
      await s.follows.add(a.id, b.id);
      expect(await s.follows.remove(a.id, b.id)).toBe(true);
      expect(await s.follows.remove(a.id, b.id)).toBe(false);
      expect(await s.follows.counts(a.id)).toEqual({ followers: 0, following: 0 });
      expect(await s.follows.counts(b.id)).toEqual({ followers: 0, following: 0 });
    });

    it('E-02: following or being followed by a missing user is USER_NOT_FOUND, no row', async () => {
      const s = ctx.storage();
      const [a] = (await users(s, 1)) as [UserRecord];
      const before = await ctx.harness.dump();
      await expect(s.follows.add(a.id, a.id + 1000)).rejects.toMatchObject({
        name: 'NotFoundError',
        code: 'USER_NOT_FOUND',
      });
      await expect(s.follows.add(a.id + 1000, a.id)).rejects.toMatchObject({
        code: 'USER_NOT_FOUND',
      });
      expect(await ctx.harness.dump()).toEqual(before);
    });

    it("E-01 (storage side): refusing a self-follow is the service's rule; storage still counts exactly", async () => {
      const s = ctx.storage();
      const [a] = (await users(s, 1)) as [UserRecord];
      expect(await s.follows.add(a.id, a.id)).toBe(true);
      expect(await s.follows.counts(a.id)).toEqual({ followers: 1, following: 1 });
      expect(await s.follows.remove(a.id, a.id)).toBe(true);
      expect(await s.follows.counts(a.id)).toEqual({ followers: 0, following: 0 });
    });

    it('answers exists and existsMany (one query for a batch)', async () => {
      const s = ctx.storage();
      const [a, b, c, d] = (await users(s, 4)) as [UserRecord, UserRecord, UserRecord, UserRecord];
      await s.follows.add(a.id, b.id);
      await s.follows.add(a.id, d.id);
      expect(await s.follows.exists(a.id, b.id)).toBe(true);
      expect(await s.follows.exists(b.id, a.id)).toBe(false);
      expect(await s.follows.existsMany(a.id, [b.id, c.id, d.id, 9999])).toEqual(
        new Set([b.id, d.id]),
      );
      expect(await s.follows.existsMany(a.id, [])).toEqual(new Set());
    });

    it('lists followers and following newest first with keyset cursors', async () => {
      const s = ctx.storage();
      const [star, ...fans] = (await users(s, 6)) as [UserRecord, ...UserRecord[]];
      for (const fan of fans) await s.follows.add(fan.id, star.id);
      const fresh = async (ids: UserRecord[]) =>
        Promise.all(ids.map(async (u) => (await s.users.findById(u.id)) as UserRecord));
      const newestFirst = await fresh([...fans].reverse());
      const first = await s.follows.listFollowers(star.id, { limit: 2 });
      expect(first.users).toEqual(newestFirst.slice(0, 2));
      expect(first.nextCursor).not.toBeNull();
      const second = await s.follows.listFollowers(star.id, {
        limit: 3,
        before: first.nextCursor as number,
      });
      expect(second.users).toEqual(newestFirst.slice(2, 5));
      expect(second.nextCursor).toBeNull();
      const all = await s.follows.listFollowers(star.id, { limit: 5 });
      expect(all).toEqual({ users: newestFirst, nextCursor: null });
      const following = await s.follows.listFollowing(fans[0]!.id, { limit: 10 });
      expect(following).toEqual({ users: await fresh([star]), nextCursor: null });
      expect(await s.follows.listFollowing(star.id, { limit: 10 })).toEqual({
        users: [],
        nextCursor: null,
      });
    });

    it('recount reports and repairs drifted counters, and finds none when exact', async () => {
      const s = ctx.storage();
      const [a, b] = (await users(s, 2)) as [UserRecord, UserRecord];
      await s.follows.add(a.id, b.id);
      expect(await s.follows.recount()).toEqual([]);
      await ctx.harness.setCounters(b.id, 7, 2);
      expect(await s.follows.recount()).toEqual([
        { userId: b.id, counter: 'followers', stored: 7, actual: 1 },
        { userId: b.id, counter: 'following', stored: 2, actual: 0 },
      ]);
      expect(await s.follows.counts(b.id)).toEqual({ followers: 1, following: 0 });
    });

    it('E-08: random follow/unfollow/delete sequences keep every counter exact', async () => {
      const op = fc.record({
        kind: fc.constantFrom('follow', 'follow', 'unfollow', 'delete'),
        from: fc.nat(9),
        to: fc.nat(9),
      });
      await fc.assert(
        fc.asyncProperty(fc.array(op, { minLength: 250, maxLength: 250 }), async (ops) => {
          await ctx.harness.reset();
          const s = ctx.storage();
          const ids = (await users(s, 10)).map((u) => u.id);
          const alive = new Set(ids);
          const edges = new Set<string>();
          for (const { kind, from, to } of ops) {
            const [a, b] = [ids[from]!, ids[to]!];
            if (kind === 'delete') {
              expect(await s.users.delete(a)).toBe(alive.delete(a));
              for (const e of [...edges]) if (e.split('>').includes(String(a))) edges.delete(e);
            } else if (kind === 'unfollow') {
              expect(await s.follows.remove(a, b)).toBe(edges.delete(`${a}>${b}`));
            } else if (alive.has(a) && alive.has(b)) {
              expect(await s.follows.add(a, b)).toBe(!edges.has(`${a}>${b}`));
              edges.add(`${a}>${b}`);
            } else {
              await expect(s.follows.add(a, b)).rejects.toMatchObject({ code: 'USER_NOT_FOUND' });
            }
          }
          expect(counterDrift(await ctx.harness.dump())).toEqual([]);
          for (const id of alive) {
            const counts = await s.follows.counts(id);
            const followers = [...edges].filter((e) => e.endsWith(`>${id}`)).length;
            const following = [...edges].filter((e) => e.startsWith(`${id}>`)).length;
            expect(counts).toEqual({ followers, following });
          }
        }),
        { numRuns: 2 },
      );
    });
  });
}
