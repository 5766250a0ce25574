import { generateKeyPairSync } from 'node:crypto';
import { exportJWK, exportPKCS8, exportSPKI, generateKeyPair, type JWK } from 'jose';
import { beforeAll, describe, expect, it } from 'vitest';
import type { TokenAlgorithm } from '../../src/tokens/index.js';
import { sequenceRandom } from '../support/sequence-random.js';
import {
  aUser,
  expectCode,
  hsService,
  NOW,
  OTHER_SECRET,
  partText,
  SECRET,
} from './token-test-kit.js';

const ASYMMETRIC: TokenAlgorithm[] = ['EdDSA', 'ES256', 'RS256'];
const keys: Record<string, { pem: string; spki: string; publicJwk: JWK }> = {};
beforeAll(async () => {
  for (const alg of ASYMMETRIC) {
    const pair = await generateKeyPair(alg, { extractable: true });
    keys[alg] = {
      pem: await exportPKCS8(pair.privateKey),
      spki: await exportSPKI(pair.publicKey),
      publicJwk: await exportJWK(pair.publicKey),
    };
  }
});

describe('A-18 key rotation with fallback keys', () => {
  it('A-18 old kid verifies, new tokens use the primary, a removed key is TOKEN_INVALID', async () => {
    const before = await hsService({ keys: { kid: 'k1', key: SECRET } });
    const old = await before.issuePair(aUser(), NOW);
    expect(partText(old.access, 0)).toBe('{"alg":"HS256","kid":"k1","typ":"JWT"}');

    const rotated = await hsService({
      keys: { signing: { kid: 'k2', key: OTHER_SECRET }, verifying: [{ kid: 'k1', key: SECRET }] },
    });
    await expect(rotated.verify(old.access, 'access', NOW)).resolves.toMatchObject({ userId: 2 });
    const fresh = await rotated.issuePair(aUser(), NOW);
    expect(partText(fresh.access, 0)).toBe('{"alg":"HS256","kid":"k2","typ":"JWT"}');
    await expectCode(before.verify(fresh.access, 'access', NOW), 'TOKEN_INVALID');

    const removed = await hsService({ keys: { kid: 'k2', key: OTHER_SECRET } });
    await expectCode(removed.verify(old.access, 'access', NOW), 'TOKEN_INVALID');
    await expect(removed.verify(fresh.access, 'access', NOW)).resolves.toMatchObject({ userId: 2 });
  });

  it('A-18 a first key without kid keeps verifying after rotating to a kid', async () => {
    const old = await (await hsService()).issuePair(aUser(), NOW);
    const rotated = await hsService({
      keys: { signing: { kid: 'k2', key: OTHER_SECRET }, verifying: [{ key: SECRET }] },
    });
    await expect(rotated.verify(old.access, 'access', NOW)).resolves.toMatchObject({ userId: 2 });
  });

  it('a kid bound to HS256 does not accept a token naming it with another alg', async () => {
    const rotated = await hsService({
      keys: {
        signing: { kid: 'ed', alg: 'EdDSA', key: keys.EdDSA!.pem },
        verifying: [{ kid: 'hs', key: SECRET }],
      },
    });
    const edToken = (await rotated.issuePair(aUser(), NOW)).access;
    const [, payload, signature] = edToken.split('.');
    const relabelled = `${Buffer.from('{"alg":"EdDSA","kid":"hs","typ":"JWT"}').toString('base64url')}.${payload}.${signature}`;
    await expectCode(rotated.verify(relabelled, 'access', NOW), 'TOKEN_INVALID');
  });
});

describe.each(ASYMMETRIC)('%s keys', (alg) => {
  it(`${alg} round trip from a PKCS#8 PEM, and verification with only the public key`, async () => {
    const signer = await hsService({ keys: { kid: `${alg}-1`, alg, key: keys[alg]!.pem } });
    const pair = await signer.issuePair(aUser(), NOW);
    expect(JSON.parse(partText(pair.access, 0))).toEqual({ alg, kid: `${alg}-1`, typ: 'JWT' });
    await expect(signer.verify(pair.access, 'access', NOW)).resolves.toMatchObject({
      userId: 2,
      legacy: false,
    });
    await expect(signer.verify(pair.refresh, 'refresh', NOW)).resolves.toMatchObject({
      tokenType: 'refresh',
    });

    const verifier = await hsService({
      keys: {
        signing: { kid: 'hs', key: SECRET },
        verifying: [{ kid: `${alg}-1`, alg, key: keys[alg]!.spki }],
      },
    });
    await expect(verifier.verify(pair.access, 'access', NOW)).resolves.toMatchObject({ userId: 2 });
    const fromJwk = await hsService({
      keys: {
        signing: { kid: 'hs', key: SECRET },
        verifying: [{ kid: `${alg}-1`, alg, key: keys[alg]!.publicJwk }],
      },
    });
    await expect(fromJwk.verify(pair.access, 'access', NOW)).resolves.toMatchObject({ userId: 2 });
  });

  it(`${alg} JWKS lists exactly the public key with kid, alg and use`, async () => {
    const signer = await hsService({
      keys: {
        signing: { kid: `${alg}-1`, alg, key: keys[alg]!.pem },
        verifying: [{ kid: 'hs', key: SECRET }],
      },
    });
    await expect(signer.jwks()).resolves.toEqual({
      keys: [{ ...keys[alg]!.publicJwk, kid: `${alg}-1`, alg, use: 'sig' }],
    });
  });

  it(`${alg} signing with only a public key is CONFIGURATION_ERROR`, async () => {
    await expect(hsService({ keys: { alg, key: keys[alg]!.spki } })).rejects.toMatchObject({
      code: 'CONFIGURATION_ERROR',
    });
  });
});

describe('asymmetric determinism', () => {
  it.each(['EdDSA', 'RS256'] as const)(
    '%s signatures are deterministic: byte-identical tokens',
    async (alg) => {
      const issue = async () =>
        (
          await hsService({ keys: { alg, key: keys[alg]!.pem }, random: sequenceRandom(3) })
        ).issuePair(aUser(), NOW);
      expect(await issue()).toEqual(await issue());
    },
  );

  it('ES256 signatures are randomised by WebCrypto (ECDSA), so only the signed input is identical', async () => {
    const issue = async () =>
      (
        await hsService({ keys: { alg: 'ES256', key: keys.ES256!.pem }, random: sequenceRandom(3) })
      ).issuePair(aUser(), NOW);
    const [first, second] = [await issue(), await issue()];
    expect(first.access.split('.').slice(0, 2)).toEqual(second.access.split('.').slice(0, 2));
  });

  it('an RSA key under 2048 bits is CONFIGURATION_ERROR', async () => {
    // jose refuses to generate one, so node:crypto makes it.
    const weak = generateKeyPairSync('rsa', { modulusLength: 1024 }).privateKey;
    const pem = weak.export({ type: 'pkcs8', format: 'pem' }).toString();
    await expect(hsService({ keys: { alg: 'RS256', key: pem } })).rejects.toMatchObject({
      code: 'CONFIGURATION_ERROR',
    });
  });
});
