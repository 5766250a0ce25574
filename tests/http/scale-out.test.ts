/**
 * Scale-out, as docs/deployment.md sets it up: two `accountkit serve` processes on one
 * PostgreSQL database and one Redis, with one signing key, and requests spread over both as a
 * load balancer spreads them. Whichever process answers, the answers are those of one server:
 * counters stay exact, a refresh token rotates once, the login limit counts every attempt
 * once, and a password change ends the sessions the other process serves.
 */
import { createHash } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Redis } from 'ioredis';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { normalizeUsername } from '../../src/core/username.js';
import { PASSWORD } from '../services/setup.js';
import { POSTGRES_URL } from '../support/backends.js';
import { type Answer, call, expectError, signUp, type TestUser } from './support/client.js';
import { type ServeProcess, startServe, stopServe } from './support/serve-process.js';
import { TEST_SIGNING_KEY } from './support/servers.js';

const REDIS_URL = process.env.ACCOUNTKIT_TEST_REDIS_URL || undefined;

const LOGIN_LIMIT = 5;
/** Refresh races run at once: each is won by whichever request commits first. */
const RACES = 20;
const NEW_PASSWORD = 'a brand new passphrase 42';

/** The throttle's Redis key of an account's login attempts (prefix, rule, SHA-256 of the key). */
function loginKey(username: string): string {
  const name = normalizeUsername(username);
  if (!name.ok) throw new Error(`not a username: ${username}`);
  return `accountkit:rl:loginPerAccount:${createHash('sha256').update(name.key).digest('hex')}`;
}

function tally(answers: readonly Answer[]): Record<number, number> {
  const counts: Record<number, number> = {};
  for (const { status } of answers) counts[status] = (counts[status] ?? 0) + 1;
  return counts;
}

