import { pbkdf2 } from 'node:crypto';
import fc from 'fast-check';
import { CompactSign, compactVerify } from 'jose';
import { beforeAll, describe, expect, it } from 'vitest';
import type { TokenService } from '../../src/tokens/index.js';
import { hmacSha256Check, hmacSha256Signer } from '../../src/tokens/signature.js';
import { accessClaims, expectCode, forge, hsService, NOW, SECRET } from './token-test-kit.js';

const ALPHABET = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_';
const secret = new TextEncoder().encode(SECRET);

/** jose's verdict on the signature alone, HS256 only. */
async function joseAccepts(token: string): Promise<boolean> {
  return compactVerify(token, secret, { algorithms: ['HS256'] }).then(
    () => true,
    () => false,
  );
}

/** Whether a base64url text is the one spelling Node writes for its bytes. */
const canonical = (part: string) => Buffer.from(part, 'base64url').toString('base64url') === part;

let tokens: TokenService;
let valid: string;
beforeAll(async () => {
  tokens = await hsService();
  valid = await forge(accessClaims());
});

describe('HS256 signatures are checked with node:crypto, as jose would check them', () => {
  it('gives the same verdict as jose for every one-character change and truncation of a token', async () => {
    const check = hmacSha256Check(secret);
    await fc.assert(
      fc.asyncProperty(
        fc.nat({ max: 10_000 }),
        fc.constantFrom(...ALPHABET),
        fc.nat({ max: 5 }),
        async (at, replacement, cut) => {
          const index = at % valid.length;
          const changed = `${valid.slice(0, index)}${valid[index] === '.' ? '.' : replacement}${valid.slice(index + 1)}`;
          const token = changed.slice(0, changed.length - cut);
          const signature = token.slice(token.lastIndexOf('.') + 1);
          const expected = (await joseAccepts(token)) && canonical(signature);
          expect(check(token)).toBe(expected);
        },
      ),
      { numRuns: 2_000 },
    );
  });

  it('accepts the untouched token, as jose does', async () => {
    expect([hmacSha256Check(secret)(valid), await joseAccepts(valid)]).toEqual([true, true]);
  });

  it('refuses a second spelling of the right signature bytes, which jose accepts', async () => {
    // 32 bytes take 43 characters; the last one carries 2 unused bits.
    const last = valid.at(-1)!;
    const other = ALPHABET[ALPHABET.indexOf(last) ^ 1]!;
    const respelled = `${valid.slice(0, -1)}${other}`;
    expect(await joseAccepts(respelled)).toBe(true);
    await expectCode(tokens.verify(respelled, 'access', NOW), 'TOKEN_INVALID');
  });

  it('does not queue behind password hashing on the libuv thread pool', async () => {
    const order: string[] = [];
    // Four slow hashes fill the default pool of four threads.
    const hashes = Array.from(
      { length: 4 },
      () =>
        new Promise<void>((resolve, reject) =>
          pbkdf2('password', 'salt', 2_000_000, 32, 'sha256', (error) => {
            order.push('hash');
            if (error) reject(error);
            else resolve();
          }),
        ),
    );
    await Promise.all(
      Array.from({ length: 50 }, () =>
        tokens.verify(valid, 'access', NOW).then(() => order.push('verify')),
      ),
    );
    await Promise.all(hashes);
    expect(order.indexOf('hash')).toBe(50);
  });
});

describe('HS256 signing with node:crypto', () => {
  it.each([
    { alg: 'HS256', typ: 'JWT' },
    { alg: 'HS256', kid: '2026-11', typ: 'JWT' },
  ] as const)(
    'writes the bytes jose writes for the same header and payload (%o)',
    async (header) => {
      const payload = new TextEncoder().encode(JSON.stringify(accessClaims({ username: 'zoë' })));
      const ours = hmacSha256Signer(secret, header)(payload);
      const jose = await new CompactSign(payload).setProtectedHeader({ ...header }).sign(secret);
      expect(ours).toBe(jose);
    },
  );
});
