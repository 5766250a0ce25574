/**
 * A subset of the HTTP suite on PostgreSQL and MariaDB/MySQL, when `ACCOUNTKIT_TEST_POSTGRES_URL`
 * / `ACCOUNTKIT_TEST_MYSQL_URL` are set: each example gets a schema (PostgreSQL) or database
 * (MySQL) of its own, so test files and examples can run in parallel.
 */
import mysql from 'mysql2/promise';
import pg from 'pg';
import { describe, expect, it } from 'vitest';
import { PASSWORD } from '../services/setup.js';
import { MYSQL_URL, POSTGRES_URL } from '../support/backends.js';
import { call, expectError, signUp } from './support/client.js';
import { describeExamples, type ExampleName } from './support/servers.js';

async function freshPostgresSchema(url: string, example: ExampleName): Promise<string> {
  const schema = `accountkit_http_${example}`;
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  await client.query(`drop schema if exists ${schema} cascade`);
  await client.query(`create schema ${schema}`);
  await client.end();
  const withSchema = new URL(url);
  withSchema.searchParams.set('options', `-c search_path=${schema}`);
  return withSchema.toString();
}

async function freshMysqlDatabase(url: string, example: ExampleName): Promise<string> {
  const database = `accountkit_http_${example}`;
  const connection = await mysql.createConnection({ uri: url });
  await connection.query(`drop database if exists ${database}`);
  await connection.query(`create database ${database}`);
  await connection.end();
  const withDatabase = new URL(url);
  withDatabase.pathname = `/${database}`;
  return withDatabase.toString();
}

const SERVERS = [
  { backend: 'postgres', url: POSTGRES_URL, fresh: freshPostgresSchema },
  { backend: 'mysql', url: MYSQL_URL, fresh: freshMysqlDatabase },
] as const;

for (const { backend, url, fresh } of SERVERS) {
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
    { backend, databaseUrl: (_dir, example) => fresh(url, example) },
  );
}
