import { expect, it } from 'vitest';
import { describeEachBackend, PASSWORD } from './setup.js';

describeEachBackend('follow', 'follow', (fixture) => {
  async function users(...names: string[]) {
    const { accounts } = fixture();
    const ids: number[] = [];
    for (const username of names) {
      const { user } = await accounts.register({
        username,
        email: `${username}@example.test`,
        password: PASSWORD,
      });
      ids.push(user.id);
    }
    return ids;
  }

  it('follow and unfollow are idempotent and report the target follower count', async () => {
    const { accounts } = fixture();
    const [alice, bob] = await users('alice', 'bob');
    expect(await accounts.follow({ userId: alice!, targetId: bob! })).toEqual({
      following: true,
      changed: true,
      followers: 1,
    });
    expect(await accounts.follow({ userId: alice!, targetId: String(bob) })).toEqual({
      following: true,
      changed: false,
      followers: 1,
    });
    expect(await accounts.unfollow({ userId: alice!, targetId: bob! })).toEqual({
      following: false,
      changed: true,
      followers: 0,
    });
    expect(await accounts.unfollow({ userId: alice!, targetId: bob! })).toEqual({
      following: false,
      changed: false,
      followers: 0,
    });
  });

  it('refuses self (CANNOT_FOLLOW_SELF), a missing user and (decision) a new edge to an inactive one', async () => {
    const { accounts, storage, harness } = fixture();
    const [alice, bob] = await users('alice', 'bob');
    await storage.users.update(bob!, { isActive: false });
    const before = await harness.dump();
    await expect(accounts.follow({ userId: alice!, targetId: alice! })).rejects.toMatchObject({
      name: 'BadRequestError',
      code: 'CANNOT_FOLLOW_SELF',
    });
    for (const call of [accounts.follow, accounts.toggleFollow]) {
      await expect(call({ userId: alice!, targetId: 999_999 })).rejects.toMatchObject({
        code: 'USER_NOT_FOUND',
      });
      await expect(call({ userId: alice!, targetId: bob! })).rejects.toMatchObject({
        code: 'USER_NOT_FOUND',
      });
    }
    await expect(accounts.follow({ userId: alice!, targetId: '5/../6' })).rejects.toMatchObject({
      code: 'VALIDATION_FAILED',
      issues: [{ path: ['targetId'], code: 'INVALID_ID' }],
    });
    expect(await harness.dump()).toEqual(before);
  });

  it("E-05 the actor cannot be named in the input: UNKNOWN_FIELD, and the only edge is the caller's", async () => {
    const { accounts, harness } = fixture();
    const [alice, bob, carol] = await users('alice', 'bob', 'carol');
    await expect(
      accounts.follow({ userId: alice!, targetId: bob!, follower_id: carol } as never),
    ).rejects.toMatchObject({
      code: 'VALIDATION_FAILED',
      issues: [{ path: ['follower_id'], code: 'UNKNOWN_FIELD' }],
    });
    await accounts.follow({ userId: alice!, targetId: bob! });
    expect((await harness.dump()).follows.map((row) => [row.from_user_id, row.to_user_id])).toEqual(
      [[alice, bob]],
    );
  });

  it('E-06 is_following: true after follow, false after unfollow, for self and for anonymous viewers', async () => {
    const { accounts } = fixture();
    const [alice, bob] = await users('alice', 'bob');
    const isFollowing = async (viewerId: number | null | undefined, id: number) =>
      (await accounts.getUserDetail(viewerId === undefined ? { id } : { viewerId, id }))
        .is_following;
    await accounts.follow({ userId: alice!, targetId: bob! });
    expect(await isFollowing(alice, bob!)).toBe(true);
    expect(await isFollowing(bob, alice!)).toBe(false);
    expect(await isFollowing(alice, alice!)).toBe(false);
    expect(await isFollowing(null, bob!)).toBe(false);
    expect(await isFollowing(undefined, bob!)).toBe(false);
    await accounts.unfollow({ userId: alice!, targetId: bob! });
    expect(await isFollowing(alice, bob!)).toBe(false);
    await expect(accounts.getUserDetail({ viewerId: alice!, id: 424_242 })).rejects.toMatchObject({
      name: 'NotFoundError',
      code: 'USER_NOT_FOUND',
    });
  });

  it('user detail: the full object with counts and is_following last', async () => {
    const { accounts } = fixture();
    const [alice, bob] = await users('alice', 'bob');
    await accounts.follow({ userId: alice!, targetId: bob! });
    const detail = await accounts.getUserDetail({ viewerId: alice!, id: String(bob) });
    expect(detail).toEqual({
      id: bob,
      username: 'bob',
      date_joined: 'now',
      email: 'bob@example.test',
      profile_pic: null,
      following: 0,
      followers: 1,
      cover_image: '/media/images/cover/coverphoto.jpg',
      is_following: true,
    });
    expect(Object.keys(detail).at(-1)).toBe('is_following');
    expect(await accounts.getMe({ userId: alice! })).toEqual({
      id: alice,
      username: 'alice',
      date_joined: 'now',
      email: 'alice@example.test',
      profile_pic: null,
      following: 1,
      followers: 0,
      cover_image: '/media/images/cover/coverphoto.jpg',
    });
  });

  it('toggleFollow answers as the original: requester name, email, followed, following count', async () => {
    const { accounts } = fixture();
    const [alice, bob, carol] = await users('alice', 'bob', 'carol');
    await accounts.follow({ userId: alice!, targetId: carol! });
    expect(await accounts.toggleFollow({ userId: alice!, targetId: bob! })).toEqual({
      username: 'alice',
      email: 'alice@example.test',
      followed: true,
      followers: 2,
    });
    expect(await accounts.toggleFollow({ userId: alice!, targetId: bob! })).toEqual({
      username: 'alice',
      email: 'alice@example.test',
      followed: false,
      followers: 1,
    });
  });

  it('an existing edge to a user who became inactive can still be removed', async () => {
    const { accounts, storage } = fixture();
    const [alice, bob] = await users('alice', 'bob');
    await accounts.follow({ userId: alice!, targetId: bob! });
    await storage.users.update(bob!, { isActive: false });
    expect(await accounts.toggleFollow({ userId: alice!, targetId: bob! })).toMatchObject({
      followed: false,
      followers: 0,
    });
  });

  it('follower and following lists: newest first, keyset cursors, exact pages', async () => {
    const { accounts } = fixture();
    const ids = await users('star', 'f1', 'f2', 'f3', 'f4', 'f5', 'f6', 'f7');
    const [star, ...fans] = ids;
    for (const fan of fans) await accounts.follow({ userId: fan, targetId: star! });
    const first = await accounts.listFollowers({ id: star! });
    expect(first.users.map((u) => u.username)).toEqual(['f7', 'f6', 'f5', 'f4', 'f3']);
    expect(first.nextCursor).toEqual(expect.any(String));
    const second = await accounts.listFollowers({ id: star!, cursor: first.nextCursor! });
    expect(second).toEqual({
      total: 7,
      users: [
        expect.objectContaining({ username: 'f2' }),
        expect.objectContaining({ username: 'f1' }),
      ],
      nextCursor: null,
    });
    const following = await accounts.listFollowing({ id: fans[0]!, limit: 10 });
    expect(following).toEqual({
      total: 1,
      users: [expect.objectContaining({ username: 'star', followers: 7 })],
      nextCursor: null,
    });
  });

  it('lists refuse a missing user (USER_NOT_FOUND, the original answered 500) and bad cursors', async () => {
    const { accounts } = fixture();
    const [alice] = await users('alice');
    await expect(accounts.listFollowers({ id: 999_999 })).rejects.toMatchObject({
      code: 'USER_NOT_FOUND',
    });
    for (const cursor of ['abc', '0', '-1', '1e5', '1'.repeat(20)]) {
      await expect(accounts.listFollowing({ id: alice!, cursor })).rejects.toMatchObject({
        code: 'VALIDATION_FAILED',
      });
    }
    await expect(accounts.listFollowing({ id: alice!, limit: 101 })).rejects.toMatchObject({
      code: 'VALIDATION_FAILED',
    });
  });

  it('recount repairs drifted counters and reports each repair', async () => {
    const { accounts, harness } = fixture();
    const [alice, bob] = await users('alice', 'bob');
    await accounts.follow({ userId: alice!, targetId: bob! });
    await harness.setCounters(bob!, 5, 3);
    const drifts = await accounts.recount();
    expect(drifts).toEqual(
      expect.arrayContaining([
        { userId: bob, counter: 'followers', stored: 5, actual: 1 },
        { userId: bob, counter: 'following', stored: 3, actual: 0 },
      ]),
    );
    expect(drifts).toHaveLength(2);
    expect(await accounts.getMe({ userId: bob! })).toMatchObject({ followers: 1, following: 0 });
  });
});
