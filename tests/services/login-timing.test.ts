import { describe, expect, it } from 'vitest';
import { createPasswordHashing } from '../../src/passwords/index.js';
import { costlyHasher, costlyValue } from '../passwords/support/costly-hasher.js';
import { countPbkdf2Iterations } from '../passwords/support/pbkdf2-iterations.js';
import { passwordVectors } from '../passwords/support/vectors.js';
import { virtualTimer } from '../passwords/support/virtual-timer.js';
import { PASSWORD } from './setup.js';
import { insertUser, loginService } from './support/login-service.js';

/**
 * Virtual time: the preferred hasher costs 30 ms a hash; stored values cost what they say
 * (`costly$<ms>$…`), from 5 ms (a legacy format) to 400 ms (a bcrypt cost-12 value). The floor
 * is then 1.25 × 400 = 500 ms.
 */
const FLOOR = 500;
const UNUSABLE = `!${'x'.repeat(40)}`;

async function setUp(options: { acceptTrimmed?: boolean; calibrate?: boolean } = {}) {
  const timer = virtualTimer();
  const hasher = costlyHasher(timer, 30);
  const passwords = createPasswordHashing({ preferred: hasher, timer });
  const service = await loginService(passwords, options);
  const stored = {
    alice: costlyValue(30, PASSWORD),
    slowpoke: costlyValue(400, PASSWORD),
    oldtimer: costlyValue(5, PASSWORD),
    unusable: UNUSABLE,
  };
  for (const [username, value] of Object.entries(stored)) {
    await insertUser(service.storage, username, value);
  }
  await insertUser(service.storage, 'sleeper', costlyValue(30, PASSWORD), false);
  // What a deployment does at start-up: teach the floor every kind of value its table holds.
  if (options.calibrate !== false) await passwords.calibrate(Object.values(stored));

  /** One login: its outcome, how long it lasted, the hashes it cost and the waits it made. */
  async function attempt(username: string, password: string) {
    hasher.calls.hash = 0;
    hasher.calls.verify = 0;
    timer.waits.length = 0;
    const started = timer.now();
    const outcome = await service.login(username, password).then(
      () => 'tokens',
      (error: { code: string }) => error.code,
    );
    return {
      outcome,
      ms: timer.now() - started,
      hashes: hasher.calls.hash + hasher.calls.verify,
      waits: [...timer.waits],
    };
  }
  return { attempt, service, hasher };
}

describe('failed logins that look alike (virtual time)', () => {
  it('every failure path lasts exactly the floor after one hash; the wait is what its hash left of it', async () => {
    const { attempt } = await setUp();
    const failure = (wait: number) => ({
      outcome: 'INVALID_CREDENTIALS',
      ms: FLOOR,
      hashes: 1,
      waits: [wait],
    });
    expect({
      'unknown user': await attempt('nobody', PASSWORD),
      'invalid username': await attempt('no such name!', PASSWORD),
      'inactive user, right password': await attempt('sleeper', PASSWORD),
      'unusable password': await attempt('unusable', PASSWORD),
      'wrong password, current kind (30 ms)': await attempt('alice', 'wrong password'),
      'wrong password, slow kind (400 ms)': await attempt('slowpoke', 'wrong password'),
      'wrong password, cheap kind (5 ms)': await attempt('oldtimer', 'wrong password'),
    }).toEqual({
      'unknown user': failure(470),
      'invalid username': failure(470),
      'inactive user, right password': failure(470),
      'unusable password': failure(470),
      'wrong password, current kind (30 ms)': failure(470),
      'wrong password, slow kind (400 ms)': failure(100),
      'wrong password, cheap kind (5 ms)': failure(495),
    });
  });

  it('successes are never held: they last their own hashes (and the upgrade of an outdated value)', async () => {
    const { attempt } = await setUp();
    expect(await attempt('alice', PASSWORD)).toEqual({
      outcome: 'tokens',
      ms: 30,
      hashes: 1,
      waits: [],
    });
    expect(await attempt('slowpoke', PASSWORD)).toEqual({
      outcome: 'tokens',
      ms: 430,
      hashes: 2,
      waits: [],
    });
  });

  it('with acceptTrimmed, a padded password costs two hashes and its failure lasts twice the floor, on every path', async () => {
    const { attempt } = await setUp({ acceptTrimmed: true });
    const padded = ` ${PASSWORD} `;
    const results = {
      nobody: await attempt('nobody', padded),
      sleeper: await attempt('sleeper', padded),
      slowpoke: await attempt('slowpoke', ' wrong '),
    };
    expect(results).toEqual({
      nobody: { outcome: 'INVALID_CREDENTIALS', ms: 2 * FLOOR, hashes: 2, waits: [940] },
      sleeper: { outcome: 'INVALID_CREDENTIALS', ms: 2 * FLOOR, hashes: 2, waits: [940] },
      slowpoke: { outcome: 'INVALID_CREDENTIALS', ms: 2 * FLOOR, hashes: 2, waits: [200] },
    });
  });

  it('without calibration the floor is learnt from traffic: a kind never seen stands out once, then every failure lasts the raised floor', async () => {
    const { attempt } = await setUp({ calibrate: false });
    const lasted = [];
    for (const [username, password] of [
      ['nobody', PASSWORD],
      ['slowpoke', 'wrong password'],
      ['nobody', PASSWORD],
      ['alice', 'wrong password'],
    ] as const) {
      lasted.push((await attempt(username, password)).ms);
    }
    expect(lasted).toEqual([37.5, FLOOR, FLOOR, FLOOR]);
  });
});

