/**
 * Django's production databases, PostgreSQL 15 and MariaDB 10.11 (tests/fixtures/django-db),
 * each loaded fresh and served in place by the server `accountkit serve` runs, which migrates
 * it on open: Django's users log in with their Django passwords and are upgraded, `info/`
 * answers what Django's serializer answered for the same row, and what accountkit writes
 * (users, follows, images, token records) is still a database Django reads and writes.
 */
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { makePassword } from '../storage/harnesses/django-orm.js';
import { fixedClock } from '../support/fixed-clock.js';
import { call, claims, expectError } from './support/client.js';
import {
  DJANGO_USER_COLUMNS,
  djangoUsers,
  engineRuns,
  everyRow,
  imageForm,
  MANIFEST,
  type ManifestUser,
  maxId,
  PNG_1X1,
  PRODUCTION_ENGINES,
  PUBLIC_URL,
  type ServedDjango,
  serveDjangoDatabase,
} from './support/django-production.js';

/** The server's clock: four days after the dumps were made, so `date_joined` texts are exact. */
const NOW = '2026-12-01T12:00:00Z';
const PASSWORD = 'correct horse battery staple';

/** accountkit's preferred format at its default cost: what every upgraded hash looks like. */
const PREFERRED = /^argon2\$argon2id\$v=19\$m=19456,t=2,p=1\$[A-Za-z0-9+/]+\$[A-Za-z0-9+/]+$/;

const users = MANIFEST.users;
const byId = (id: number) => users.find((user) => user.id === id) as ManifestUser;
const HASHERS = ['pbkdf2_sha256', 'pbkdf2_sha1', 'argon2', 'bcrypt_sha256', 'bcrypt'] as const;

/**
 * The login sample: 183 of the 200 hashes are PBKDF2 at Django 3.2's 260,000 iterations and
 * the bcrypt ones cost 2^12, so every user would take minutes. The first two active users of
 * each hasher in the manifest (ids 1, 2 / 3, 8 / 4, 9 / 5, 10 / 6, 11), and every user that
 * must be refused: the unusable password (199) and the inactive user (200).
 */
const LOGIN_SAMPLE = HASHERS.flatMap((hasher) =>
  users.filter((user) => user.hasher === hasher && user.is_active).slice(0, 2),
);
const REFUSED = users.filter((user) => !user.is_active || user.hasher === 'unusable');

/** Django's `naturaltime` of the users whose full `info/` is compared, at {@link NOW}. */
const DATE_JOINED_AT_NOW: Record<number, string> = {
  1: '3\u00a0years ago',
  2: '4\u00a0days, 10\u00a0hours ago',
  3: '1\u00a0day, 13\u00a0hours ago',
};

/** A user name no other test of this file uses. */
let made = 0;
const newName = (prefix: string) => `${prefix}${process.pid}x${++made}`;

