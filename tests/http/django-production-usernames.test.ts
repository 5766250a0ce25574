/**
 * Usernames on Django's production databases, against each engine's own index. Django's unique
 * index on `account_user.username` compares with the column's collation: on MariaDB
 * `utf8mb4_general_ci`, which ignores case, accents, trailing spaces, weighs `ß` as `s` and
 * every character outside the Basic Multilingual Plane alike; on PostgreSQL, byte for byte.
 * accountkit's own key (NFKC + case fold, `username_key`) applies on both. A name is taken when
 * either says so, and the answer is then 409 USERNAME_TAKEN with the database unchanged, at
 * sign-up and at rename: never a 500 or STORAGE_UNAVAILABLE.
 */
import { readdirSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { makePassword } from '../storage/harnesses/django-orm.js';
import { call, claims, expectError } from './support/client.js';
import {
  engineRuns,
  everyRow,
  imageForm,
  PNG_1X1,
  PRODUCTION_ENGINES,
  type ProductionEngine,
  type ServedDjango,
  serveDjangoDatabase,
} from './support/django-production.js';

const PASSWORD = 'correct horse battery staple';

/** A name already in the table, one asked for next, and each engine's verdict on it. */
interface NameCase {
  /** In Django's dump already (`alice`, `bob`), or created by Django's own INSERT first. */
  readonly existing: string;
  readonly candidate: string;
  readonly verdict: Readonly<Record<ProductionEngine, 'taken' | 'free'>>;
  readonly why: string;
}

const BOTH_TAKE = { mysql: 'taken', postgres: 'taken' } as const;
const MARIADB_TAKES = { mysql: 'taken', postgres: 'free' } as const;

const SIGN_UPS: readonly NameCase[] = [
  { existing: 'alice', candidate: 'Alice', verdict: BOTH_TAKE, why: 'the key folds case' },
  {
    existing: 'alice',
    candidate: 'alice ',
    verdict: BOTH_TAKE,
    why: 'surrounding whitespace is trimmed, as DRF did',
  },
  {
    existing: 'alice',
    candidate: 'Ａｌｉｃｅ',
    verdict: BOTH_TAKE,
    why: 'NFKC turns fullwidth letters into ASCII',
  },
  {
    existing: 'alice',
    candidate: 'àlice',
    verdict: MARIADB_TAKES,
    why: 'utf8mb4_general_ci ignores accents',
  },
  {
    existing: 'résumé',
    candidate: 'resume',
    verdict: MARIADB_TAKES,
    why: 'utf8mb4_general_ci ignores accents',
  },
  { existing: 'straße', candidate: 'STRASSE', verdict: BOTH_TAKE, why: 'the case fold of ß is ss' },
  {
    existing: 'Maße',
    candidate: 'mase',
    verdict: MARIADB_TAKES,
    why: 'utf8mb4_general_ci weighs ß as s',
  },
  {
    existing: '𠀀',
    candidate: '𠀁',
    verdict: MARIADB_TAKES,
    why: 'utf8mb4_general_ci weighs every character beyond U+FFFF alike',
  },
];

const RENAMES: readonly NameCase[] = [
  { existing: 'bob', candidate: 'BOB', verdict: BOTH_TAKE, why: 'the key folds case' },
  { existing: 'bob', candidate: 'bób', verdict: MARIADB_TAKES, why: 'accents' },
  { existing: 'café', candidate: 'cafe', verdict: MARIADB_TAKES, why: 'accents' },
  { existing: 'Fuß', candidate: 'fuss', verdict: BOTH_TAKE, why: 'the case fold of ß is ss' },
  { existing: 'Gruß', candidate: 'grus', verdict: MARIADB_TAKES, why: 'ß weighs as s' },
  { existing: 'ab𠀂', candidate: 'ab𠀃', verdict: MARIADB_TAKES, why: 'beyond U+FFFF' },
];

/** Every file below `dir` (no test of this file stores one that stays). */
const filesUnder = (dir: string) =>
  readdirSync(dir, { recursive: true, withFileTypes: true })
    .filter((entry) => entry.isFile())
    .map((entry) => entry.name);

let made = 0;
const newName = () => `renamer${process.pid}x${++made}`;

for (const engine of PRODUCTION_ENGINES) {
  describe.runIf(engineRuns(engine))(`${engine}: usernames against Django's own index`, () => {
    let served: ServedDjango;
    const django = () => served.database.django.db;

    beforeAll(async () => {
      served = await serveDjangoDatabase(engine);
      // Django itself wrote these names, with its INSERT (the dump has alice and bob).
      const existing = [...SIGN_UPS, ...RENAMES].map((c) => c.existing);
      for (const name of new Set(existing)) {
        if (name === 'alice' || name === 'bob') continue;
        await served.database.django.createUser(name, makePassword('x', 'djangosalt12'));
      }
    }, 120_000);
    afterAll(async () => {
      await served?.close();
    });

    it.each(SIGN_UPS.map((c) => [c.candidate, c.existing, c.verdict[engine], c] as const))(
      'sign-up as %j beside %j: %s',
      async (candidate, existing, verdict, c) => {
        const before = await everyRow(django());
        const answer = await call(served.origin, 'POST', 'signup/', {
          json: { username: candidate, password: PASSWORD },
        });
        if (verdict === 'taken') {
          expectError(answer, 409, 'USERNAME_TAKEN');
          expect(await everyRow(django()), c.why).toEqual(before);
        } else {
          expect(answer.status, answer.text).toBe(201);
          expect(answer.body.username).toBe(candidate);
          // Both names now stand side by side, and each logs in as itself.
          const login = await call(served.origin, 'POST', 'token/', {
            json: { username: candidate, password: PASSWORD },
          });
          expect(claims(login.body.access).username).toBe(candidate);
          const names = (await everyRow(django())).users.map((row) => row.username);
          expect(names.filter((name) => name === existing || name === candidate)).toEqual([
            existing,
            candidate,
          ]);
        }
      },
    );

    it.each(RENAMES.map((c) => [c.candidate, c.existing, c.verdict[engine], c] as const))(
      'rename (PATCH info/) to %j beside %j: %s',
      async (candidate, _existing, verdict, c) => {
        const username = newName();
        const signUp = await call(served.origin, 'POST', 'signup/', {
          json: { username, password: PASSWORD },
        });
        const token = signUp.body.tokens.access as string;
        const before = await everyRow(django());
        const answer = await call(served.origin, 'PATCH', 'info/', {
          token,
          json: { username: candidate },
        });
        if (verdict === 'taken') {
          expectError(answer, 409, 'USERNAME_TAKEN');
          expect(await everyRow(django()), c.why).toEqual(before);
          const me = await call(served.origin, 'GET', 'info/', { token });
          expect(me.body.username).toBe(username);
        } else {
          expect(answer.status, answer.text).toBe(200);
          expect(answer.body.username).toBe(candidate);
        }
      },
    );

    it('a rename to a taken name in a multipart body is refused the same way', async () => {
      const username = newName();
      const signUp = await call(served.origin, 'POST', 'signup/', {
        json: { username, password: PASSWORD },
      });
      const form = new FormData();
      form.append('username', 'ALICE');
      const before = await everyRow(django());
      const answer = await call(served.origin, 'PATCH', 'info/', {
        token: signUp.body.tokens.access,
        body: form,
      });
      expectError(answer, 409, 'USERNAME_TAKEN');
      expect(await everyRow(django())).toEqual(before);
    });

    it('a refused rename sent with a picture writes neither the row nor the file', async () => {
      // Taken by the engine's own index on MariaDB; by accountkit's key on PostgreSQL.
      const taken = engine === 'mysql' ? 'àlice' : 'Alice';
      const signUp = await call(served.origin, 'POST', 'signup/', {
        json: { username: newName(), password: PASSWORD },
      });
      const form = imageForm('profile_pic', PNG_1X1, 'me.png');
      form.append('username', taken);
      const before = await everyRow(django());
      const answer = await call(served.origin, 'PATCH', 'info/', {
        token: signUp.body.tokens.access,
        body: form,
      });
      expectError(answer, 409, 'USERNAME_TAKEN');
      expect(await everyRow(django())).toEqual(before);
      expect(filesUnder(served.mediaRoot)).toEqual([]);
    });

    it('the server logged no unexpected error', () => {
      expect(served.errors).toEqual([]);
    });
  });
}