/** A value of tests/fixtures/passwords.json (Django 3.2's own output), by its label. */
function fixture(label: string): [stored: string, password: string] {
  const vector = passwordVectors.vectors.find(
    (entry) => entry.label === label && entry.password === 'correct-horse-1',
  );
  if (vector?.encoded === undefined) throw new Error(`no vector ${label}`);
  return [vector.encoded, vector.password];
}

/**
 * Django's own values, each with the password it was made from: the fixture's, plus the two
 * formats Django 3.2 did not write (PBKDF2 at 600,000 and scrypt), from Django's own hasher
 * tests as tests/passwords/hashing.test.ts holds them.
 */
const DJANGO_VALUES: readonly [label: string, stored: string, password: string][] = [
  ['PBKDF2-SHA256, 260,000 (Django 3.2)', ...fixture('pbkdf2_sha256 default iterations')],
  [
    'PBKDF2-SHA256, 600,000 (Django 4.2)',
    'pbkdf2_sha256$600000$seasalt$OAXyhAQ/4ZDA9V5RMExt3C1OwQdUpLZ99vm1McFlLRA=',
    'lètmein',
  ],
  ['PBKDF2-SHA256, 1,000,000 (Django 5.2)', ...fixture('pbkdf2_sha256 1000000 iterations')],
  ['PBKDF2-SHA1, 260,000', ...fixture('pbkdf2_sha1 default iterations')],
  ['Argon2id, m=102400 t=2 p=8 (argon2-cffi default)', ...fixture('argon2 default (argon2id)')],
  [
    'Argon2i, m=512 t=2 p=2 (Django 1.10–3.1)',
    ...fixture('argon2 legacy argon2i (Django 1.10-3.1 layout)'),
  ],
  ['bcrypt_sha256, cost 12', ...fixture('bcrypt_sha256 rounds 12')],
  ['bcrypt, cost 12', ...fixture('bcrypt rounds 12')],
  [
    'scrypt, N=16384 r=8 p=1 (Django 4)',
    'scrypt$16384$seasalt$8$1$Qj3+9PPyRjSJIebHnG81TMjsqtaIGxNQG/aEB/NYafTJ7tibgfYz71m0ldQESkXFRkdVCBhhY8mx7rQwite/Pw==',
    'lètmein',
  ],
];

describe('every format Django ships: a wrong password is one verify of the stored value, then the same floor', () => {
  it.each(DJANGO_VALUES)('%s', async (_label, stored, password) => {
    const { attempt, service } = await setUp();
    await insertUser(service.storage, 'django', stored);
    // The real verify runs on the CPU, outside virtual time: what is left is the floor's wait.
    let wrong: Awaited<ReturnType<typeof attempt>> | undefined;
    const iterations = await countPbkdf2Iterations(async () => {
      wrong = await attempt('django', `${password}!`);
    });
    expect(wrong).toEqual({
      outcome: 'INVALID_CREDENTIALS',
      ms: FLOOR,
      hashes: 0,
      waits: [FLOOR],
    });
    expect(iterations).toBe(Number(/^pbkdf2_sha(?:256|1)\$(\d+)\$/.exec(stored)?.[1] ?? 0));
    expect((await attempt('django', password)).outcome).toBe('tokens');
  });
});