if (POSTGRES_URL === undefined || REDIS_URL === undefined) {
  describe.skip('scale-out (ACCOUNTKIT_TEST_POSTGRES_URL and ACCOUNTKIT_TEST_REDIS_URL are needed)', () => {
    it('is left out', () => {});
  });
} else {
  const database = `accountkit_scale_out_${process.pid}`;
  const databaseUrl = new URL(POSTGRES_URL);
  databaseUrl.pathname = `/${database}`;
  const admin = new pg.Client({ connectionString: POSTGRES_URL });
  const sql = new pg.Client({ connectionString: databaseUrl.toString() });
  const redis = new Redis(REDIS_URL, { lazyConnect: true });
  const mediaRoot = mkdtempSync(join(tmpdir(), 'accountkit-scale-out-'));
  /** Every account a login was tried for: their keys are all this run leaves in Redis. */
  const loggedIn: string[] = [];
  let servers: ServeProcess[] = [];

  /** The process the `index`th request goes to: alternately one and the other. */
  const via = (index: number) => (servers[index % 2] as ServeProcess).origin;

  beforeAll(async () => {
    await admin.connect();
    await admin.query(`drop database if exists ${database} with (force)`);
    await admin.query(`create database ${database}`);
    const env = {
      DATABASE_URL: databaseUrl.toString(),
      REDIS_URL,
      ACCOUNTKIT_SIGNING_KEY: TEST_SIGNING_KEY,
      MEDIA_ROOT: mediaRoot,
      RATE_LIMIT_LOGIN_ACCOUNT: `${LOGIN_LIMIT}/15m`,
      // Every request comes from 127.0.0.1: the per-address limits would count the test's own
      // sign-ups and logins together. Refreshes are left unlimited so that the run's only keys
      // in the shared Redis are the login keys it deletes afterwards.
      RATE_LIMIT_LOGIN_ADDRESS: 'off',
      RATE_LIMIT_SIGNUP_ADDRESS: 'off',
      RATE_LIMIT_REFRESH: 'off',
    };
    // Both at once on the empty database, as two replicas of one deployment start: both
    // migrate, and the migrator's lock lets one apply and the other find it applied.
    const started = await Promise.allSettled([startServe(env), startServe(env)]);
    servers = started.flatMap((result) => (result.status === 'fulfilled' ? [result.value] : []));
    for (const result of started) if (result.status === 'rejected') throw result.reason;
    await sql.connect();
    await redis.connect();
  });

  afterAll(async () => {
    const codes = await Promise.all(servers.map(stopServe));
    if (loggedIn.length > 0) await redis.del(...loggedIn.map(loginKey));
    redis.disconnect();
    await sql.end();
    await admin.query(`drop database if exists ${database} with (force)`);
    await admin.end();
    rmSync(mediaRoot, { recursive: true, force: true });
    expect(codes).toEqual([0, 0]);
  });

  describe('two accountkit serve processes on one PostgreSQL database and one Redis', () => {
    it('each answers GET /healthz with 200 and counts its limits in Redis', async () => {
      for (const server of servers) {
        expect(server.output()).toContain(`rate limits: Redis ${new URL(REDIS_URL).host}\n`);
        const answer = await fetch(`${server.origin}/healthz`);
        expect({ status: answer.status, body: await answer.json() }).toEqual({
          status: 200,
          body: { status: 'ok' },
        });
      }
    });

    it('200 concurrent follows and unfollows over both leave every counter equal to COUNT(*) of its edges', async () => {
      const users: TestUser[] = await Promise.all(
        Array.from({ length: 20 }, (_, index) => signUp(via(index), 'scale')),
      );
      const [target, ...others] = users as [TestUser, ...TestUser[]];
      // Everyone follows and unfollows the one target, and follows or toggles each other.
      const requests = Array.from({ length: 200 }, (_, index) => {
        const actor = others[index % others.length] as TestUser;
        const peer = others[(index * 7 + 3) % others.length] as TestUser;
        const other = peer.id === actor.id ? target : peer;
        const origin = via(index);
        const token = { token: actor.access };
        switch (index % 4) {
          case 0:
            return call(origin, 'PUT', `${target.id}/follow/`, token);
          case 1:
            return call(origin, 'DELETE', `${target.id}/follow/`, token);
          case 2:
            return call(origin, 'POST', `follow_unfollow/${other.id}/`, token);
          default:
            return call(origin, 'PUT', `${other.id}/follow/`, token);
        }
      });
      const answers = await Promise.all(requests);
      expect(tally(answers)).toEqual({ 200: 200 });

      const { rows } = await sql.query<{
        id: string;
        followers_count: number;
        following_count: number;
        followers: string;
        following: string;
      }>(
        `select u.id, u.followers_count, u.following_count,
           (select count(*) from accountkit_user_following f where f.to_user_id = u.id) as followers,
           (select count(*) from accountkit_user_following f where f.from_user_id = u.id) as following
         from accountkit_user u where u.id = any($1) order by u.id`,
        [users.map((user) => user.id)],
      );
      expect(rows).toHaveLength(20);
      for (const row of rows) {
        expect({
          id: row.id,
          followers: row.followers_count,
          following: row.following_count,
        }).toEqual({
          id: row.id,
          followers: Number(row.followers),
          following: Number(row.following),
        });
      }
      // Every change an answer reported is in the table, and nothing else is.
      let reported = 0;
      answers.forEach((answer, index) => {
        if (index % 4 === 2) reported += answer.body.followed ? 1 : -1;
        else if (answer.body.changed) reported += index % 4 === 1 ? -1 : 1;
      });
      const edges = rows.reduce((sum, row) => sum + Number(row.following), 0);
      expect(edges).toBe(reported);
    });

    it(`each of ${RACES} refresh tokens presented to both at once: one 200, one 401 TOKEN_REUSED; the winner’s new token is then TOKEN_REVOKED`, async () => {
      const sessions = await Promise.all(
        Array.from({ length: RACES }, (_, index) => signUp(via(index), 'race')),
      );
      await Promise.all(
        sessions.map(async ({ refresh }) => {
          const answers = await Promise.all(
            servers.map((server) =>
              call(server.origin, 'POST', 'token/refresh/', { json: { refresh } }),
            ),
          );
          expect(answers.map((answer) => answer.status).sort()).toEqual([200, 401]);
          const winner = answers.find((answer) => answer.status === 200) as Answer;
          const loser = answers.find((answer) => answer.status === 401) as Answer;
          expectError(loser, 401, 'TOKEN_REUSED');
          // The reuse revoked the whole family, the winner's fresh token included, on both.
          for (const server of servers) {
            const again = await call(server.origin, 'POST', 'token/refresh/', {
              json: { refresh: winner.body.refresh },
            });
            expectError(again, 401, 'TOKEN_REVOKED');
          }
        }),
      );
    });

    it(`${LOGIN_LIMIT}/15m failed logins per account holds across both: of 12 concurrent wrong passwords, 5 get 401 and 7 get 429`, async () => {
      const user = await signUp(via(0), 'limit');
      loggedIn.push(user.username);
      const answers = await Promise.all(
        Array.from({ length: 12 }, (_, index) =>
          call(via(index), 'POST', 'token/', {
            json: { username: user.username, password: 'not the password!' },
          }),
        ),
      );
      expect(tally(answers)).toEqual({ 401: LOGIN_LIMIT, 429: 12 - LOGIN_LIMIT });
      for (const answer of answers) {
        if (answer.status === 401) expectError(answer, 401, 'INVALID_CREDENTIALS');
        else expectError(answer, 429, 'TOO_MANY_REQUESTS');
      }
      // The window is spent for the account on every process, the right password included.
      for (const server of servers) {
        const right = await call(server.origin, 'POST', 'token/', {
          json: { username: user.username, password: PASSWORD },
        });
        expectError(right, 429, 'TOO_MANY_REQUESTS');
      }
    });

    it('a password change through one process ends the sessions on the other at once', async () => {
      const [first, second] = servers as [ServeProcess, ServeProcess];
      const user = await signUp(first.origin, 'change');
      loggedIn.push(user.username);
      expect((await call(second.origin, 'GET', 'info/', { token: user.access })).status).toBe(200);

      const changed = await call(first.origin, 'PATCH', 'info/', {
        token: user.access,
        json: { password: NEW_PASSWORD, current_password: PASSWORD },
      });
      expect(changed.status).toBe(200);

      expectError(
        await call(second.origin, 'GET', 'info/', { token: user.access }),
        401,
        'TOKEN_REVOKED',
      );
      expectError(
        await call(second.origin, 'POST', 'token/refresh/', { json: { refresh: user.refresh } }),
        401,
        'TOKEN_REVOKED',
      );
      const fresh = await call(second.origin, 'GET', 'info/', {
        token: changed.body.tokens.access,
      });
      expect({ status: fresh.status, username: fresh.body.username }).toEqual({
        status: 200,
        username: user.username,
      });
      const login = await call(second.origin, 'POST', 'token/', {
        json: { username: user.username, password: NEW_PASSWORD },
      });
      expect(login.status).toBe(200);
    });
  });
}
