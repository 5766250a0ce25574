import { expect, it } from 'vitest';
import type { Accounts } from '../../src/create-accounts.js';
import { PASSWORD } from '../services/setup.js';
import { call, claims, expectError, signUp } from './support/client.js';
import { describeExamples } from './support/servers.js';

const expectNoStore = (headers: Headers) => {
  expect(headers.get('cache-control')).toBe('no-store');
  expect(headers.get('pragma')).toBe('no-cache');
};

describeExamples('tokens', (context) => {
  it('H-05 sign-up, login and refresh answers carry Cache-Control: no-store and Pragma: no-cache', async () => {
    const { origin } = context();
    const user = await signUp(origin);
    const signUpAgain = await call(origin, 'POST', 'signup/', {
      json: { username: `${user.username}b`, password: PASSWORD },
    });
    expectNoStore(signUpAgain.headers);
    const login = await call(origin, 'POST', 'token/', {
      json: { username: user.username, password: PASSWORD },
    });
    expect(login.status).toBe(200);
    expect(Object.keys(login.body)).toEqual(['refresh', 'access']);
    expectNoStore(login.headers);
    const refreshed = await call(origin, 'POST', 'token/refresh/', {
      json: { refresh: user.refresh },
    });
    expect(refreshed.status).toBe(200);
    expect(Object.keys(refreshed.body)).toEqual(['access', 'refresh']);
    expectNoStore(refreshed.headers);
  });

  it('A-06 a refresh token as Bearer and an access token posted to token/refresh/ are TOKEN_INVALID, and nothing is consumed', async () => {
    const { origin } = context();
    const user = await signUp(origin);
    expectError(await call(origin, 'GET', 'info/', { token: user.refresh }), 401, 'TOKEN_INVALID');
    expectError(
      await call(origin, 'POST', 'token/refresh/', { json: { refresh: user.access } }),
      401,
      'TOKEN_INVALID',
    );
    // The refresh token was not consumed by either attempt.
    const refreshed = await call(origin, 'POST', 'token/refresh/', {
      json: { refresh: user.refresh },
    });
    expect(refreshed.status).toBe(200);
  });

  it('A-12 a user deactivated after login: protected call and refresh are 401 USER_INACTIVE', async () => {
    const { origin, opened } = context();
    const user = await signUp(origin);
    await opened.database.storage.users.update(user.id, { isActive: false });
    expectError(await call(origin, 'GET', 'info/', { token: user.access }), 401, 'USER_INACTIVE');
    expectError(
      await call(origin, 'POST', 'token/refresh/', { json: { refresh: user.refresh } }),
      401,
      'USER_INACTIVE',
    );
    await opened.database.storage.users.update(user.id, { isActive: true });
    // No child was issued: the same refresh token still works once the user is back.
    expect(
      (await call(origin, 'POST', 'token/refresh/', { json: { refresh: user.refresh } })).status,
    ).toBe(200);
  });

  it('A-14 an inactive user with the right password gets the same 401 body as a wrong password', async () => {
    const { origin, opened } = context();
    const user = await signUp(origin);
    await opened.database.storage.users.update(user.id, { isActive: false });
    const inactive = await call(origin, 'POST', 'token/', {
      json: { username: user.username, password: PASSWORD },
    });
    await opened.database.storage.users.update(user.id, { isActive: true });
    const wrong = await call(origin, 'POST', 'token/', {
      json: { username: user.username, password: 'not the password' },
    });
    expectError(inactive, 401, 'INVALID_CREDENTIALS');
    expect(inactive.text).toBe(wrong.text);
    expect(inactive.headers.get('www-authenticate')).toBe(wrong.headers.get('www-authenticate'));
  });

  it('A-16 logout revokes the refresh token: refresh and verify then answer TOKEN_REVOKED', async () => {
    const { origin } = context();
    const user = await signUp(origin);
    const logout = await call(origin, 'POST', 'token/blacklist/', {
      json: { refresh: user.refresh },
    });
    expect({ status: logout.status, body: logout.body }).toEqual({ status: 200, body: {} });
    expectError(
      await call(origin, 'POST', 'token/refresh/', { json: { refresh: user.refresh } }),
      401,
      'TOKEN_REVOKED',
    );
    expectError(
      await call(origin, 'POST', 'token/verify/', { json: { token: user.refresh } }),
      401,
      'TOKEN_REVOKED',
    );
  });

  it("logs out on Django's own path api/token/blacklist/ too", async () => {
    const { origin } = context();
    const user = await signUp(origin);
    const logout = await call(origin, 'POST', 'api/token/blacklist/', {
      json: { refresh: user.refresh },
    });
    expect(logout.status).toBe(200);
    expectError(
      await call(origin, 'POST', 'token/refresh/', { json: { refresh: user.refresh } }),
      401,
      'TOKEN_REVOKED',
    );
  });

  it('token/verify/ answers 200 {} for a good token and 401 for a bad one', async () => {
    const { origin } = context();
    const user = await signUp(origin);
    const good = await call(origin, 'POST', 'token/verify/', { json: { token: user.access } });
    expect({ status: good.status, body: good.body }).toEqual({ status: 200, body: {} });
    expectError(
      await call(origin, 'POST', 'token/verify/', { json: { token: `${user.access}x` } }),
      401,
      'TOKEN_INVALID',
    );
    expectError(
      await call(origin, 'POST', 'token/verify/', { json: {} }),
      400,
      'VALIDATION_FAILED',
    );
  });

  it('rotation: a reused refresh token is TOKEN_REUSED and its family is revoked', async () => {
    const { origin } = context();
    const user = await signUp(origin);
    const first = await call(origin, 'POST', 'token/refresh/', { json: { refresh: user.refresh } });
    expectError(
      await call(origin, 'POST', 'token/refresh/', { json: { refresh: user.refresh } }),
      401,
      'TOKEN_REUSED',
    );
    expectError(
      await call(origin, 'POST', 'token/refresh/', { json: { refresh: first.body.refresh } }),
      401,
      'TOKEN_REVOKED',
    );
  });

  it('B-05 login without username, password or both is 400 VALIDATION_FAILED with no hash computed', async () => {
    const { origin, hasher } = context();
    const before = { ...hasher.calls };
    for (const json of [{ username: 'someone' }, { password: PASSWORD }, {}]) {
      const answer = await call(origin, 'POST', 'token/', { json });
      expectError(answer, 400, 'VALIDATION_FAILED');
    }
    const both = await call(origin, 'POST', 'token/', { json: {} });
    expect(Object.keys(both.body.fields)).toEqual(['username', 'password']);
    const empty = await call(origin, 'POST', 'token/', {
      body: '',
      headers: { 'content-type': 'application/json' },
    });
    expectError(empty, 400, 'VALIDATION_FAILED');
    expect(hasher.calls).toEqual(before);
  });

  it('tokens carry the custom claims from sign-up on (SimpleJWT sign-up tokens lacked them)', async () => {
    const { origin } = context();
    const user = await signUp(origin);
    expect(claims(user.access)).toMatchObject({
      token_type: 'access',
      user_id: user.id,
      username: user.username,
    });
  });
});

function failingMe(accounts: Accounts): Accounts {
  return {
    ...accounts,
    getMe: async () => {
      throw new TypeError('SELECT password FROM accountkit_user -- pbkdf2_sha256$260000$x');
    },
  };
}

describeExamples(
  'unexpected errors',
  (context) => {
    it('H-08 an unexpected error is 500 INTERNAL with a generic message, logged without its message', async () => {
      const { origin, logLines } = context();
      const user = await signUp(origin);
      const answer = await call(origin, 'GET', 'info/', { token: user.access });
      expectError(answer, 500, 'INTERNAL');
      expect(answer.body).toEqual({ code: 'INTERNAL', message: 'Internal server error.' });
      expect(logLines).toContain('unexpected error: TypeError');
      expect(logLines.join('\n')).not.toContain('SELECT');
    });
  },
  { wrap: failingMe },
);
