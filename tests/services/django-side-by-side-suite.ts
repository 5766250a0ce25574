import { readFileSync } from 'node:fs';
import { sql } from 'kysely';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { type Accounts, createAccounts } from '../../src/create-accounts.js';
import { createMemoryMediaStorage } from '../../src/media/memory-media-storage.js';
import { createArgon2Hasher } from '../../src/passwords/argon2-hasher.js';
import type { PasswordHasher } from '../../src/passwords/password-hashing.js';
import {
  createKyselyStorage,
  DJANGO_TABLE_NAMES,
  migrateDjangoSchema,
  undoDjangoSideBySide,
} from '../../src/storage/kysely/index.js';
import type { AccountStorage } from '../../src/storage/storage.js';
import type { DjangoBackend, DjangoDatabase } from '../storage/harnesses/django-database.js';
import { makePassword } from '../storage/harnesses/django-orm.js';
import { steppingClock } from '../support/fixed-clock.js';
import { sequenceRandom } from '../support/sequence-random.js';
import { cheapHasher, PASSWORD, SECRET, T0 } from './setup.js';

interface ManifestUser {
  readonly id: number;
  readonly username: string;
  readonly password: string | null;
  readonly followers: number;
  readonly following: number;
}
const manifest: { users: ManifestUser[] } = JSON.parse(
  readFileSync(new URL('../fixtures/django-db/manifest.json', import.meta.url), 'utf8'),
);
const django = (id: number) => manifest.users.find((user) => user.id === id) as ManifestUser;

/** A user's state and a verdict of Django's `check_token`, from Django's own output. */
interface ResetCheck {
  readonly label: string;
  readonly token: string;
  readonly now: string;
  readonly valid: boolean;
}
interface ResetVector {
  readonly user: {
    readonly pk: number;
    readonly password: string;
    readonly last_login: string;
    readonly email: string;
  };
  readonly uidb64: string;
  readonly checks: readonly ResetCheck[];
}
const resetVectors: { settings: { SECRET_KEY: string }; cases: ResetVector[] } = JSON.parse(
  readFileSync(new URL('../fixtures/password_reset.json', import.meta.url), 'utf8'),
);
/** Django's UTC text (`2024-07-11 12:00:00`, microseconds allowed) as an instant. */
const djangoInstant = (text: string) => new Date(`${text.replace(' ', 'T').slice(0, 23)}Z`);
const ALICE = django(2);

/** A password as Django 3.2 hashes it by default (PBKDF2-SHA256, 260,000 iterations). */
const DJANGO_PASSWORD = 'hashed-by-django-1';
const djangoHash = (password: string, salt: string) => makePassword(password, salt);

/**
 * accountkit serving one of Django's own databases while a Django process (plain SQL, as its
 * ORM sends it) writes the same tables: what a user of either sees stays right. Each test gets
 * a fresh copy of Django's database, migrated by `migrateDjangoSchema`.
 */
