import { createHmac, timingSafeEqual } from 'node:crypto';
import { hash as argon2Hash } from '@node-rs/argon2';
import { CompactSign, exportPKCS8, generateKeyPair, jwtVerify } from 'jose';
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
  lastLogin: null,
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
  // The least any HS256 verifier does: one HMAC compare and one JSON.parse of the payload.
  const [header, body, signature] = pair.access.split('.') as [string, string, string];
  const secret = new TextEncoder().encode(SECRET);
  const expectedSignature = Buffer.from(signature);
  const bare = await compare(
    () => tokens.verify(pair.access, 'access', now),
    async () => {
      const mac = createHmac('sha256', secret).update(`${header}.${body}`).digest('base64url');
      if (!timingSafeEqual(Buffer.from(mac), expectedSignature)) throw new Error('bad signature');
      return JSON.parse(Buffer.from(body, 'base64url').toString('utf8'));
    },
  );

  // The same comparison while four password hashes keep the libuv thread pool busy, as during
  // a burst of logins: jose's WebCrypto verify waits for a free thread there.
  let hashing = true;
  const hashLoop = async () => {
    while (hashing) await argon2Hash('correct horse battery staple');
  };
  const loops = Array.from({ length: 4 }, hashLoop);
  const underLogins = await compare(
    () => tokens.verify(pair.access, 'access', now),
    () => jwtVerify(pair.access, key, { algorithms: ['HS256'], currentDate: now }),
  );
  hashing = false;
  await Promise.all(loops);

  const ed = await generateKeyPair('EdDSA', { extractable: true });
  const edTokens = await createTokenService({
    keys: { alg: 'EdDSA', key: await exportPKCS8(ed.privateKey) },
    random: systemRandom,
  });
  const edAccess = (await edTokens.issuePair(user, now)).access;
  const edVerify = await compare(
    () => edTokens.verify(edAccess, 'access', now),
    () => jwtVerify(edAccess, ed.publicKey, { algorithms: ['EdDSA'], currentDate: now }),
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

  const headerSegment = Buffer.from('{"alg":"HS256","typ":"JWT"}').toString('base64url');
  const issueBare = await compare(
    () => tokens.issuePair(user, now),
    async () =>
      bodies.map((body) => {
        const input = `${headerSegment}.${body.toString('base64url')}`;
        return `${input}.${createHmac('sha256', secret).update(input).digest('base64url')}`;
      }),
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
      name: 'access token verify (HS256, verify()) vs the least work',
      value: bare.value,
      unit: 'ops/s',
      floorName: 'node:crypto HMAC compare + JSON.parse of the payload',
      floor: bare.floor,
      ratio: bare.ratio,
    },
    {
      name: 'access token verify (HS256) while 4 Argon2 hashes run',
      value: underLogins.value,
      unit: 'ops/s',
      floorName: 'jose jwtVerify under the same load',
      floor: underLogins.floor,
      ratio: underLogins.ratio,
    },
    {
      name: 'access token verify (EdDSA, verify())',
      value: edVerify.value,
      unit: 'ops/s',
      floorName: 'jose jwtVerify, same public CryptoKey, same token',
      floor: edVerify.floor,
      ratio: edVerify.ratio,
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
    {
      name: 'pair issuance (HS256, issuePair()) vs the least work',
      value: issueBare.value,
      unit: 'ops/s',
      floorName: 'two node:crypto HMAC signs of the same payloads',
      floor: issueBare.floor,
      ratio: issueBare.ratio,
    },
  ];
  return figures;
};
