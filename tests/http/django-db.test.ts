/**
 * A copy of a database made by Django itself, served over HTTP in place: its users log in with
 * their Django passwords (every stored hash format), and `<id>/info/` shows Django's counts.
 */
import { copyFileSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { expect, it } from 'vitest';
import { call, expectError } from './support/client.js';
import { describeExamples } from './support/servers.js';

interface ManifestUser {
  id: number;
  username: string;
  is_active: boolean;
  followers: number;
  following: number;
  password: string | null;
  hasher: string;
}

const manifest: { users: ManifestUser[] } = JSON.parse(
  readFileSync(new URL('../fixtures/django-manifest.json', import.meta.url), 'utf8'),
);

function copyOfDjangoDatabase(dir: string): string {
  const file = join(dir, 'django.sqlite3');
  copyFileSync(new URL('../fixtures/django.sqlite3', import.meta.url), file);
  return `sqlite:${file}`;
}

const oneOfEachHasher = ['pbkdf2_sha256', 'pbkdf2_sha1', 'argon2', 'bcrypt_sha256', 'bcrypt'].map(
  (hasher) => manifest.users.find((user) => user.hasher === hasher && user.is_active)!,
);

describeExamples(
  "Django's own database served in place",
  (context) => {
    it('uses the Django tables', () => {
      expect(context().opened.database.django).toBe(true);
    });

    it.each(oneOfEachHasher.map((user) => [user.hasher, user] as const))(
      'a Django user stored with %s logs in with their Django password, and logs in again after the upgrade',
      async (_hasher, user) => {
        const { origin } = context();
        const credentials = { username: user.username, password: user.password! };
        const first = await call(origin, 'POST', 'token/', { json: credentials });
        expect(first.status).toBe(200);
        const again = await call(origin, 'POST', 'token/', { json: credentials });
        expect(again.status).toBe(200);
        const me = await call(origin, 'GET', 'info/', { token: again.body.access });
        expect(me.body).toMatchObject({ id: user.id, username: user.username });
      },
    );

    it('a Django user typing the whitespace DRF trimmed at sign-up still logs in', async () => {
      const { origin } = context();
      const user = oneOfEachHasher[0]!;
      const padded = { username: user.username, password: ` ${user.password!}\t` };
      expect((await call(origin, 'POST', 'token/', { json: padded })).status).toBe(200);
    });

    it("<id>/info/ shows Django's follower and following counts", async () => {
      const { origin } = context();
      const viewer = oneOfEachHasher[0]!;
      const login = await call(origin, 'POST', 'token/', {
        json: { username: viewer.username, password: viewer.password! },
      });
      const sample = manifest.users.filter((user) => user.is_active).slice(0, 40);
      for (const user of sample) {
        const answer = await call(origin, 'GET', `${user.id}/info/`, { token: login.body.access });
        expect(
          { id: user.id, followers: answer.body.followers, following: answer.body.following },
          user.username,
        ).toEqual({ id: user.id, followers: user.followers, following: user.following });
      }
    });

    it('the inactive and the unusable-password Django users cannot log in', async () => {
      const { origin } = context();
      for (const user of manifest.users.filter((u) => !u.is_active || u.hasher === 'unusable')) {
        // The unusable-password user has no password of their own: try a plausible one.
        const password = user.password || 'correct-horse-1';
        const answer = await call(origin, 'POST', 'token/', {
          json: { username: user.username, password },
        });
        expectError(answer, 401, 'INVALID_CREDENTIALS');
      }
    });
  },
  { databaseUrl: copyOfDjangoDatabase, backend: 'django.sqlite3' },
);
