/**
 * A subset of the HTTP suite on PostgreSQL and MariaDB/MySQL, when `ACCOUNTKIT_TEST_POSTGRES_URL`
 * / `ACCOUNTKIT_TEST_MYSQL_URL` are set: each example gets a schema (PostgreSQL) or database
 * (MySQL) of its own, so test files and examples can run in parallel.
 */
import { describe, expect, it } from 'vitest';
import { PASSWORD } from '../services/setup.js';
import { call, expectError, signUp } from './support/client.js';
import { SERVER_DATABASES } from './support/databases.js';
import { describeExamples } from './support/servers.js';

for (const { backend, url, fresh } of SERVER_DATABASES) {
  if (url === undefined) {
    describe.skip(`${backend} (its test URL is not set)`, () => {
      it('is left out', () => {});
    });
    continue;
  }
  describeExamples(
    'sign-up, tokens, profile and follows',
    (context) => {
      it('C-01 signs up, logs in and reads its own profile', async () => {
        const { origin } = context();
        const user = await signUp(origin);
        const login = await call(origin, 'POST', 'token/', {
          json: { username: user.username, password: PASSWORD },
        });
        expect(login.status).toBe(200);
        const me = await call(origin, 'GET', 'info/', { token: login.body.access });
        expect(me.body).toMatchObject({ id: user.id, followers: 0, following: 0 });
      });

      it('C-03 case variants are 409 USERNAME_TAKEN', async () => {
        const { origin } = context();
        const user = await signUp(origin, 'pgcase');
        const answer = await call(origin, 'POST', 'signup/', {
          json: { username: user.username.toUpperCase(), password: PASSWORD },
        });
        expectError(answer, 409, 'USERNAME_TAKEN');
      });

      it('E-03 follows idempotently with numeric counts, and lists followers', async () => {
        const { origin } = context();
        const a = await signUp(origin);
        const b = await signUp(origin);
        await call(origin, 'PUT', `${b.id}/follow/`, { token: a.access });
        const again = await call(origin, 'PUT', `${b.id}/follow/`, { token: a.access });
        expect(again.body).toEqual({ following: true, changed: false, followers: 1 });
        const detail = await call(origin, 'GET', `${b.id}/info/`, { token: a.access });
        expect(detail.body).toMatchObject({ followers: 1, following: 0, is_following: true });
        const list = await call(origin, 'GET', `${b.id}/followers/`, { token: a.access });
        expect(list.body).toMatchObject({ count: 1, next: null, previous: null });
      });

      it('A-16 and reuse: logout revokes, a reused refresh token is refused', async () => {
        const { origin } = context();
        const user = await signUp(origin);
        const rotated = await call(origin, 'POST', 'token/refresh/', {
          json: { refresh: user.refresh },
        });
        expect(rotated.status).toBe(200);
        expectError(
          await call(origin, 'POST', 'token/refresh/', { json: { refresh: user.refresh } }),
          401,
          'TOKEN_REUSED',
        );
        const fresh = await signUp(origin);
        await call(origin, 'POST', 'token/blacklist/', { json: { refresh: fresh.refresh } });
        expectError(
          await call(origin, 'POST', 'token/refresh/', { json: { refresh: fresh.refresh } }),
          401,
          'TOKEN_REVOKED',
        );
      });

      it('D-05 a password change revokes earlier tokens', async () => {
        const { origin } = context();
        const user = await signUp(origin);
        const changed = await call(origin, 'PATCH', 'info/', {
          token: user.access,
          json: { password: 'another fine passphrase', current_password: PASSWORD },
        });
        expect(changed.status).toBe(200);
        expectError(
          await call(origin, 'GET', 'info/', { token: user.access }),
          401,
          'TOKEN_REVOKED',
        );
        expect(
          (await call(origin, 'GET', 'info/', { token: changed.body.tokens.access })).status,
        ).toBe(200);
      });
    },
    { backend, databaseUrl: (_dir, example) => fresh(url, `accountkit_http_${example}`) },
  );
}
