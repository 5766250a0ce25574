import { expect, it } from 'vitest';
import { describeEachBackend, interceptStorage, PASSWORD } from './setup.js';

describeEachBackend('the storage calls of the hot path', 'read_budget', (fixture) => {
  const traced = async () => {
    const calls: string[] = [];
    const storage = interceptStorage(fixture().storage, {
      onCall: (group, method) => calls.push(`${group}.${method}`),
    });
    const accounts = await fixture().build({ storage });
    return { accounts, calls };
  };

  it('authenticate reads the user row and nothing else, sessions or not', async () => {
    const { accounts, calls } = await traced();
    const { tokens } = await accounts.register({ username: 'alice', password: PASSWORD });
    await accounts.login({ username: 'alice', password: PASSWORD }, { userAgent: 'Phone/2.0' });
    calls.length = 0;
    await accounts.authenticate(tokens.access);
    expect(calls).toEqual(['users.findById']);
  });

  it("a user's detail for an authenticated viewer reads the user and the edge", async () => {
    const { accounts, calls } = await traced();
    const alice = await accounts.register({ username: 'alice', password: PASSWORD });
    await accounts.register({ username: 'bob', password: PASSWORD });
    const viewer = await accounts.authenticate(alice.tokens.access);
    const bob = await fixture().storage.users.findByUsernameKey('bob');
    calls.length = 0;
    await accounts.getUserDetail({ viewerId: viewer.userId, id: bob?.id ?? 0 });
    expect(calls).toEqual(['users.findById', 'follows.exists']);
  });

  it("a user's detail by the viewer's access token reads viewer, user and edge in one call", async () => {
    const { accounts, calls } = await traced();
    const alice = await accounts.register({ username: 'alice', password: PASSWORD });
    const bob = await accounts.register({ username: 'bob', password: PASSWORD });
    calls.length = 0;
    await accounts.getUserDetail({ accessToken: alice.tokens.access, id: bob.user.id });
    expect(calls).toEqual(['users.findViewing']);
  });
});
