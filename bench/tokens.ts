import { CompactSign, jwtVerify } from 'jose';
import { systemRandom } from '../src/platform/random.js';
import type { UserRecord } from '../src/storage/storage.js';
import { createTokenService } from '../src/tokens/index.js';
import type { BenchFigure, BenchSuite } from './figure.js';

const SECRET = 'accountkit-bench-hs256-secret-0123456789abcdef';
const ROUNDS = 9;
const ROUND_MS = 250;
/** Operations kept in flight: WebCrypto hands HMAC to the thread pool, as a server would. */
const IN_FLIGHT = 32;

const user: UserRecord = {
  id: 2,
  username: 'alice',
  usernameKey: 'alice',
  email: 'alice@example.test',
  passwordHash: '!',
  isActive: true,
  dateJoined: new Date('2024-07-08T10:00:00Z'),
  profilePic: 'images/profile/alice_2/0f343b0931126a20f133d67c2b018a3b.jpg',
  coverImage: null,
  followersCount: 0,
  followingCount: 0,
  tokenVersion: 0,
};

async function opsPerSecond(op: () => Promise<unknown>): Promise<number> {
  let done = 0;
  const start = performance.now();
  while (performance.now() - start < ROUND_MS) {
    await Promise.all(Array.from({ length: IN_FLIGHT }, op));
    done += IN_FLIGHT;
  }
  return (done * 1000) / (performance.now() - start);
}

const median = (list: number[]) => [...list].sort((a, b) => a - b)[Math.floor(list.length / 2)]!;

/**
 * Interleaved rounds, alternating which side goes first, so drift on a shared machine hits
 * value and floor alike; the ratio is the median of the per-round ratios.
 */
async function compare(value: () => Promise<unknown>, floor: () => Promise<unknown>) {
  const values: number[] = [];
  const floors: number[] = [];
  await opsPerSecond(value);
  await opsPerSecond(floor);
  for (let round = 0; round < ROUNDS; round += 1) {
    if (round % 2 === 0) {
      values.push(await opsPerSecond(value));
      floors.push(await opsPerSecond(floor));
    } else {
      floors.push(await opsPerSecond(floor));
      values.push(await opsPerSecond(value));
    }
  }
  const ratio = median(values.map((entry, index) => entry / floors[index]!));
  return { value: median(values), floor: median(floors), ratio };
}

/** Access-token verification against bare jose, and pair issuance against two bare signs. */
export const benchTokens: BenchSuite = async () => {
  const now = new Date('2024-07-11T12:00:00Z');
  const tokens = await createTokenService({ keys: SECRET, random: systemRandom });
  const pair = await tokens.issuePair(user, now);
  const key = await globalThis.crypto.subtle.importKey(
    'raw',
    new TextEncoder().encode(SECRET),
    { name: 'HMAC', hash: 'SHA-256' },
    false,
    ['sign', 'verify'],
  );

  const verify = await compare(
    () => tokens.verify(pair.access, 'access', now),
    () => jwtVerify(pair.access, key, { algorithms: ['HS256'], currentDate: now }),
  );
  const payloads = pair.access.split('.').slice(1, 2).concat(pair.refresh.split('.')[1]!);
  const bodies = payloads.map((part) => Buffer.from(part, 'base64url'));
  const issue = await compare(
    () => tokens.issuePair(user, now),
    () =>
      Promise.all(
        bodies.map((body) =>
          new CompactSign(body).setProtectedHeader({ alg: 'HS256', typ: 'JWT' }).sign(key),
        ),
      ),
  );

  const figures: BenchFigure[] = [
    {
      name: 'access token verify (HS256, verify())',
      value: verify.value,
      unit: 'ops/s',
      floorName: 'jose jwtVerify, pre-imported CryptoKey, same token',
      floor: verify.floor,
      ratio: verify.ratio,
      target: 0.9,
    },
    {
      name: 'pair issuance (HS256, issuePair())',
      value: issue.value,
      unit: 'ops/s',
      floorName: 'two jose CompactSign of the same payloads, pre-imported CryptoKey',
      floor: issue.floor,
      ratio: issue.ratio,
    },
  ];
  return figures;
};
