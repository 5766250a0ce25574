import { expect, it } from 'vitest';
import { countingStorage, describeEachBackend, PASSWORD } from './setup.js';
import { refusedCallers } from './support/refused-callers.js';

describeEachBackend('getMe by access token', 'get-me-token', (fixture) => {
  async function signUp(username: string) {
    const { accounts } = fixture();
    return accounts.register({ username, email: `${username}@example.test`, password: PASSWORD });
  }

  it('answers what authenticating, then asking by id, answers', async () => {
    const { accounts } = fixture();
    const { user, tokens } = await signUp('alice');
    const byToken = await accounts.getMe({ accessToken: tokens.access });
    expect(byToken).toEqual(await accounts.getMe({ userId: user.id }));
    expect(Object.keys(byToken)).toEqual(Object.keys(await accounts.getMe({ userId: user.id })));
  });

  it('reads the caller once', async () => {
    const { storage, build } = fixture();
    const { tokens } = await signUp('alice');
    const counted = countingStorage(storage);
    const accounts = await build({ storage: counted });
    await accounts.getMe({ accessToken: tokens.access });
    expect(counted.calls).toEqual(['users.findById']);
  });

  it('refuses as authenticate does: revoked, inactive, deleted, forged', async () => {
    const { accounts, storage } = fixture();
    for (const [accessToken, code] of await refusedCallers(accounts, storage)) {
      await expect(accounts.getMe({ accessToken })).rejects.toMatchObject({ code });
      await expect(accounts.authenticate(accessToken)).rejects.toMatchObject({ code });
    }
  });

  it('takes exactly { accessToken: string }', async () => {
    const { accounts } = fixture();
    const { tokens } = await signUp('alice');
    for (const input of [{ accessToken: 7 }, { accessToken: tokens.access, userId: 1 }]) {
      await expect(accounts.getMe(input as never)).rejects.toMatchObject({
        code: 'VALIDATION_FAILED',
      });
    }
  });
});
