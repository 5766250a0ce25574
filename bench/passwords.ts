import { pbkdf2 } from 'node:crypto';
import { hashRaw } from '@node-rs/argon2';
import { createPasswordHashing, createPasswordPolicy } from '../src/passwords/index.js';
import type { BenchFigure, BenchSuite } from './figure.js';

const ROUNDS = 5;
const ROUND_MS = 500;
/** Logins kept in flight: the hashes run on libuv's pool, so two cores can both work. */
const IN_FLIGHT = 4;
const PASSWORD = 'correct horse battery staple';

type Op = () => Promise<unknown> | unknown;

async function msPerOp(op: Op): Promise<number> {
  let done = 0;
  const start = performance.now();
  while (performance.now() - start < ROUND_MS) {
    await op();
    done += 1;
  }
  return (performance.now() - start) / done;
}

async function opsPerSecond(op: Op): Promise<number> {
  let done = 0;
  const start = performance.now();
  while (performance.now() - start < ROUND_MS) {
    await Promise.all(Array.from({ length: IN_FLIGHT }, op));
    done += IN_FLIGHT;
  }
  return (done * 1000) / (performance.now() - start);
}

/** Median of interleaved rounds, so drift on a shared machine hits value and floor alike. */
async function compare(measure: (op: Op) => Promise<number>, value: Op, floor: Op) {
  const values: number[] = [];
  const floors: number[] = [];
  await measure(value);
  await measure(floor);
  for (let round = 0; round < ROUNDS; round += 1) {
    values.push(await measure(value));
    floors.push(await measure(floor));
  }
  const median = (list: number[]) => list.sort((a, b) => a - b)[Math.floor(list.length / 2)]!;
  return { value: median(values), floor: median(floors) };
}

/**
 * The preferred hashers through the library against the bare implementation with the same
 * parameters (library overhead within 5% is the target), and the similarity rule at 4,096
 * bytes against one Argon2id hash (B-11: the rule must be negligible next to the hash).
 */
export const benchPasswords: BenchSuite = async () => {
  const figures: BenchFigure[] = [];
  const argon2 = createPasswordHashing();
  const stored = await argon2.hash(PASSWORD);
  const salt = Buffer.from('Q2xhc3NpY1NhbHQyMDI0xx');
  const bareArgon2 = () =>
    hashRaw(PASSWORD, { memoryCost: 19_456, timeCost: 2, parallelism: 1, outputLen: 32, salt });

  const hashCost = await compare(msPerOp, () => argon2.hash(PASSWORD), bareArgon2);
  figures.push(
    duration(
      'argon2id hash (m=19456,t=2,p=1) via createPasswordHashing',
      hashCost,
      'bare @node-rs/argon2 hashRaw',
      0.95,
    ),
  );

  const logins = await compare(opsPerSecond, () => argon2.verify(PASSWORD, stored), bareArgon2);
  figures.push(
    throughput('argon2id login verify, 4 in flight', logins, 'bare @node-rs/argon2 hashRaw', 0.95),
  );

  const failed = await compare(opsPerSecond, () => argon2.verify('wrong', 'garbage$$'), bareArgon2);
  figures.push(
    throughput(
      'failed login on a malformed value (one burn)',
      failed,
      'bare @node-rs/argon2 hashRaw',
      0.95,
    ),
  );

  const pbkdf2Hashing = createPasswordHashing({ preferred: 'pbkdf2_sha256' });
  const barePbkdf2 = () =>
    new Promise((resolve, reject) =>
      pbkdf2(PASSWORD, 'Q2xhc3NpY1NhbHQyMDI0xx', 600_000, 32, 'sha256', (error, key) =>
        error ? reject(error) : resolve(key),
      ),
    );
  const pbkdf2Cost = await compare(msPerOp, () => pbkdf2Hashing.hash(PASSWORD), barePbkdf2);
  figures.push(
    duration(
      'pbkdf2_sha256 600,000 hash via createPasswordHashing',
      pbkdf2Cost,
      'bare node:crypto pbkdf2',
      0.95,
    ),
  );

  const policy = createPasswordPolicy();
  policy.check('warm the common-password set');
  const long = 'ab'.repeat(2_048);
  const user = { username: 'ab'.repeat(75), email: `${'ab'.repeat(100)}@example.test` };
  const similarity = await compare(msPerOp, () => policy.check(long, user), bareArgon2);
  figures.push(
    duration(
      'B-11 policy check at 4,096 bytes (similarity included)',
      similarity,
      'one argon2id hash',
      10,
    ),
  );
  return figures;
};

function duration(
  name: string,
  m: { value: number; floor: number },
  floorName: string,
  target: number,
): BenchFigure {
  return {
    name,
    value: m.value,
    unit: 'ms',
    floorName,
    floor: m.floor,
    ratio: m.floor / m.value,
    target,
  };
}

function throughput(
  name: string,
  m: { value: number; floor: number },
  floorName: string,
  target: number,
): BenchFigure {
  return {
    name,
    value: m.value,
    unit: 'ops/s',
    floorName,
    floor: m.floor,
    ratio: m.value / m.floor,
    target,
  };
}
