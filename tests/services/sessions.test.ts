import { expect, it } from 'vitest';
import type { SessionAddressPolicy } from '../../src/sessions/address-policy.js';
import { describeEachBackend, PASSWORD, T0 } from './setup.js';
import { CONTEXT, familyOf, listening, NO_REQUEST } from './support/listening.js';

const BEGAN = new Date(T0);
const DAY_MS = 86_400_000;
const PHONE = { address: '198.51.100.23', userAgent: 'ExampleApp/2.2 (Android 14)' };

describeEachBackend('sessions: listing and ending signed-in devices', 'sessions', (fixture) => {
  it('a login is a session: when it began, the client it came from, when it lapses', async () => {
    const { accounts, signUp } = await listening(fixture());
    const alice = await signUp('alice');
    fixture().clock.advance(60_000);
    const { refresh } = await accounts.login({ username: 'alice', password: PASSWORD }, CONTEXT);
    const sessions = await accounts.listSessions({ userId: alice.id });
    expect(sessions[0]).toEqual({
      id: familyOf(refresh),
      beganAt: new Date(BEGAN.getTime() + 60_000),
      lastRefreshedAt: null,
      expiresAt: new Date(BEGAN.getTime() + 60_000 + DAY_MS),
      userAgent: CONTEXT.userAgent,
      address: CONTEXT.address,
      current: false,
    });
  });

  it('lists every live session newest first; sign-up itself began the oldest', async () => {
    const { accounts, signUp } = await listening(fixture());
    const alice = await signUp('alice');
    fixture().clock.advance(1_000);
    const laptop = await accounts.login({ username: 'alice', password: PASSWORD }, CONTEXT);
    fixture().clock.advance(1_000);
    const phone = await accounts.login({ username: 'alice', password: PASSWORD }, PHONE);
    const sessions = await accounts.listSessions({ userId: alice.id });
    expect(sessions.map((session) => session.id)).toEqual([
      familyOf(phone.refresh),
      familyOf(laptop.refresh),
      familyOf(alice.tokens.refresh),
    ]);
    expect(sessions[2]).toMatchObject({ beganAt: BEGAN, ...NO_REQUEST });
  });

  it("marks the caller's own session, named by its refresh token or its access token", async () => {
    const { accounts, signUp } = await listening(fixture());
    const alice = await signUp('alice');
    const phone = await accounts.login({ username: 'alice', password: PASSWORD }, PHONE);
    const byRefresh = await accounts.listSessions({
      userId: alice.id,
      currentRefresh: phone.refresh,
    });
    const session = await accounts.authenticate(phone.access);
    const byAccess = await accounts.listSessions({
      userId: alice.id,
      currentSession: session.sessionId,
    });
    const current = (list: typeof byRefresh) =>
      list.filter((entry) => entry.current).map((entry) => entry.id);
    expect(session.sessionId).toBe(familyOf(phone.refresh));
    expect(current(byRefresh)).toEqual([familyOf(phone.refresh)]);
    expect(current(byAccess)).toEqual([familyOf(phone.refresh)]);
  });

  it("marks nothing for a refresh token that does not verify or is another user's", async () => {
    const { accounts, signUp } = await listening(fixture());
    const alice = await signUp('alice');
    const bob = await signUp('bob');
    for (const currentRefresh of [bob.tokens.refresh, `${alice.tokens.refresh}x`, 'garbage']) {
      const sessions = await accounts.listSessions({ userId: alice.id, currentRefresh });
      expect(sessions.map((entry) => entry.current)).toEqual([false]);
    }
  });

  it('a refresh keeps the session and its start, and records when and from where', async () => {
    const { accounts, signUp } = await listening(fixture());
    const alice = await signUp('alice');
    const first = await accounts.login({ username: 'alice', password: PASSWORD }, CONTEXT);
    fixture().clock.advance(3_600_000);
    const rotated = await accounts.refresh({ refresh: first.refresh }, PHONE);
    const sessions = await accounts.listSessions({ userId: alice.id });
    const session = sessions.find((entry) => entry.id === familyOf(first.refresh));
    expect(familyOf(rotated.refresh)).toBe(familyOf(first.refresh));
    expect((await accounts.authenticate(rotated.access)).sessionId).toBe(familyOf(first.refresh));
    expect(session).toEqual({
      id: familyOf(first.refresh),
      beganAt: BEGAN,
      lastRefreshedAt: new Date(BEGAN.getTime() + 3_600_000),
      expiresAt: new Date(BEGAN.getTime() + 3_600_000 + DAY_MS),
      ...PHONE,
      current: false,
    });
  });

  it('a session logged out, ended everywhere or expired is no longer listed', async () => {
    const { accounts, signUp } = await listening(fixture());
    const alice = await signUp('alice');
    const laptop = await accounts.login({ username: 'alice', password: PASSWORD }, CONTEXT);
    await accounts.logout({ refresh: laptop.refresh });
    expect((await accounts.listSessions({ userId: alice.id })).map((s) => s.id)).toEqual([
      familyOf(alice.tokens.refresh),
    ]);
    fixture().clock.advance(DAY_MS);
    expect(await accounts.listSessions({ userId: alice.id })).toEqual([]);
    fixture().clock.advance(-DAY_MS);
    await accounts.logoutEverywhere({ userId: alice.id });
    expect(await accounts.listSessions({ userId: alice.id })).toEqual([]);
  });

  it('ending a session refuses its refresh token at once and leaves the others working', async () => {
    const { accounts, events, signUp } = await listening(fixture());
    const alice = await signUp('alice');
    const phone = await accounts.login({ username: 'alice', password: PASSWORD }, PHONE);
    events.length = 0;
    await accounts.endSession({ userId: alice.id, sessionId: familyOf(phone.refresh) });
    await expect(accounts.refresh({ refresh: phone.refresh })).rejects.toMatchObject({
      code: 'TOKEN_REVOKED',
    });
    const other = await accounts.refresh({ refresh: alice.tokens.refresh });
    expect(familyOf(other.refresh)).toBe(familyOf(alice.tokens.refresh));
    expect((await accounts.listSessions({ userId: alice.id })).map((s) => s.id)).toEqual([
      familyOf(alice.tokens.refresh),
    ]);
    expect(events).toEqual([
      {
        type: 'sessionEnded',
        at: new Date(T0),
        userId: alice.id,
        familyId: familyOf(phone.refresh),
        ...NO_REQUEST,
      },
    ]);
  });

  it("another user's session answers SESSION_NOT_FOUND, like an unknown one, and is not touched", async () => {
    const { accounts, events, signUp } = await listening(fixture());
    const alice = await signUp('alice');
    const bob = await signUp('bob');
    const before = await fixture().harness.dump();
    for (const sessionId of [familyOf(bob.tokens.refresh), 'f'.repeat(32)]) {
      await expect(accounts.endSession({ userId: alice.id, sessionId })).rejects.toMatchObject({
        code: 'SESSION_NOT_FOUND',
      });
    }
    expect(await fixture().harness.dump()).toEqual(before);
    expect(events).toEqual([]);
    expect(familyOf((await accounts.refresh({ refresh: bob.tokens.refresh })).refresh)).toBe(
      familyOf(bob.tokens.refresh),
    );
  });

  it('a session already ended answers SESSION_NOT_FOUND and emits nothing more', async () => {
    const { accounts, events, signUp } = await listening(fixture());
    const alice = await signUp('alice');
    const sessionId = familyOf(alice.tokens.refresh);
    await accounts.endSession({ userId: alice.id, sessionId });
    await expect(accounts.endSession({ userId: alice.id, sessionId })).rejects.toMatchObject({
      code: 'SESSION_NOT_FOUND',
    });
    expect(events.map((event) => event.type)).toEqual(['sessionEnded']);
  });

  it('a malformed session or user id is VALIDATION_FAILED (INVALID_ID) and changes nothing', async () => {
    const { accounts, signUp } = await listening(fixture());
    const alice = await signUp('alice');
    const before = await fixture().harness.dump();
    const bad = [
      { userId: alice.id, sessionId: 'F'.repeat(32) },
      { userId: alice.id, sessionId: `${'a'.repeat(32)}' or 1=1 --` },
      { userId: 0, sessionId: familyOf(alice.tokens.refresh) },
    ];
    for (const input of bad) {
      await expect(accounts.endSession(input)).rejects.toMatchObject({
        code: 'VALIDATION_FAILED',
        issues: [expect.objectContaining({ code: 'INVALID_ID' })],
      });
    }
    await expect(
      accounts.listSessions({ userId: alice.id, currentSession: 'nope' }),
    ).rejects.toMatchObject({ code: 'VALIDATION_FAILED' });
    expect(await fixture().harness.dump()).toEqual(before);
  });

  it('keeps the address as the policy says: truncated to the network, hashed with a key, or not at all', async () => {
    const address = '2001:db8:85a3:8d3:1319:8a2e:370:7348';
    const kept = async (username: string, sessions: { address: SessionAddressPolicy }) => {
      const { accounts, signUp } = await listening(fixture(), { sessions });
      const user = await signUp(username);
      const { refresh } = await accounts.login({ username, password: PASSWORD }, { address });
      const listed = await accounts.listSessions({ userId: user.id });
      return listed.find((entry) => entry.id === familyOf(refresh))?.address;
    };
    expect(await kept('truncated', { address: 'truncated' })).toBe('2001:db8:85a3::');
    expect(await kept('hashed', { address: { hashKey: 'a-secret-of-sixteen+' } })).toBe(
      '3ea654220f218b6459a3a9ac757022f5',
    );
    expect(await kept('none', { address: 'none' })).toBeNull();
  });
});
