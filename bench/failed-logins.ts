/**
 * Failed logins that look alike: the median time of a failed `accounts.login` on every path
 * (unknown user, inactive user, unusable password, and a wrong password on every format Django
 * ships), through `createAccounts` on memory storage with the default Argon2id hasher. The
 * figure is the spread of those medians (slowest / fastest; the target is at most 1.10).
 * Each path's verify cost alone (the CPU one failure spends) is printed beside it.
 */
import { readFileSync } from 'node:fs';
import { createAccounts } from '../src/create-accounts.js';
import { createPasswordHashing, type FailureFloorReport } from '../src/passwords/index.js';
import { createMemoryStorage } from '../src/storage/memory/index.js';
import type { BenchFigure, BenchSuite } from './figure.js';

const ROUNDS = 7;
const PASSWORD = 'correct-horse-1';
const KEY = 'accountkit-bench-failed-logins-signing-key-0123';
/** The kind of accountkit's default Argon2id values, which a burn also costs. */
const PREFERRED_KIND = 'argon2$argon2id$v=19$m=19456,t=2,p=1';

interface Vector {
  readonly label: string;
  readonly password: string;
  readonly encoded?: string;
}
const vectors: readonly Vector[] = JSON.parse(
  readFileSync(new URL('../tests/fixtures/passwords.json', import.meta.url), 'utf8'),
).vectors;

/** A value of the fixture (Django 3.2's own output) made from {@link PASSWORD}. */
function fixture(label: string): string {
  const found = vectors.find((vector) => vector.label === label && vector.password === PASSWORD);
  if (found?.encoded === undefined) throw new Error(`no vector ${label}`);
  return found.encoded;
}

/** Each stored format and the user holding it; 600,000 and scrypt are Django's test vectors. */
const FORMATS: readonly [path: string, stored: string][] = [
  ['PBKDF2-SHA256 260,000', fixture('pbkdf2_sha256 default iterations')],
  [
    'PBKDF2-SHA256 600,000',
    'pbkdf2_sha256$600000$seasalt$OAXyhAQ/4ZDA9V5RMExt3C1OwQdUpLZ99vm1McFlLRA=',
  ],
  ['PBKDF2-SHA256 1,000,000', fixture('pbkdf2_sha256 1000000 iterations')],
  ['PBKDF2-SHA1 260,000', fixture('pbkdf2_sha1 default iterations')],
  ['Argon2id m=102400 t=2 p=8', fixture('argon2 default (argon2id)')],
  ['Argon2i m=512 t=2 p=2', fixture('argon2 legacy argon2i (Django 1.10-3.1 layout)')],
  ['bcrypt_sha256 cost 12', fixture('bcrypt_sha256 rounds 12')],
  ['bcrypt cost 12', fixture('bcrypt rounds 12')],
  [
    'scrypt N=16384 r=8 p=1',
    'scrypt$16384$seasalt$8$1$Qj3+9PPyRjSJIebHnG81TMjsqtaIGxNQG/aEB/NYafTJ7tibgfYz71m0ldQESkXFRkdVCBhhY8mx7rQwite/Pw==',
  ],
];

const median = (values: readonly number[]) =>
  [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)]!;

export const benchFailedLogins: BenchSuite = async () => {
  const storage = createMemoryStorage();
  const accounts = await createAccounts({ storage, tokens: { keys: KEY } });
  const ours = await createPasswordHashing().hash(PASSWORD);
  const insert = (username: string, passwordHash: string, isActive = true) =>
    storage.users.insert({
      username,
      usernameKey: username,
      email: `${username}@example.test`,
      passwordHash,
      isActive,
      dateJoined: new Date('2024-01-01T00:00:00Z'),
    });
  const paths: [path: string, username: string][] = [
    ['unknown user', 'nobody'],
    ['inactive user', 'sleeper'],
    ['unusable password', 'unusable'],
    ['Argon2id m=19456 t=2 p=1 (accountkit)', 'user0'],
  ];
  await insert('sleeper', ours, false);
  await insert('unusable', `!${'x'.repeat(40)}`);
  await insert('user0', ours);
  for (const [index, [path, stored]] of FORMATS.entries()) {
    await insert(`user${index + 1}`, stored);
    paths.push([path, `user${index + 1}`]);
  }

  const failOnce = async (username: string) => {
    const started = performance.now();
    // The inactive user types the right password; every other path a wrong one.
    const password = username === 'sleeper' ? PASSWORD : 'wrong password';
    const error = await accounts.login({ username, password }).catch((e: unknown) => e);
    if ((error as { code?: string }).code !== 'INVALID_CREDENTIALS') throw error;
    return performance.now() - started;
  };

  // Warm-up: the floor learns each kind of stored value from its first failure, as it does
  // from traffic (`calibrate` does it at start-up where the registry is at hand).
  for (const [, username] of paths) await failOnce(username);
  const times = new Map(paths.map(([path]) => [path, [] as number[]]));
  for (let round = 0; round < ROUNDS; round += 1) {
    // Rotated order, so drift on a shared machine falls on every path alike.
    for (let step = 0; step < paths.length; step += 1) {
      const [path, username] = paths[(round + step) % paths.length]!;
      times.get(path)!.push(await failOnce(username));
    }
  }

  const costs = [await hashCost(), await hashCost(), await hashCost()];
  costs.push(await hashCost(ours));
  for (const [, stored] of FORMATS) costs.push(await hashCost(stored));
  const medians = paths.map(([path]) => ({ path, ms: median(times.get(path)!) }));
  const fastest = Math.min(...medians.map((entry) => entry.ms));
  const slowest = Math.max(...medians.map((entry) => entry.ms));
  console.table(
    medians.map(({ path, ms }, index) => ({
      path,
      'failed login, median ms': Math.round(ms),
      'its one hash alone, ms': Math.round(costs[index] ?? 0),
    })),
  );
  return [
    {
      name: `failed login: slowest of ${paths.length} path medians vs fastest (spread = value / floor)`,
      value: slowest,
      unit: 'ms',
      floorName: 'fastest path median',
      floor: fastest,
      ratio: fastest / slowest,
      target: 0.91,
    },
    ...medians.map(
      ({ path, ms }): BenchFigure => ({
        name: `failed login: ${path}`,
        value: ms,
        unit: 'ms',
        floorName: 'fastest path median',
        floor: fastest,
        ratio: fastest / ms,
        target: 0.91,
      }),
    ),
  ];
};

/**
 * What the one hash of a failure costs alone: a verify of `stored`, or (without it) one
 * preferred hash, the median of three, as the registry's own timing reports it.
 */
async function hashCost(stored?: string): Promise<number> {
  const passwords = createPasswordHashing();
  let classes: FailureFloorReport['classes'] = [];
  for (let round = 0; round < 3; round += 1) {
    ({ classes } = await passwords.calibrate(stored === undefined ? [] : [stored]));
  }
  // Two kinds when `stored` is not of the preferred kind: its own, and the preferred hash's.
  const own =
    classes.length === 1 ? classes[0] : classes.find((entry) => entry.costClass !== PREFERRED_KIND);
  return own?.ms ?? 0;
}
