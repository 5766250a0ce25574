import { expect, it } from 'vitest';
import { describeEachBackend, PASSWORD } from './setup.js';
import { refusedCallers } from './support/refused-callers.js';

describeEachBackend('getUserDetail by access token', 'detail-token', (fixture) => {
  async function signUp(username: string) {
    const { accounts } = fixture();
    return accounts.register({ username, email: `${username}@example.test`, password: PASSWORD });
  }

  it('answers what authenticating, then asking by viewer id, answers', async () => {
    const { accounts } = fixture();
    const alice = await signUp('alice');
    const bob = await signUp('bob');
    await accounts.follow({ userId: alice.user.id, targetId: bob.user.id });
    for (const id of [bob.user.id, alice.user.id]) {
      const byToken = await accounts.getUserDetail({ accessToken: alice.tokens.access, id });
      const byId = await accounts.getUserDetail({ viewerId: alice.user.id, id });
      expect(byToken).toEqual(byId);
      expect(Object.keys(byToken)).toEqual(Object.keys(byId));
    }
  });

  it('tells whether the caller follows the user, and never for oneself', async () => {
    const { accounts } = fixture();
    const alice = await signUp('alice');
    const bob = await signUp('bob');
    const seen = (accessToken: string, id: number) =>
      accounts.getUserDetail({ accessToken, id }).then((user) => user.is_following);
    await accounts.follow({ userId: alice.user.id, targetId: bob.user.id });
    expect(await seen(alice.tokens.access, bob.user.id)).toBe(true);
    expect(await seen(bob.tokens.access, alice.user.id)).toBe(false);
    expect(await seen(alice.tokens.access, alice.user.id)).toBe(false);
    await accounts.unfollow({ userId: alice.user.id, targetId: bob.user.id });
    expect(await seen(alice.tokens.access, bob.user.id)).toBe(false);
  });

  it('refuses the caller as authenticate does: revoked, inactive, deleted, forged', async () => {
    const { accounts, storage } = fixture();
    const dave = await signUp('dave');
    for (const [accessToken, code] of await refusedCallers(accounts, storage)) {
      const detail = accounts.getUserDetail({ accessToken, id: dave.user.id });
      await expect(detail).rejects.toMatchObject({ code });
      await expect(accounts.authenticate(accessToken)).rejects.toMatchObject({ code });
    }
  });

  it('answers USER_NOT_FOUND for a missing or inactive user, the caller being good', async () => {
    const { accounts, storage } = fixture();
    const alice = await signUp('alice');
    const bob = await signUp('bob');
    await storage.users.update(bob.user.id, { isActive: false });
    for (const id of [bob.user.id, bob.user.id + 100]) {
      await expect(
        accounts.getUserDetail({ accessToken: alice.tokens.access, id }),
      ).rejects.toMatchObject({ code: 'USER_NOT_FOUND' });
    }
  });

  it('takes exactly { accessToken: string, id }', async () => {
    const { accounts } = fixture();
    const alice = await signUp('alice');
    const access = alice.tokens.access;
    for (const input of [
      { accessToken: 7, id: alice.user.id },
      { accessToken: access, id: 0 },
      { accessToken: access, id: 'x' },
      { accessToken: access },
      { accessToken: access, id: alice.user.id, viewerId: alice.user.id },
    ]) {
      await expect(accounts.getUserDetail(input as never)).rejects.toMatchObject({
        code: 'VALIDATION_FAILED',
      });
    }
  });

  it('reads ids given as digit strings, as the route table passes them', async () => {
    const { accounts } = fixture();
    const alice = await signUp('alice');
    const bob = await signUp('bob');
    const detail = await accounts.getUserDetail({
      accessToken: alice.tokens.access,
      id: String(bob.user.id),
    });
    expect([detail.id, detail.username]).toEqual([bob.user.id, 'bob']);
  });
});
