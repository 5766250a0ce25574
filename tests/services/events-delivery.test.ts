import { expect, it } from 'vitest';
import { countingStorage, describeEachBackend, PASSWORD, SECRET } from './setup.js';
import { CONTEXT, listening, oldPbkdf2 } from './support/listening.js';
import { insertUser } from './support/login-service.js';

const NEW_PASSWORD = 'a brand new passphrase';

describeEachBackend('events: how they are delivered', 'events_delivery', (fixture) => {
  it('reads emit nothing: authenticate still reads one user, getUserDetail one user and one edge', async () => {
    const { storage } = fixture();
    const counted = countingStorage(storage);
    const { accounts, events, signUp } = await listening(fixture(), { storage: counted });
    const alice = await signUp('alice');
    const bob = (await signUp('bob')).id;
    counted.calls.length = 0;
    await accounts.authenticate(alice.tokens.access);
    expect(counted.calls).toEqual(['users.findById']);
    counted.calls.length = 0;
    await accounts.getUserDetail({ viewerId: alice.id, id: bob });
    expect(counted.calls.sort()).toEqual(['follows.exists', 'users.findById']);
    await accounts.getMe({ userId: alice.id });
    await accounts.verifyToken({ token: alice.tokens.refresh });
    await accounts.listFollowers({ id: bob });
    await accounts.listFollowing({ id: alice.id });
    expect(events).toEqual([]);
  });

  it('listeners run after the commit: inside the listener, storage shows the change', async () => {
    const { storage } = fixture();
    const seen: string[] = [];
    const accounts = await fixture().build({
      events: {
        async onEvent(event) {
          if (event.type === 'signedUp') {
            seen.push(`user ${(await storage.users.findById(event.userId))?.username}`);
          }
          if (event.type === 'followed' || event.type === 'unfollowed') {
            const edge = await storage.follows.exists(event.userId, event.targetId);
            seen.push(`${event.type}: edge ${edge}`);
          }
          if (event.type === 'allSessionsEnded') {
            seen.push(`version ${(await storage.users.findById(event.userId))?.tokenVersion}`);
          }
          if (event.type === 'accountDeleted') {
            seen.push(`deleted ${(await storage.users.findById(event.userId)) === null}`);
          }
        },
      },
    });
    const { user: alice, tokens } = await accounts.register({
      username: 'alice',
      password: PASSWORD,
    });
    const { user: bob } = await accounts.register({ username: 'bob', password: PASSWORD });
    await accounts.follow({ userId: alice.id, targetId: bob.id });
    await accounts.unfollow({ userId: alice.id, targetId: bob.id });
    await accounts.logoutEverywhere({ userId: alice.id });
    await accounts.deleteAccount({ userId: alice.id, password: PASSWORD });
    expect(seen).toEqual([
      'user alice',
      'user bob',
      'followed: edge true',
      'unfollowed: edge false',
      'version 1',
      'deleted true',
    ]);
    await expect(accounts.authenticate(tokens.access)).rejects.toMatchObject({
      code: 'TOKEN_INVALID',
    });
  });

  it('a listener that throws or rejects changes no result; each failure is one warning naming its class only', async () => {
    const { logger } = fixture();
    const throwing = await fixture().build({
      events: {
        onEvent() {
          throw new TypeError(`listener saw ${PASSWORD}`);
        },
      },
    });
    const rejecting = await fixture().build({
      events: {
        async onEvent(event) {
          if (event.type === 'followed') throw 'not an error';
          throw new RangeError(`listener saw ${PASSWORD}`);
        },
      },
    });
    const { user: alice, tokens } = await throwing.register({
      username: 'alice',
      password: PASSWORD,
    });
    expect(await throwing.authenticate(tokens.access)).toMatchObject({ userId: alice.id });
    await expect(
      throwing.login({ username: 'alice', password: 'wrong password' }),
    ).rejects.toMatchObject({ code: 'INVALID_CREDENTIALS' });
    const { user: bob } = await rejecting.register({ username: 'bob', password: PASSWORD });
    expect(await rejecting.follow({ userId: bob.id, targetId: alice.id })).toEqual({
      following: true,
      changed: true,
      followers: 1,
    });
    await expect(rejecting.logoutEverywhere({ userId: bob.id })).resolves.toBeUndefined();
    expect(logger.lines).toEqual([
      'event listener failed {"event":"signedUp","error":"TypeError"}',
      'event listener failed {"event":"loginFailed","error":"TypeError"}',
      'event listener failed {"event":"signedUp","error":"RangeError"}',
      'event listener failed {"event":"followed","error":"string"}',
      'event listener failed {"event":"allSessionsEnded","error":"RangeError"}',
    ]);
  });

  it('no event carries a password, a hash, a token or the signing key', async () => {
    const { storage } = fixture();
    const { accounts, events } = await listening(fixture());
    const secrets = [SECRET, PASSWORD, NEW_PASSWORD, 'wrong password'];
    const keep = (pair: { refresh: string; access: string }) => {
      for (const token of [pair.refresh, pair.access]) secrets.push(token, token.split('.')[2]!);
    };
    const keepHash = async (id: number) => {
      const { passwordHash } = (await storage.users.findById(id))!;
      secrets.push(passwordHash, passwordHash.split('$').at(-1)!);
    };
    const carol = await insertUser(storage, 'carol', oldPbkdf2(PASSWORD));
    await keepHash(carol.id);
    keep(await accounts.login({ username: 'carol', password: PASSWORD }, CONTEXT));
    await keepHash(carol.id);
    const { user, tokens } = await accounts.register({ username: 'alice', password: PASSWORD });
    keep(tokens);
    await keepHash(user.id);
    await accounts.login({ username: 'alice', password: 'wrong password' }).catch(() => {});
    await accounts.login({ username: 'nobody', password: PASSWORD }).catch(() => {});
    const rotated = await accounts.refresh({ refresh: tokens.refresh });
    keep(rotated);
    await accounts.refresh({ refresh: tokens.refresh }).catch(() => {});
    await accounts.follow({ userId: user.id, targetId: carol.id });
    await accounts.unfollow({ userId: user.id, targetId: carol.id });
    const changed = await accounts.updateProfile({
      userId: user.id,
      changes: { password: NEW_PASSWORD, current_password: PASSWORD },
    });
    keep(changed.tokens!);
    await keepHash(user.id);
    await accounts.logout({ refresh: changed.tokens!.refresh });
    await accounts.logoutEverywhere({ userId: carol.id });
    await accounts.deleteAccount({ userId: user.id, password: NEW_PASSWORD });
    expect(events.map((event) => event.type)).toEqual([
      'passwordHashUpgraded',
      'loggedIn',
      'signedUp',
      'loginFailed',
      'loginFailed',
      'refreshTokenReused',
      'followed',
      'unfollowed',
      'passwordChanged',
      'allSessionsEnded',
      'loggedOut',
      'allSessionsEnded',
      'accountDeleted',
    ]);
    const written = JSON.stringify(events);
    expect(secrets.filter((secret) => written.includes(secret))).toEqual([]);
  });

  it('a user agent is cut to 512 characters, never refused, and never inside a character', async () => {
    const { accounts, events, signUp } = await listening(fixture());
    await signUp('alice');
    const long = `Agent/1.0 ${'x'.repeat(1_000)}`;
    const straddling = `${'y'.repeat(511)}😀 and more`;
    await accounts.login({ username: 'alice', password: PASSWORD }, { userAgent: long });
    await accounts.login({ username: 'alice', password: PASSWORD }, { userAgent: straddling });
    expect(events.map((event) => event.userAgent)).toEqual([long.slice(0, 512), 'y'.repeat(511)]);
    await expect(
      accounts.login({ username: 'alice', password: PASSWORD }, { userAgent: 7 } as never),
    ).rejects.toMatchObject({ code: 'VALIDATION_FAILED' });
  });

  it('refuses an events option without onEvent()', async () => {
    await expect(fixture().build({ events: {} as never })).rejects.toMatchObject({
      code: 'CONFIGURATION_ERROR',
      problems: ['events: must have onEvent()'],
    });
  });
});
