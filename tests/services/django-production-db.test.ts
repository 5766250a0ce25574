/**
 * Django's production databases (PostgreSQL 15 and MariaDB 10.11 dumps) under the services and
 * the storage adapter: a name that Django's own unique index refuses (MariaDB's
 * `utf8mb4_general_ci` merges accents; PostgreSQL compares bytes) is a `ConflictError`
 * `USERNAME_TAKEN` wherever it is met, never a `StorageError`, and whatever the unit of work
 * wrote before it is rolled back.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { usernameKey } from '../../src/core/username.js';
import { type Accounts, createAccounts } from '../../src/create-accounts.js';
import { ConflictError } from '../../src/errors/errors.js';
import { createMemoryMediaStorage } from '../../src/media/memory-media-storage.js';
import {
  createKyselyStorage,
  DJANGO_TABLE_NAMES,
  migrateDjangoSchema,
} from '../../src/storage/kysely/index.js';
import type { AccountStorage, NewUser } from '../../src/storage/storage.js';
import { everyRow } from '../http/support/django-production.js';
import { type DjangoDatabase, djangoBackend } from '../storage/harnesses/django-database.js';
import { makePassword } from '../storage/harnesses/django-orm.js';
import { fixedClock } from '../support/fixed-clock.js';
import { sequenceRandom } from '../support/sequence-random.js';
import { cheapHasher, PASSWORD, SECRET, T0 } from './setup.js';

/** A user row as the services hand it to storage, keyed as they key it. */
const newUser = (username: string): NewUser => ({
  username,
  usernameKey: usernameKey(username),
  email: '',
  passwordHash: makePassword('x', 'storagesalt1'),
  dateJoined: new Date(T0),
});

for (const engine of ['postgres', 'mysql'] as const) {
  const open = djangoBackend(engine).open;
  describe.runIf(open)(`${engine}: names Django's index refuses stay typed`, () => {
    let database: DjangoDatabase;
    let storage: AccountStorage;
    let accounts: Accounts;
    /** Whether Django's index on this engine takes `àlice` for `alice`. */
    const accentsCollide = engine === 'mysql';

    beforeAll(async () => {
      database = await (open as () => Promise<DjangoDatabase>)();
      await migrateDjangoSchema(database.db, { dialect: engine });
      storage = createKyselyStorage({
        db: database.db,
        dialect: engine,
        tables: DJANGO_TABLE_NAMES,
      });
      accounts = await createAccounts({
        storage,
        tokens: { keys: SECRET },
        passwords: { preferred: cheapHasher() },
        media: { storage: createMemoryMediaStorage() },
        clock: fixedClock(T0),
        random: sequenceRandom(),
      });
    }, 120_000);
    afterAll(async () => {
      await database?.close();
    });

    const rows = () => everyRow(database.django.db);

    it(`register('àlice') beside Django's alice: ${accentsCollide ? 'ConflictError' : 'a second user'}`, async () => {
      const before = await rows();
      const signingUp = accounts.register({ username: 'àlice', password: PASSWORD });
      if (accentsCollide) {
        const error = await signingUp.catch((thrown: unknown) => thrown);
        expect(error).toBeInstanceOf(ConflictError);
        expect(error).toMatchObject({ code: 'USERNAME_TAKEN', cause: { errno: 1062 } });
        expect(await rows()).toEqual(before);
      } else {
        expect((await signingUp).user.username).toBe('àlice');
      }
    });

    it("users.insert of a name only Django's index takes for another", async () => {
      await storage.users.insert(newUser('Résumé'));
      const before = await rows();
      const inserting = storage.users.insert(newUser('resume'));
      if (accentsCollide) {
        const error = await inserting.catch((thrown: unknown) => thrown);
        expect(error).toBeInstanceOf(ConflictError);
        expect(error).toMatchObject({ code: 'USERNAME_TAKEN', cause: { errno: 1062 } });
        expect(await rows()).toEqual(before);
      } else {
        expect((await inserting).username).toBe('resume');
      }
    });

    it('a transaction that meets the index on its second insert keeps nothing of its first', async () => {
      // Taken by Django's index on MariaDB; by accountkit's key on PostgreSQL.
      const taken = newUser(accentsCollide ? 'ÀLICE' : 'ALICE');
      const before = await rows();
      const unit = storage.transaction(async (tx) => {
        await tx.users.insert(newUser('first-of-two'));
        await tx.users.insert(taken);
      });
      const error = await unit.catch((thrown: unknown) => thrown);
      expect(error).toBeInstanceOf(ConflictError);
      expect(error).toMatchObject({ code: 'USERNAME_TAKEN' });
      expect(await rows()).toEqual(before);
    });

    it('users.update to a name the index holds leaves the row as it was', async () => {
      await database.django.createUser('café', makePassword('x', 'djangosalt12'));
      // This sign-up also gives Django's non-ASCII name its key (accountkit's lazy backfill),
      // so the snapshot below is taken with every row keyed.
      const { user } = await accounts.register({ username: 'renamed-later', password: PASSWORD });
      const before = await rows();
      const renaming = storage.users.update(user.id, {
        username: 'cafe',
        usernameKey: usernameKey('cafe'),
      });
      if (accentsCollide) {
        await expect(renaming).rejects.toBeInstanceOf(ConflictError);
        expect(await rows()).toEqual(before);
        expect((await storage.users.findById(user.id))?.username).toBe('renamed-later');
      } else {
        expect((await renaming)?.username).toBe('cafe');
      }
    });

    it("updateProfile's rename meets the same answer as sign-up", async () => {
      const { user } = await accounts.register({ username: 'gruss-to-be', password: PASSWORD });
      await database.django.createUser('Gruß', makePassword('x', 'djangosalt12'));
      const before = await rows();
      const renaming = accounts.updateProfile({ userId: user.id, changes: { username: 'grus' } });
      if (accentsCollide) {
        await expect(renaming).rejects.toMatchObject({
          name: 'ConflictError',
          code: 'USERNAME_TAKEN',
        });
        expect(await rows()).toEqual(before);
      } else {
        expect((await renaming).user.username).toBe('grus');
      }
    });
  });
}