export function defineSideBySideServiceSuite(backend: DjangoBackend): void {
  const open = backend.open;
  describe.runIf(open)(`${backend.name}: accountkit beside Django on Django's tables`, () => {
    let database: DjangoDatabase;
    let storage: AccountStorage;
    let accounts: Accounts;
    const build = (preferred: PasswordHasher = cheapHasher(), randomStart = 1) =>
      createAccounts({
        storage,
        tokens: { keys: SECRET },
        passwords: { preferred },
        media: { storage: createMemoryMediaStorage() },
        clock: steppingClock(T0),
        random: sequenceRandom(randomStart),
      });

    beforeEach(async () => {
      database = await (open as () => Promise<DjangoDatabase>)();
      await migrateDjangoSchema(database.db, { dialect: backend.name });
      storage = createKyselyStorage({
        db: database.db,
        dialect: backend.name,
        tables: DJANGO_TABLE_NAMES,
      });
      accounts = await build();
    });
    afterEach(async () => {
      await database?.close();
    });

    /** Every counter that differs from a COUNT of the edges, as `id: followers/following`. */
    async function drift(): Promise<string[]> {
      const { rows } = await sql<Record<string, number | string>>`
        select u.id, u.followers_count, u.following_count,
          (select count(*) from account_user_following f where f.to_user_id = u.id) as followers,
          (select count(*) from account_user_following f where f.from_user_id = u.id) as following
        from account_user u order by u.id`.execute(database.db);
      return rows
        .filter(
          (row) =>
            Number(row.followers_count) !== Number(row.followers) ||
            Number(row.following_count) !== Number(row.following),
        )
        .map((row) => `${row.id}: ${row.followers_count}/${row.following_count}`);
    }

    it('a user Django creates logs in with the password Django hashed; a case variant cannot sign up', async () => {
      const id = await database.django.createUser(
        'Newcomer',
        djangoHash(DJANGO_PASSWORD, 'newcomersalt1'),
      );
      const pair = await accounts.login({ username: 'newcomer', password: DJANGO_PASSWORD });
      expect(await accounts.authenticate(pair.access)).toMatchObject({
        userId: id,
        username: 'Newcomer',
      });
      await expect(
        accounts.register({ username: 'NEWCOMER', password: PASSWORD }),
      ).rejects.toMatchObject({ code: 'USERNAME_TAKEN' });
    });

    it('so does one with a non-ASCII name, which no variant can take either', async () => {
      const zoe = await database.django.createUser(
        'Zoë',
        djangoHash(DJANGO_PASSWORD, 'zoesalt12345'),
      );
      await database.django.createUser('Straße', djangoHash(DJANGO_PASSWORD, 'strassesalt1'));
      await expect(
        accounts.register({ username: 'STRASSE', password: PASSWORD }),
      ).rejects.toMatchObject({ code: 'USERNAME_TAKEN' });
      const pair = await accounts.login({ username: 'ZOË', password: DJANGO_PASSWORD });
      expect(await accounts.authenticate(pair.access)).toMatchObject({ userId: zoe });
      await expect(
        accounts.register({ username: 'zoë', password: PASSWORD }),
      ).rejects.toMatchObject({ code: 'USERNAME_TAKEN' });
    });

    it("a password Django sets revokes accountkit's earlier access and refresh tokens", async () => {
      const pair = await accounts.login({ username: 'alice', password: ALICE.password as string });
      expect(await accounts.authenticate(pair.access)).toMatchObject({ userId: ALICE.id });
      await database.django.setPassword(ALICE.id, djangoHash(DJANGO_PASSWORD, 'alicesalt123'));
      await expect(accounts.authenticate(pair.access)).rejects.toMatchObject({
        code: 'TOKEN_REVOKED',
      });
      await expect(accounts.refresh({ refresh: pair.refresh })).rejects.toMatchObject({
        code: 'TOKEN_REVOKED',
      });
      await expect(
        accounts.login({ username: 'alice', password: ALICE.password as string }),
      ).rejects.toMatchObject({ code: 'INVALID_CREDENTIALS' });
      const fresh = await accounts.login({ username: 'alice', password: DJANGO_PASSWORD });
      expect(await accounts.authenticate(fresh.access)).toMatchObject({ userId: ALICE.id });
    });

    it("a re-hash at login leaves earlier tokens valid, and so does Django's save of an unchanged password", async () => {
      const password = ALICE.password as string;
      const first = await accounts.login({ username: 'alice', password });
      const upgraded = (await storage.users.findById(ALICE.id))?.passwordHash;
      expect(upgraded).toMatch(/^argon2\$argon2id\$v=19\$m=256,t=1,p=1\$/);
      // Another deployment prefers other parameters: its login re-hashes again.
      const stronger = await build(
        createArgon2Hasher({ memoryKiB: 512, iterations: 1, parallelism: 1 }),
        1000,
      );
      await stronger.login({ username: 'alice', password });
      expect((await storage.users.findById(ALICE.id))?.passwordHash).toMatch(
        /^argon2\$argon2id\$v=19\$m=512,t=1,p=1\$/,
      );
      expect(await accounts.authenticate(first.access)).toMatchObject({ userId: ALICE.id });
      await database.django.save(ALICE.id, { email: 'alice@elsewhere.example.test' });
      expect(await accounts.authenticate(first.access)).toMatchObject({ userId: ALICE.id });
      const rotated = await accounts.refresh({ refresh: first.refresh });
      expect(await accounts.authenticate(rotated.access)).toMatchObject({ userId: ALICE.id });
      expect((await storage.users.findById(ALICE.id))?.tokenVersion).toBe(0);
    });

    it("a user Django created signs in on two devices, ends one by id, and Django's delete ends the rest", async () => {
      const id = await database.django.createUser(
        'Traveller',
        djangoHash(DJANGO_PASSWORD, 'travellersalt'),
      );
      const login = (userAgent: string) =>
        accounts.login({ username: 'traveller', password: DJANGO_PASSWORD }, { userAgent });
      const laptop = await login('Laptop/1.0');
      const phone = await login('Phone/2.0');
      const session = await accounts.authenticate(phone.access);
      const listed = await accounts.listSessions({ userId: id, currentSession: session.sessionId });
      expect(listed.map(({ userAgent, current }) => ({ userAgent, current }))).toEqual(
        expect.arrayContaining([
          { userAgent: 'Laptop/1.0', current: false },
          { userAgent: 'Phone/2.0', current: true },
        ]),
      );
      expect(listed).toHaveLength(2);
      const other = listed.find((entry) => !entry.current)!;
      await accounts.endSession({ userId: id, sessionId: other.id });
      await expect(accounts.refresh({ refresh: laptop.refresh })).rejects.toMatchObject({
        code: 'TOKEN_REVOKED',
      });
      await database.django.deleteUser(id);
      expect(await accounts.listSessions({ userId: id })).toEqual([]);
      await expect(accounts.refresh({ refresh: phone.refresh })).rejects.toMatchObject({
        code: 'TOKEN_INVALID',
      });
    });

    it('a reset link Django mailed for one of its users resets the password here, once', async () => {
      const vector = resetVectors.cases[0] as ResetVector;
      const check = vector.checks.find((entry) => entry.label === 'at once') as ResetCheck;
      await database.django.setPassword(vector.user.pk, vector.user.password);
      // Django writes SQLite instants as UTC text, the others as timestamps.
      const lastLogin =
        backend.name === 'sqlite' ? vector.user.last_login : djangoInstant(vector.user.last_login);
      await sql`UPDATE account_user SET last_login = ${lastLogin}, email = ${vector.user.email}
        WHERE id = ${vector.user.pk}`.execute(database.db);
      const reset = await createAccounts({
        storage,
        tokens: { keys: SECRET },
        passwords: { preferred: cheapHasher() },
        media: { storage: createMemoryMediaStorage() },
        clock: steppingClock(djangoInstant(check.now)),
        random: sequenceRandom(1),
        passwordReset: {
          secret: resetVectors.settings.SECRET_KEY,
          mailer: { send: async () => {} },
          link: (uid, token) => `https://app.example.test/reset/${uid}/${token}/`,
        },
      });
      const link = { uid: vector.uidb64, token: check.token, newPassword: 'a new passphrase here' };
      await reset.resetPassword(link);
      const name = django(vector.user.pk).username;
      const pair = await reset.login({ username: name, password: link.newPassword });
      expect(await reset.authenticate(pair.access)).toMatchObject({ userId: vector.user.pk });
      await expect(reset.resetPassword(link)).rejects.toMatchObject({ code: 'VALIDATION_FAILED' });
    });

    it('the counters stay exact while Django and accountkit both follow, unfollow and delete', async () => {
      const { user: writer } = await accounts.register({ username: 'writer', password: PASSWORD });
      const reader = await database.django.createUser('reader', djangoHash('x', 'readersalt12'));
      await accounts.follow({ userId: writer.id, targetId: 1 });
      await database.django.follow(reader, 1);
      await database.django.follow(reader, writer.id);
      await accounts.follow({ userId: writer.id, targetId: reader });
      await accounts.unfollow({ userId: writer.id, targetId: 1 });
      await database.django.follow(reader, 1);
      // bob (3) follows the celebrity; Django deletes him with his edges.
      await database.django.deleteUser(3);
      // In: reader. Out: bob (writer came and went; reader's second add was a duplicate).
      expect(await accounts.getUserDetail({ id: 1 })).toMatchObject({
        followers: django(1).followers + 1 - 1,
        following: 0,
      });
      expect(await accounts.getUserDetail({ id: writer.id })).toMatchObject({
        followers: 1,
        following: 1,
      });
      expect(await accounts.getUserDetail({ id: reader })).toMatchObject({
        followers: 1,
        following: 2,
      });
      expect(await drift()).toEqual([]);
      expect(await accounts.recount()).toEqual([]);
    });

    it('after undo accountkit alone keeps its columns right: sign-up, login, follows', async () => {
      await undoDjangoSideBySide(database.db, { dialect: backend.name });
      const { user, tokens } = await accounts.register({ username: 'Later', password: PASSWORD });
      await expect(
        accounts.register({ username: 'LATER', password: PASSWORD }),
      ).rejects.toMatchObject({ code: 'USERNAME_TAKEN' });
      await accounts.follow({ userId: user.id, targetId: 1 });
      await accounts.follow({ userId: 1, targetId: user.id });
      await accounts.unfollow({ userId: user.id, targetId: 1 });
      expect(await accounts.getUserDetail({ id: 1 })).toMatchObject({
        followers: django(1).followers,
        following: 1,
      });
      const pair = await accounts.login({ username: 'later', password: PASSWORD });
      expect(await accounts.authenticate(pair.access)).toMatchObject({ userId: user.id });
      expect(await accounts.authenticate(tokens.access)).toMatchObject({ userId: user.id });
      expect(await drift()).toEqual([]);
      expect(await accounts.recount()).toEqual([]);
    });
  });
}
