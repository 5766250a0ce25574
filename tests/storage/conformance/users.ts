import { describe, expect, it } from 'vitest';
import { aToken, aUser, expectedUser } from './builders.js';
import type { SuiteContext } from './index.js';

export function describeUsers(ctx: SuiteContext): void {
  describe('users', () => {
    it('inserts a user and returns the whole record, read back identically', async () => {
      const s = ctx.storage();
      const input = aUser({
        username: 'Alice',
        isActive: false,
        profilePic: 'images/profile/Alice_1/a.png',
        coverImage: 'images/cover/coverphoto.jpg',
      });
      const alice = await s.users.insert(input);
      expect(alice).toEqual(expectedUser(alice.id, input));
      expect(await s.users.findById(alice.id)).toEqual(alice);
      expect(await s.users.findByUsernameKey('alice')).toEqual(alice);
      expect(await ctx.second().users.findById(alice.id)).toEqual(alice);
    });

    it('assigns increasing integer ids and returns fresh objects', async () => {
      const s = ctx.storage();
      const a = await s.users.insert(aUser({ username: 'a' }));
      const b = await s.users.insert(aUser({ username: 'b' }));
      expect(Number.isInteger(a.id) && b.id > a.id).toBe(true);
      expect(await s.users.findById(a.id)).not.toBe(await s.users.findById(a.id));
    });

    it('C-02: the same username again is USERNAME_TAKEN and changes nothing', async () => {
      const s = ctx.storage();
      await s.users.insert(aUser({ username: 'alice' }));
      const before = await ctx.harness.dump();
      await expect(
        s.users.insert(aUser({ username: 'alice', passwordHash: 'other' })),
      ).rejects.toMatchObject({ name: 'ConflictError', code: 'USERNAME_TAKEN' });
      expect(await ctx.harness.dump()).toEqual(before);
    });

    it('C-03: Alice, ALICE and fullwidth ＡＬＩＣＥ after alice are USERNAME_TAKEN', async () => {
      const s = ctx.storage();
      await s.users.insert(aUser({ username: 'alice' }));
      for (const username of ['Alice', 'ALICE', 'ＡＬＩＣＥ']) {
        await expect(s.users.insert(aUser({ username }))).rejects.toMatchObject({
          code: 'USERNAME_TAKEN',
        });
      }
      expect((await ctx.harness.dump()).users).toHaveLength(1);
    });

    it('keeps keys distinct that differ only by an accent or trailing space (binary, no-pad)', async () => {
      const s = ctx.storage();
      for (const key of ['resume', 'résumé', 'bob', 'bob ']) {
        await s.users.insert(aUser({ username: key, usernameKey: key }));
      }
      expect((await s.users.findByUsernameKey('bob '))?.usernameKey).toBe('bob ');
      expect((await s.users.findByUsernameKey('résumé'))?.usernameKey).toBe('résumé');
      expect(await s.users.findByUsernameKey('Resume')).toBeNull();
    });

    describe('findViewing: a user as another sees them, in one call', () => {
      it('reads both rows, exactly as findById reads them, and the edge between them', async () => {
        const s = ctx.storage();
        const alice = await s.users.insert(aUser({ username: 'alice' }));
        const bob = await s.users.insert(aUser({ username: 'bob', profilePic: 'p/b.png' }));
        await s.follows.add(alice.id, bob.id);
        expect(await s.users.findViewing(alice.id, bob.id)).toEqual({
          viewer: await s.users.findById(alice.id),
          user: await s.users.findById(bob.id),
          following: true,
        });
      });

      it('answers following: false the other way round, and after an unfollow', async () => {
        const s = ctx.storage();
        const alice = await s.users.insert(aUser({ username: 'alice' }));
        const bob = await s.users.insert(aUser({ username: 'bob' }));
        await s.follows.add(alice.id, bob.id);
        expect((await s.users.findViewing(bob.id, alice.id)).following).toBe(false);
        await s.follows.remove(alice.id, bob.id);
        expect((await ctx.second().users.findViewing(alice.id, bob.id)).following).toBe(false);
      });

      it('names the same row twice for oneself, not following', async () => {
        const s = ctx.storage();
        const alice = await s.users.insert(aUser({ username: 'alice' }));
        const self = await s.users.findViewing(alice.id, alice.id);
        expect(self).toEqual({ viewer: alice, user: alice, following: false });
      });

      it('gives null for whichever user is missing', async () => {
        const s = ctx.storage();
        const alice = await s.users.insert(aUser({ username: 'alice' }));
        const gone = alice.id + 100;
        expect(await s.users.findViewing(alice.id, gone)).toEqual({
          viewer: alice,
          user: null,
          following: false,
        });
        expect(await s.users.findViewing(gone, alice.id)).toEqual({
          viewer: null,
          user: alice,
          following: false,
        });
      });

      it('reads inside a transaction what the transaction wrote', async () => {
        const s = ctx.storage();
        const alice = await s.users.insert(aUser({ username: 'alice' }));
        const bob = await s.users.insert(aUser({ username: 'bob' }));
        const seen = await s.transaction(async (tx) => {
          await tx.follows.add(alice.id, bob.id);
          return tx.users.findViewing(alice.id, bob.id);
        });
        expect([seen.following, seen.user?.followersCount]).toEqual([true, 1]);
      });
    });

    it('finds by email ignoring case, lowest id first; absence is null or empty', async () => {
      const s = ctx.storage();
      const a = await s.users.insert(aUser({ username: 'a', email: 'same@example.test' }));
      const b = await s.users.insert(aUser({ username: 'b', email: 'Same@EXAMPLE.test' }));
      expect(await s.users.findByEmail('same@example.test')).toEqual([a, b]);
      expect(await s.users.findByEmail('SAME@example.TEST')).toEqual([a, b]);
      expect(await s.users.findByEmail('none@example.test')).toEqual([]);
      expect(await s.users.findById(b.id + 100)).toBeNull();
      expect(await s.users.findByUsernameKey('nobody')).toBeNull();
    });

    it('applies a partial update and leaves other fields alone', async () => {
      const s = ctx.storage();
      const alice = await s.users.insert(aUser({ username: 'alice' }));
      const updated = await s.users.update(alice.id, {
        email: 'new@example.test',
        username: 'Alicia',
        usernameKey: 'alicia',
        profilePic: 'images/profile/alicia_1/b.jpg',
        isActive: false,
      });
      const expected = {
        ...alice,
        email: 'new@example.test',
        username: 'Alicia',
        usernameKey: 'alicia',
        profilePic: 'images/profile/alicia_1/b.jpg',
        isActive: false,
      };
      expect(updated).toEqual(expected);
      expect(await s.users.findById(alice.id)).toEqual(expected);
      expect(await s.users.update(alice.id, {})).toEqual(expected);
      expect(await s.users.update(alice.id + 100, { email: 'x@example.test' })).toBeNull();
    });

    it('G-02: a rename onto a taken key is USERNAME_TAKEN and changes nothing', async () => {
      const s = ctx.storage();
      const alice = await s.users.insert(aUser({ username: 'alice' }));
      await s.users.insert(aUser({ username: 'bob' }));
      const before = await ctx.harness.dump();
      await expect(
        s.users.update(alice.id, { username: 'BOB', usernameKey: 'bob' }),
      ).rejects.toMatchObject({ code: 'USERNAME_TAKEN' });
      expect(await ctx.harness.dump()).toEqual(before);
    });

    it('compare-and-swap on the password hash writes only when the old hash still matches', async () => {
      const s = ctx.storage();
      const alice = await s.users.insert(aUser({ username: 'alice', passwordHash: 'old' }));
      await s.users.update(alice.id, { passwordHash: 'changed' });
      expect(
        await s.users.update(
          alice.id,
          { passwordHash: 'upgraded' },
          { expectedPasswordHash: 'old' },
        ),
      ).toBeNull();
      expect((await s.users.findById(alice.id))?.passwordHash).toBe('changed');
      expect(
        await s.users.update(
          alice.id,
          { passwordHash: 'upgraded' },
          { expectedPasswordHash: 'changed' },
        ),
      ).toEqual({ ...alice, passwordHash: 'upgraded' });
    });

    it('records the last login to the millisecond, read back by every connection', async () => {
      const s = ctx.storage();
      const alice = await s.users.insert(aUser({ username: 'alice' }));
      const at = new Date('2024-07-12T08:30:00.456Z');
      expect(await s.users.recordLogin(alice.id, at)).toBe(true);
      expect(await s.users.findById(alice.id)).toEqual({ ...alice, lastLogin: at });
      expect(await ctx.second().users.findById(alice.id)).toEqual({ ...alice, lastLogin: at });
      expect((await s.users.findByEmail('ALICE@example.test'))[0]?.lastLogin).toEqual(at);
      const later = new Date('2024-07-13T00:00:00.001Z');
      expect(await s.users.recordLogin(alice.id, later)).toBe(true);
      expect((await s.users.findById(alice.id))?.lastLogin).toEqual(later);
    });

    it('recording a login of a missing user is false and writes nothing', async () => {
      const s = ctx.storage();
      const alice = await s.users.insert(aUser({ username: 'alice' }));
      const before = await ctx.harness.dump();
      expect(await s.users.recordLogin(alice.id + 100, new Date('2024-07-12T08:30:00Z'))).toBe(
        false,
      );
      expect(await ctx.harness.dump()).toEqual(before);
    });

    it('keeps one verified address per user, replaced by the next, removed with the user', async () => {
      const s = ctx.storage();
      const alice = await s.users.insert(aUser({ username: 'alice' }));
      expect(await s.users.findEmailVerification(alice.id)).toBeNull();
      const at = new Date('2024-07-12T08:30:00.456Z');
      expect(await s.users.recordEmailVerification(alice.id, 'alice@example.test', at)).toBe(true);
      expect(await ctx.second().users.findEmailVerification(alice.id)).toEqual({
        email: 'alice@example.test',
        verifiedAt: at,
      });
      const later = new Date('2024-07-13T00:00:00.001Z');
      await s.users.recordEmailVerification(alice.id, 'alice@elsewhere.test', later);
      expect(await s.users.findEmailVerification(alice.id)).toEqual({
        email: 'alice@elsewhere.test',
        verifiedAt: later,
      });
      expect(await s.users.recordEmailVerification(alice.id + 100, 'x@example.test', at)).toBe(
        false,
      );
      expect(await s.users.delete(alice.id)).toBe(true);
      expect(await s.users.findEmailVerification(alice.id)).toBeNull();
    });

    it('increments the token version; null for a missing user', async () => {
      const s = ctx.storage();
      const alice = await s.users.insert(aUser());
      expect(await s.users.incrementTokenVersion(alice.id)).toBe(1);
      expect(await s.users.incrementTokenVersion(alice.id)).toBe(2);
      expect((await s.users.findById(alice.id))?.tokenVersion).toBe(2);
      expect(await s.users.incrementTokenVersion(alice.id + 100)).toBeNull();
    });

    it("deletes a user with their edges and tokens, moving everyone else's counters", async () => {
      const s = ctx.storage();
      const [a, b, c] = [
        await s.users.insert(aUser({ username: 'a' })),
        await s.users.insert(aUser({ username: 'b' })),
        await s.users.insert(aUser({ username: 'c' })),
      ];
      await s.follows.add(a.id, b.id);
      await s.follows.add(b.id, a.id);
      await s.follows.add(c.id, a.id);
      await s.follows.add(b.id, c.id);
      await s.refreshTokens.insert(aToken(a.id, 'jti-a'));
      expect(await s.users.delete(a.id)).toBe(true);
      expect(await s.users.delete(a.id)).toBe(false);
      expect(await s.users.findById(a.id)).toBeNull();
      expect(await s.refreshTokens.find('jti-a')).toBeNull();
      expect(await s.follows.counts(b.id)).toEqual({ followers: 0, following: 1 });
      expect(await s.follows.counts(c.id)).toEqual({ followers: 1, following: 0 });
      expect(await s.follows.counts(a.id)).toBeNull();
    });
  });
}