for (const engine of PRODUCTION_ENGINES) {
  describe.runIf(engineRuns(engine))(
    `${engine}: Django's production database served in place`,
    () => {
      let served: ServedDjango;
      /** Django's own connection: plain SQL, as its ORM sends it. */
      const django = () => served.database.django.db;
      /** A boolean as Django's backend stores it: `boolean` on PostgreSQL, `tinyint(1)` on MariaDB. */
      const bool = (value: boolean) => (engine === 'postgres' ? value : value ? 1 : 0);

      beforeAll(async () => {
        // The preferred hasher at its real cost: the upgrade is the point.
        served = await serveDjangoDatabase(engine, { clock: fixedClock(NOW) });
      }, 120_000);
      afterAll(async () => {
        await served?.close();
      });

      async function login(username: string, password: string) {
        return call(served.origin, 'POST', 'token/', { json: { username, password } });
      }
      /** Sign up over HTTP; `email: null` sends none. */
      async function signUp(username: string, email: string | null = `${username}@example.test`) {
        const answer = await call(served.origin, 'POST', 'signup/', {
          json:
            email === null
              ? { username, password: PASSWORD }
              : { username, email, password: PASSWORD },
        });
        expect(answer.status, answer.text).toBe(201);
        const { access } = answer.body.tokens;
        return { id: claims(access).user_id as number, access: access as string };
      }
      async function storedPassword(id: number): Promise<string> {
        const { rows } = await sql<{
          password: string;
        }>`select password from account_user where id = ${id}`.execute(django());
        return rows[0]?.password as string;
      }

      it("the server found Django's tables and serves them in place", () => {
        expect(served.opened.database.django).toBe(true);
        expect(LOGIN_SAMPLE.map((user) => user.id)).toEqual([1, 2, 3, 8, 4, 9, 5, 10, 6, 11]);
        expect(REFUSED.map((user) => [user.id, user.hasher, user.is_active])).toEqual([
          [199, 'unusable', true],
          [200, 'pbkdf2_sha256', false],
        ]);
      });

      it.each(LOGIN_SAMPLE.map((user) => [user.hasher, user.id, user] as const))(
        'a user stored with %s (id %i) logs in with the Django password, is upgraded, and logs in again',
        async (hasher, _id, user) => {
          const before = await storedPassword(user.id);
          expect(before.startsWith(`${hasher}$`)).toBe(true);
          const first = await login(user.username, user.password as string);
          expect(first.status).toBe(200);
          expect(claims(first.body.access)).toMatchObject({ user_id: user.id });
          const upgraded = await storedPassword(user.id);
          expect(upgraded).toMatch(PREFERRED);
          const again = await login(user.username, user.password as string);
          expect(again.status).toBe(200);
          expect(await storedPassword(user.id)).toBe(upgraded);
          const wrong = await login(user.username, `${user.password}x`);
          expectError(wrong, 401, 'INVALID_CREDENTIALS');
        },
        60_000,
      );

      it('the unusable password and the inactive user are refused (401) and their rows stay as Django left them', async () => {
        const before = await djangoUsers(django());
        for (const user of REFUSED) {
          // The unusable-password user has no password of their own: the inactive one's is tried.
          const answer = await login(user.username, user.password ?? 'correct-horse-1');
          expectError(answer, 401, 'INVALID_CREDENTIALS');
        }
        expect(await djangoUsers(django())).toEqual(before);
      });

      it("every active user's <id>/info/ shows Django's follower and following counts; the inactive one is 404", async () => {
        const viewer = (await login('celebrity', byId(1).password as string)).body.access;
        const active = users.filter((user) => user.is_active);
        expect(active).toHaveLength(199);
        const seen: [number, number, number][] = [];
        for (const user of active) {
          const answer = await call(served.origin, 'GET', `${user.id}/info/`, { token: viewer });
          seen.push([user.id, answer.body.followers, answer.body.following]);
        }
        expect(seen).toEqual(active.map((user) => [user.id, user.followers, user.following]));
        // Inactive users disappear (accountkit's documented difference from Django).
        expectError(
          await call(served.origin, 'GET', '200/info/', { token: viewer }),
          404,
          'USER_NOT_FOUND',
        );
      });

      it("info/ answers what Django's UserSerializer answered for the same rows: '' is null, paths are media URLs", async () => {
        const alice = byId(2);
        const token = (await login('alice', alice.password as string)).body.access;
        const rows = await djangoUsers(django());
        const edges = (
          await sql<{
            to_user_id: number | string;
          }>`select to_user_id from account_user_following where from_user_id = 2`.execute(django())
        ).rows.map((row) => Number(row.to_user_id));
        /** DRF's `ImageField` with a request: `null` for a falsy name, else an absolute URL. */
        const image = (path: unknown) => (path ? `${PUBLIC_URL}/media/${String(path)}` : null);
        const serialized = (id: number) => {
          const row = rows.find((candidate) => Number(candidate.id) === id) as Record<
            string,
            unknown
          >;
          return {
            id,
            username: row.username,
            date_joined: DATE_JOINED_AT_NOW[id],
            email: row.email,
            profile_pic: image(row.profile_pic),
            following: byId(id).following,
            followers: byId(id).followers,
            cover_image: image(row.cover_image),
          };
        };
        // Django stored '' for "no picture" (never NULL) and its serializer showed null.
        expect([1, 2, 3].map((id) => rows[id - 1]?.profile_pic)).toEqual([
          '',
          'images/profile/alice_2/0f343b0931126a20f133d67c2b018a3b.jpg',
          '',
        ]);
        const own = await call(served.origin, 'GET', 'info/', { token });
        expect(own.text).toBe(JSON.stringify(serialized(2)));
        for (const id of [1, 2, 3]) {
          const answer = await call(served.origin, 'GET', `${id}/info/`, { token });
          expect(answer.body, `user ${id}`).toEqual({
            ...serialized(id),
            is_following: id !== 2 && edges.includes(id),
          });
        }
        expect(
          (await call(served.origin, 'GET', '1/info/', { token })).body.profile_pic,
        ).toBeNull();
      });

      it('a sign-up, a follow, an upload and token records leave rows Django reads with its own types', async () => {
        const lastUser = await maxId(django(), 'account_user');
        const lastEdge = await maxId(django(), 'account_user_following');
        const username = newName('newcomer');
        const created = await signUp(username);
        expect(created.id).toBeGreaterThan(lastUser);
        const followed = await call(served.origin, 'POST', 'follow_unfollow/1/', {
          token: created.access,
        });
        expect(followed.status).toBe(200);
        const uploaded = await call(served.origin, 'PATCH', 'info/', {
          token: created.access,
          body: imageForm('profile_pic', PNG_1X1, 'me.png'),
        });
        expect(uploaded.status).toBe(200);

        const [row] = await djangoUsers(django(), created.id);
        expect(Object.keys(row as object)).toEqual([...DJANGO_USER_COLUMNS]);
        const picture = String(row?.profile_pic);
        expect(picture).toMatch(
          new RegExp(`^images/profile/${username}_${created.id}/[0-9a-f]{32}\\.png$`),
        );
        expect(existsSync(join(served.mediaRoot, picture))).toBe(true);
        expect(row).toEqual({
          // pg hands a bigint over as text; mysql2 as a number.
          id: engine === 'postgres' ? String(created.id) : created.id,
          password: expect.stringMatching(PREFERRED),
          last_login: null,
          is_superuser: bool(false),
          username,
          first_name: '',
          last_name: '',
          email: `${username}@example.test`,
          is_staff: bool(false),
          is_active: bool(true),
          // Django's USE_TZ = True: an aware instant on PostgreSQL, naive UTC text on MariaDB.
          date_joined: engine === 'postgres' ? new Date(NOW) : '2026-12-01 12:00:00.000000',
          profile_pic: picture,
          // Both image columns are NULL-able in Django's schema: NULL reads as "no file" (so
          // Django's serializer shows `cover_image: null` here, where accountkit shows the
          // default cover; docs/migrating-from-django.md says so).
          cover_image: null,
        });
        expect([...picture].length).toBeLessThanOrEqual(100);

        const { rows: edges } = await sql<
          Record<string, unknown>
        >`select id, from_user_id, to_user_id
        from account_user_following where from_user_id = ${created.id}`.execute(django());
        expect(edges.map((edge) => edge.to_user_id).map(Number)).toEqual([1]);
        expect(Number(edges[0]?.id)).toBeGreaterThan(lastEdge);

        const { rows: tokens } = await sql<{
          user_id: number | string;
        }>`select user_id from accountkit_refresh_token where user_id = ${created.id}`.execute(
          django(),
        );
        expect(tokens.map((token) => Number(token.user_id))).toEqual([created.id]);
      });

      it("after accountkit's writes, Django's own INSERT without an id gets the next id, and its user.delete() still works", async () => {
        const username = newName('writer');
        const written = await signUp(username, null);
        // Django's `email` is NOT NULL: a sign-up without one stores '', as Django's form did.
        expect((await djangoUsers(django(), written.id))[0]?.email).toBe('');
        await call(served.origin, 'POST', `follow_unfollow/${written.id}/`, {
          token: (await login('celebrity', byId(1).password as string)).body.access,
        });
        const lastUser = await maxId(django(), 'account_user');
        const lastEdge = await maxId(django(), 'account_user_following');
        expect(lastUser).toBe(written.id);
        if (engine === 'postgres') {
          // Django's statements take ids from the sequences `bigserial` owns.
          const { rows } = await sql<{
            users: string;
            edges: string;
          }>`select (select last_value from account_user_id_seq) as users,
          (select last_value from account_user_following_id_seq) as edges`.execute(django());
          expect(Number(rows[0]?.users)).toBeGreaterThanOrEqual(lastUser);
          expect(Number(rows[0]?.edges)).toBeGreaterThanOrEqual(lastEdge);
        }
        const djangoHash = makePassword('set-by-django-1', 'djangosalt12');
        const djangoId = await served.database.django.createUser(newName('django'), djangoHash);
        expect(djangoId).toBe(lastUser + 1);
        await served.database.django.follow(djangoId, written.id);
        expect(await maxId(django(), 'account_user_following')).toBe(lastEdge + 1);
        // The user accountkit wrote holds refresh-token records Django knows nothing of; the
        // table's foreign key cascades, so Django's collector is not refused.
        await served.database.django.deleteUser(written.id);
        const left = await everyRow(django());
        const whose =
          (...columns: string[]) =>
          (row: Record<string, unknown>) =>
            columns.some((column) => Number(row[column]) === written.id);
        expect(left.users.filter(whose('id'))).toEqual([]);
        expect(left.follows.filter(whose('from_user_id', 'to_user_id'))).toEqual([]);
        expect(left.refreshTokens.filter(whose('user_id'))).toEqual([]);
      });

      it('a 150-character username uploads a profile picture whose stored path fits varchar(100)', async () => {
        for (const username of [
          'x'.repeat(150),
          // Non-ASCII: both engines count characters, not bytes.
          `${'ü'.repeat(110)}${'ß'.repeat(40)}`,
          // Beyond U+FFFF: four bytes and two UTF-16 units, one character to either engine.
          '𠀄'.repeat(150),
        ]) {
          expect([...username]).toHaveLength(150);
          // An address's local part holds 64 characters at most.
          const user = await signUp(username, 'long.name@example.test');
          const answer = await call(served.origin, 'PATCH', 'info/', {
            token: user.access,
            body: imageForm('profile_pic', PNG_1X1, 'portrait.PNG'),
          });
          expect(answer.status).toBe(200);
          const [row] = await djangoUsers(django(), user.id);
          const path = String(row?.profile_pic);
          // The folder keeps as much of the name as leaves room for `_<id>/`, 32 hex and `.png`.
          const kept = [...username].slice(0, 100 - `images/profile/_${user.id}/.png`.length - 32);
          expect(path).toMatch(
            new RegExp(`^images/profile/${kept.join('')}_${user.id}/[0-9a-f]{32}\\.png$`, 'u'),
          );
          expect([...path].length).toBe(100);
          // What Django's FileField accepts: relative, no '.' or '..' segment, no backslash.
          expect(path.split('/').every((segment) => !['', '.', '..'].includes(segment))).toBe(true);
          expect(path).not.toMatch(/\\|\0/);
          expect(existsSync(join(served.mediaRoot, path))).toBe(true);
          expect(answer.body.profile_pic).toBe(
            `${PUBLIC_URL}/media/${path.split('/').map(encodeURIComponent).join('/')}`,
          );
        }
      });

      it('the server logged no unexpected error', () => {
        expect(served.errors).toEqual([]);
      });
    },
  );
}
