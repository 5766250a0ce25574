import { expect, it } from 'vitest';
import { PASSWORD } from '../services/setup.js';
import { familyOf } from '../services/support/listening.js';
import { call, expectError, signUp } from './support/client.js';
import { describeExamples } from './support/servers.js';

const LAPTOP = 'Mozilla/5.0 (X11; Linux x86_64) Firefox/133.0';
const PHONE = 'ExampleApp/2.2 (Android 14)';

const login = async (origin: string, username: string, userAgent: string) => {
  const answer = await call(origin, 'POST', 'token/', {
    json: { username, password: PASSWORD },
    headers: { 'user-agent': userAgent },
  });
  expect(answer.status).toBe(200);
  return answer.body as { refresh: string; access: string };
};

describeExamples(
  'sessions',
  (context) => {
    it("GET sessions/ lists the caller's signed-in devices, its own marked", async () => {
      const { origin } = context();
      const user = await signUp(origin);
      const laptop = await login(origin, user.username, LAPTOP);
      const answer = await call(origin, 'GET', 'sessions/', { token: laptop.access });
      expect(answer.status).toBe(200);
      expect(answer.body).toHaveLength(2);
      // Both began within the same second here: the order is the service tests' concern.
      const byId = (id: string) => answer.body.find((entry: { id: string }) => entry.id === id);
      const own = byId(familyOf(laptop.refresh));
      expect(own).toEqual({
        id: familyOf(laptop.refresh),
        began_at: own.began_at,
        last_refreshed_at: null,
        expires_at: new Date(Date.parse(own.began_at) + 86_400_000).toISOString(),
        user_agent: LAPTOP,
        address: '127.0.0.0',
        current: true,
      });
      expect(byId(familyOf(user.refresh))).toMatchObject({ current: false, user_agent: 'node' });
    });

    it('a refresh records when and from which client the session was last used', async () => {
      const { origin } = context();
      const user = await signUp(origin);
      const laptop = await login(origin, user.username, LAPTOP);
      const rotated = await call(origin, 'POST', 'token/refresh/', {
        json: { refresh: laptop.refresh },
        headers: { 'user-agent': PHONE },
      });
      const answer = await call(origin, 'GET', 'sessions/', { token: rotated.body.access });
      const session = answer.body.find(
        (entry: { id: string }) => entry.id === familyOf(laptop.refresh),
      );
      expect(session).toMatchObject({ user_agent: PHONE, current: true });
      expect(Date.parse(session.last_refreshed_at)).toBeGreaterThanOrEqual(
        Date.parse(session.began_at),
      );
    });

    it('DELETE sessions/<id>/ ends that device: its refresh token is refused, the caller goes on', async () => {
      const { origin } = context();
      const user = await signUp(origin);
      const phone = await login(origin, user.username, PHONE);
      const ended = await call(origin, 'DELETE', `sessions/${familyOf(phone.refresh)}/`, {
        token: user.access,
      });
      expect(ended.status).toBe(200);
      expect(ended.body).toEqual({});
      expectError(
        await call(origin, 'POST', 'token/refresh/', { json: { refresh: phone.refresh } }),
        401,
        'TOKEN_REVOKED',
      );
      const listed = await call(origin, 'GET', 'sessions/', { token: user.access });
      expect(listed.body.map((entry: { id: string }) => entry.id)).toEqual([
        familyOf(user.refresh),
      ]);
    });

    it("another user's session is 404 SESSION_NOT_FOUND and keeps working", async () => {
      const { origin } = context();
      const alice = await signUp(origin);
      const bob = await signUp(origin);
      expectError(
        await call(origin, 'DELETE', `sessions/${familyOf(bob.refresh)}/`, { token: alice.access }),
        404,
        'SESSION_NOT_FOUND',
      );
      const refreshed = await call(origin, 'POST', 'token/refresh/', {
        json: { refresh: bob.refresh },
      });
      expect(refreshed.status).toBe(200);
    });

    it('a malformed session id is 400 VALIDATION_FAILED; without a token both routes are 401', async () => {
      const { origin } = context();
      const user = await signUp(origin);
      expectError(
        await call(origin, 'DELETE', 'sessions/not-a-session/', { token: user.access }),
        400,
        'VALIDATION_FAILED',
      );
      expectError(await call(origin, 'GET', 'sessions/'), 401, 'NOT_AUTHENTICATED');
      expectError(
        await call(origin, 'DELETE', `sessions/${familyOf(user.refresh)}/`),
        401,
        'NOT_AUTHENTICATED',
      );
    });
  },
  { env: { SESSION_ADDRESS: 'truncated' } },
);
