import { expect, it } from 'vitest';
import { RateLimitError, StorageError } from '../../src/errors/errors.js';
import { describeEachBackend, interceptStorage, PASSWORD } from './setup.js';
import { AT, CONTEXT, familyOf, listening, NO_REQUEST, oldPbkdf2 } from './support/listening.js';
import { insertUser } from './support/login-service.js';

const NEW_PASSWORD = 'a brand new passphrase';

describeEachBackend('events: what each operation emits', 'events', (fixture) => {
  it('register emits signedUp with the new user, its first session and the request; a refused sign-up emits nothing', async () => {
    const { accounts, events } = await listening(fixture());
    const { user, tokens } = await accounts.register(
      { username: 'alice', email: 'alice@example.test', password: PASSWORD },
      CONTEXT,
    );
    await expect(
      accounts.register({ username: 'ALICE', password: PASSWORD }),
    ).rejects.toMatchObject({ code: 'USERNAME_TAKEN' });
    await expect(accounts.register({ username: 'bob', password: '123' })).rejects.toMatchObject({
      code: 'VALIDATION_FAILED',
    });
    expect(events).toEqual([
      {
        type: 'signedUp',
        at: AT,
        userId: user.id,
        username: 'alice',
        familyId: familyOf(tokens.refresh),
        ...CONTEXT,
      },
    ]);
  });

  it('login emits loggedIn with the new session; without a context, address and user agent are null', async () => {
    const { accounts, events, signUp } = await listening(fixture());
    const alice = await signUp('alice');
    const first = await accounts.login({ username: 'alice', password: PASSWORD }, CONTEXT);
    const second = await accounts.login({ username: 'Alice', password: PASSWORD });
    const loggedIn = { type: 'loggedIn', at: AT, userId: alice.id, username: 'alice' };
    expect(events).toEqual([
      { ...loggedIn, familyId: familyOf(first.refresh), ...CONTEXT },
      { ...loggedIn, familyId: familyOf(second.refresh), ...NO_REQUEST },
    ]);
  });

  it('every failed login emits loginFailed once, with the reason the login decided', async () => {
    const { accounts, events, signUp } = await listening(fixture());
    const alice = await signUp('alice');
    const bob = await signUp('bob');
    await fixture().storage.users.update(bob.id, { isActive: false });
    const attempts = [
      ['nobody', PASSWORD],
      ['no such name!', PASSWORD],
      [' ALICE ', 'wrong password'],
      ['bob', PASSWORD],
      ['bob', 'wrong password'],
    ];
    for (const [username, password] of attempts) {
      await expect(
        accounts.login({ username: username!, password: password! }, CONTEXT),
      ).rejects.toMatchObject({ code: 'INVALID_CREDENTIALS' });
    }
    const failed = { type: 'loginFailed', at: AT, ...CONTEXT };
    expect(events).toEqual([
      { ...failed, userId: null, username: 'nobody', reason: 'unknown_user' },
      { ...failed, userId: null, username: null, reason: 'unknown_user' },
      { ...failed, userId: alice.id, username: 'ALICE', reason: 'wrong_password' },
      { ...failed, userId: bob.id, username: 'bob', reason: 'inactive' },
      { ...failed, userId: bob.id, username: 'bob', reason: 'wrong_password' },
    ]);
  });

  it('a throttled login emits loginFailed "throttled" without a lookup; invalid input and storage failures emit nothing', async () => {
    const { storage } = fixture();
    const refusing = {
      assertAllowed: async () => {
        throw new RateLimitError(42);
      },
      recordSuccess: async () => {},
    };
    const throttled = await listening(fixture(), { throttle: refusing });
    await expect(
      throttled.accounts.login({ username: 'alice', password: PASSWORD }, CONTEXT),
    ).rejects.toMatchObject({ code: 'TOO_MANY_REQUESTS' });
    expect(throttled.events).toEqual([
      {
        type: 'loginFailed',
        at: AT,
        userId: null,
        username: 'alice',
        reason: 'throttled',
        ...CONTEXT,
      },
    ]);

    const down = new StorageError('STORAGE_UNAVAILABLE', 'Storage is unavailable.');
    const failing = interceptStorage(storage, {
      users: {
        findByUsernameKey: async () => {
          throw down;
        },
      },
    });
    const { accounts, events } = await listening(fixture(), { storage: failing });
    await expect(accounts.login({ username: 'alice', password: '' })).rejects.toMatchObject({
      code: 'VALIDATION_FAILED',
    });
    await expect(accounts.login({ username: 'alice', password: PASSWORD })).rejects.toBe(down);
    expect(events).toEqual([]);
  });

  it('a login that upgrades an old hash emits passwordHashUpgraded, then loggedIn; an upgrade that was not stored emits only loggedIn', async () => {
    const { storage, logger } = fixture();
    const carol = await insertUser(storage, 'carol', oldPbkdf2(PASSWORD));
    const dave = await insertUser(storage, 'dave', oldPbkdf2(PASSWORD));
    const { accounts, events } = await listening(fixture());
    const upgraded = await accounts.login({ username: 'carol', password: PASSWORD });
    const failing = interceptStorage(storage, {
      users: {
        update: async () => {
          throw new StorageError('STORAGE_UNAVAILABLE', 'Storage is unavailable.');
        },
      },
    });
    const unstored = await listening(fixture(), { storage: failing });
    const kept = await unstored.accounts.login({ username: 'dave', password: PASSWORD });
    expect(events).toEqual([
      { type: 'passwordHashUpgraded', at: AT, userId: carol.id, ...NO_REQUEST },
      {
        type: 'loggedIn',
        at: AT,
        userId: carol.id,
        username: 'carol',
        familyId: familyOf(upgraded.refresh),
        ...NO_REQUEST,
      },
    ]);
    expect(unstored.events).toEqual([
      {
        type: 'loggedIn',
        at: AT,
        userId: dave.id,
        username: 'dave',
        familyId: familyOf(kept.refresh),
        ...NO_REQUEST,
      },
    ]);
    expect(logger.lines).toEqual([
      `password hash upgrade failed; kept the old hash {"userId":${dave.id},"code":"STORAGE_UNAVAILABLE"}`,
    ]);
  });

  it('refresh emits nothing when it rotates; a reused token emits refreshTokenReused with the revoked family, once', async () => {
    const { accounts, events, signUp } = await listening(fixture());
    const alice = await signUp('alice');
    const rotated = await accounts.refresh({ refresh: alice.tokens.refresh });
    expect(events).toEqual([]);
    await expect(accounts.refresh({ refresh: alice.tokens.refresh })).rejects.toMatchObject({
      code: 'TOKEN_REUSED',
    });
    await expect(accounts.refresh({ refresh: rotated.refresh })).rejects.toMatchObject({
      code: 'TOKEN_REVOKED',
    });
    expect(events).toEqual([
      {
        type: 'refreshTokenReused',
        at: AT,
        userId: alice.id,
        familyId: familyOf(alice.tokens.refresh),
        ...NO_REQUEST,
      },
    ]);
  });

  it('logout emits loggedOut for the session it ended; logging out again emits nothing; logout everywhere emits allSessionsEnded', async () => {
    const { accounts, events, signUp } = await listening(fixture());
    const alice = await signUp('alice');
    await accounts.logout({ refresh: alice.tokens.refresh });
    await accounts.logout({ refresh: alice.tokens.refresh });
    await accounts.logoutEverywhere({ userId: alice.id });
    expect(events).toEqual([
      {
        type: 'loggedOut',
        at: AT,
        userId: alice.id,
        familyId: familyOf(alice.tokens.refresh),
        ...NO_REQUEST,
      },
      {
        type: 'allSessionsEnded',
        at: AT,
        userId: alice.id,
        reason: 'logout_everywhere',
        ...NO_REQUEST,
      },
    ]);
  });

  it('a password change emits passwordChanged, then allSessionsEnded; other and refused updates emit nothing', async () => {
    const { accounts, events, signUp } = await listening(fixture());
    const alice = await signUp('alice');
    await accounts.updateProfile({ userId: alice.id, changes: { email: 'alice@example.test' } });
    await accounts.clearCoverImage({ userId: alice.id });
    await expect(
      accounts.updateProfile({
        userId: alice.id,
        changes: { password: NEW_PASSWORD, current_password: 'not it' },
      }),
    ).rejects.toMatchObject({ code: 'INVALID_CURRENT_PASSWORD' });
    await accounts.updateProfile({
      userId: alice.id,
      changes: { password: NEW_PASSWORD, current_password: PASSWORD },
    });
    expect(events).toEqual([
      { type: 'passwordChanged', at: AT, userId: alice.id, ...NO_REQUEST },
      {
        type: 'allSessionsEnded',
        at: AT,
        userId: alice.id,
        reason: 'password_changed',
        ...NO_REQUEST,
      },
    ]);
  });

  it('deleting an account emits accountDeleted with the name it had; a wrong password emits nothing', async () => {
    const { accounts, events, signUp } = await listening(fixture());
    const alice = await signUp('alice');
    await expect(
      accounts.deleteAccount({ userId: alice.id, password: 'not it' }),
    ).rejects.toMatchObject({ code: 'INVALID_CURRENT_PASSWORD' });
    await accounts.deleteAccount({ userId: alice.id, password: PASSWORD });
    expect(events).toEqual([
      { type: 'accountDeleted', at: AT, userId: alice.id, username: 'alice', ...NO_REQUEST },
    ]);
  });

  it('follow, unfollow and toggleFollow emit only when an edge changed', async () => {
    const { accounts, events, signUp } = await listening(fixture());
    const alice = (await signUp('alice')).id;
    const bob = (await signUp('bob')).id;
    const pair = { userId: alice, targetId: bob };
    await accounts.follow(pair);
    await accounts.follow(pair);
    await accounts.unfollow(pair);
    await accounts.unfollow(pair);
    await accounts.toggleFollow(pair);
    await accounts.toggleFollow(pair);
    await expect(accounts.follow({ userId: alice, targetId: alice })).rejects.toMatchObject({
      code: 'CANNOT_FOLLOW_SELF',
    });
    const edge = { at: AT, userId: alice, targetId: bob, ...NO_REQUEST };
    expect(events).toEqual([
      { type: 'followed', ...edge },
      { type: 'unfollowed', ...edge },
      { type: 'followed', ...edge },
      { type: 'unfollowed', ...edge },
    ]);
  });
});
