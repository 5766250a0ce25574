/**
 * MariaDB under contention answers, never a spurious 503: `accountkit serve` on a fresh
 * database, 200 users signed up over HTTP, then 200 follows of 200 different pairs sent at
 * once. On an empty follow table every edge insert meets the others in one index gap, and
 * InnoDB resolves the deadlocks over its AUTO-INC lock by rolling one transaction back with
 * errno 1467 instead of 1213; the storage adapter retries it like any deadlock (see
 * `RETRYABLE` in the MySQL dialect). Before that, about half of the 200 answers were
 * `STORAGE_UNAVAILABLE`.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import mysql from 'mysql2/promise';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { MYSQL_URL } from '../support/backends.js';
import { type Answer, call, signUp, type TestUser } from './support/client.js';
import { type ServeProcess, startServe, stopServe } from './support/serve-process.js';
import { TEST_SIGNING_KEY } from './support/servers.js';

const USERS = 200;

/** Whom user `index` follows: never itself, and no pair twice. */
const followee = (index: number) => (index + 1 + (index % 7)) % USERS;

interface Counters {
  readonly id: number;
  readonly followers: number;
  readonly following: number;
}

if (MYSQL_URL === undefined) {
  describe.skip('MariaDB contention over HTTP (ACCOUNTKIT_TEST_MYSQL_URL is not set)', () => {
    it('is left out', () => {});
  });
} else {
  const serverUrl: string = MYSQL_URL;
  const databases: string[] = [];
  const servers: ServeProcess[] = [];
  const mediaRoot = mkdtempSync(join(tmpdir(), 'accountkit-contention-'));
  let admin: mysql.Connection;

  beforeAll(async () => {
    admin = await mysql.createConnection({ uri: serverUrl });
  });

  afterAll(async () => {
    const codes = await Promise.all(servers.map(stopServe));
    for (const name of databases) await admin.query(`drop database if exists ${name}`);
    await admin.end();
    rmSync(mediaRoot, { recursive: true, force: true });
    expect(codes).toEqual(servers.map(() => 0));
  });

  /** `accountkit serve` on a database of its own, created empty for this run. */
  async function serveFreshDatabase(): Promise<{ origin: string; name: string }> {
    const name = `accountkit_contention_${process.pid}_${databases.length}`;
    await admin.query(`drop database if exists ${name}`);
    await admin.query(`create database ${name}`);
    databases.push(name);
    const url = new URL(serverUrl);
    url.pathname = `/${name}`;
    const server = await startServe({
      DATABASE_URL: url.toString(),
      ACCOUNTKIT_SIGNING_KEY: TEST_SIGNING_KEY,
      MEDIA_ROOT: mediaRoot,
      // Every sign-up comes from 127.0.0.1; the other limits stay as deployed, in the database.
      RATE_LIMIT_SIGNUP_ADDRESS: 'off',
    });
    servers.push(server);
    return { origin: server.origin, name };
  }

  /** Each user's stored counters, and what its edges say they must be. */
  async function counters(name: string): Promise<{ stored: Counters[]; counted: Counters[] }> {
    const [rows] = await admin.query(
      `select u.id, u.followers_count, u.following_count,
         (select count(*) from ${name}.accountkit_user_following f where f.to_user_id = u.id) as followers,
         (select count(*) from ${name}.accountkit_user_following f where f.from_user_id = u.id) as following
       from ${name}.accountkit_user u order by u.id`,
    );
    const list = rows as Record<string, number | string>[];
    return {
      stored: list.map((row) => ({
        id: Number(row.id),
        followers: Number(row.followers_count),
        following: Number(row.following_count),
      })),
      counted: list.map((row) => ({
        id: Number(row.id),
        followers: Number(row.followers),
        following: Number(row.following),
      })),
    };
  }

  async function edges(name: string): Promise<number> {
    const [rows] = await admin.query(`select count(*) as n from ${name}.accountkit_user_following`);
    return Number((rows as { n: number }[])[0]?.n);
  }

  const signUpAll = (origin: string): Promise<TestUser[]> =>
    Promise.all(Array.from({ length: USERS }, () => signUp(origin, 'contend')));

  const statuses = (answers: readonly Answer[]) => answers.map((answer) => answer.status);

  describe('accountkit serve on a fresh MariaDB database: 200 simultaneous follows of 200 pairs', () => {
    it('PUT <id>/follow/: 200 answers of 200 {changed: true}, 200 edges, every counter equal to COUNT(*)', async () => {
      const { origin, name } = await serveFreshDatabase();
      const users = await signUpAll(origin);
      const answers = await Promise.all(
        users.map((user, index) =>
          call(origin, 'PUT', `${users[followee(index)]?.id}/follow/`, { token: user.access }),
        ),
      );
      expect(statuses(answers)).toEqual(Array(USERS).fill(200));
      expect(answers.filter((answer) => answer.body.changed === true)).toHaveLength(USERS);
      expect(await edges(name)).toBe(USERS);
      const { stored, counted } = await counters(name);
      expect(stored).toEqual(counted);
      expect(stored).toHaveLength(USERS);
    }, 180_000);

    it('POST follow_unfollow/<id>/: 200 answers of 200 {followed: true}, 200 edges, every counter equal to COUNT(*)', async () => {
      const { origin, name } = await serveFreshDatabase();
      const users = await signUpAll(origin);
      const answers = await Promise.all(
        users.map((user, index) =>
          call(origin, 'POST', `follow_unfollow/${users[followee(index)]?.id}/`, {
            token: user.access,
          }),
        ),
      );
      expect(statuses(answers)).toEqual(Array(USERS).fill(200));
      expect(answers.filter((answer) => answer.body.followed === true)).toHaveLength(USERS);
      expect(await edges(name)).toBe(USERS);
      const { stored, counted } = await counters(name);
      expect(stored).toEqual(counted);
      expect(stored).toHaveLength(USERS);
    }, 180_000);
  });
}
