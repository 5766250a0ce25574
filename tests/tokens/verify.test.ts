import { createHmac } from 'node:crypto';
import { CompactSign, exportSPKI, generateKeyPair } from 'jose';
import { beforeAll, describe, expect, it } from 'vitest';
import type { TokenService } from '../../src/tokens/index.js';
import {
  accessClaims,
  aUser,
  expectCode,
  forge,
  hsService,
  NOW,
  NOW_S,
  SECRET,
} from './token-test-kit.js';

const b64 = (text: string) => Buffer.from(text).toString('base64url');
let tokens: TokenService;
beforeAll(async () => {
  tokens = await hsService();
});

describe('verify: algorithms and signatures', () => {
  it('accepts a well-formed access token of ours', async () => {
    await expect(tokens.verify(await forge(accessClaims()), 'access', NOW)).resolves.toEqual({
      tokenType: 'access',
      userId: 2,
      jti: '0123456789abcdef0123456789abcdef',
      issuedAt: NOW_S,
      expiresAt: NOW_S + 300,
      tokenVersion: 0,
      familyId: null,
      legacy: false,
    });
  });

  it('A-01 alg none with an empty signature is TOKEN_INVALID', async () => {
    const unsecured = `${b64('{"alg":"none","typ":"JWT"}')}.${b64(JSON.stringify(accessClaims()))}.`;
    await expectCode(tokens.verify(unsecured, 'access', NOW), 'TOKEN_INVALID');
    // Even with some bytes where the signature would be, `none` never selects a key.
    await expectCode(tokens.verify(`${unsecured}AAAA`, 'access', NOW), 'TOKEN_INVALID');
  });

  it('A-02 HS512 signed with our own secret is TOKEN_INVALID', async () => {
    const token = await new CompactSign(new TextEncoder().encode(JSON.stringify(accessClaims())))
      .setProtectedHeader({ alg: 'HS512', typ: 'JWT' })
      .sign(new TextEncoder().encode(SECRET.repeat(2)));
    await expectCode(tokens.verify(token, 'access', NOW), 'TOKEN_INVALID');
    const sameSecret = `${b64('{"alg":"HS512","typ":"JWT"}')}.${b64(JSON.stringify(accessClaims()))}`;
    const mac = createHmac('sha512', SECRET).update(sameSecret).digest('base64url');
    await expectCode(tokens.verify(`${sameSecret}.${mac}`, 'access', NOW), 'TOKEN_INVALID');
  });

  it('A-02 RS256 header with an HMAC of our secret as signature is TOKEN_INVALID', async () => {
    const input = `${b64('{"alg":"RS256","typ":"JWT"}')}.${b64(JSON.stringify(accessClaims()))}`;
    const mac = createHmac('sha256', SECRET).update(input).digest('base64url');
    await expectCode(tokens.verify(`${input}.${mac}`, 'access', NOW), 'TOKEN_INVALID');
  });

  it('A-02 HS256 signed with an RS256 public key PEM as the secret is TOKEN_INVALID', async () => {
    const pair = await generateKeyPair('RS256', { extractable: true });
    const { exportPKCS8 } = await import('jose');
    const rsa = await hsService({
      keys: { alg: 'RS256', key: await exportPKCS8(pair.privateKey) },
    });
    const publicPem = await exportSPKI(pair.publicKey);
    const forged = await forge(accessClaims(), { secret: publicPem });
    await expectCode(rsa.verify(forged, 'access', NOW), 'TOKEN_INVALID');
  });

  it('A-02 ES256 while only HS256 is allowed is TOKEN_INVALID', async () => {
    const pair = await generateKeyPair('ES256');
    const token = await new CompactSign(new TextEncoder().encode(JSON.stringify(accessClaims())))
      .setProtectedHeader({ alg: 'ES256', typ: 'JWT' })
      .sign(pair.privateKey);
    await expectCode(tokens.verify(token, 'access', NOW), 'TOKEN_INVALID');
  });

  it('A-03 one payload bit flipped (user_id 2→3) is TOKEN_INVALID', async () => {
    const [header, payload, signature] = (await forge(accessClaims())).split('.');
    const tampered = b64(
      Buffer.from(payload!, 'base64url').toString().replace('"user_id":2', '"user_id":3'),
    );
    expect(tampered).not.toBe(payload);
    await expectCode(
      tokens.verify(`${header}.${tampered}.${signature}`, 'access', NOW),
      'TOKEN_INVALID',
    );
  });

  it('A-03 signature truncated by 3 characters or emptied is TOKEN_INVALID', async () => {
    const token = await forge(accessClaims());
    await expectCode(tokens.verify(token.slice(0, -3), 'access', NOW), 'TOKEN_INVALID');
    const emptied = `${token.slice(0, token.lastIndexOf('.'))}.`;
    await expectCode(tokens.verify(emptied, 'access', NOW), 'TOKEN_INVALID');
  });

  it('A-03 a bad signature is TOKEN_INVALID even when the claims are also expired', async () => {
    const expired = await forge(accessClaims({ exp: NOW_S - 1000, iat: NOW_S - 2000 }));
    await expectCode(tokens.verify(expired, 'access', NOW), 'TOKEN_EXPIRED');
    await expectCode(tokens.verify(expired.slice(0, -3), 'access', NOW), 'TOKEN_INVALID');
  });

  it('a token signed with another secret is TOKEN_INVALID', async () => {
    const token = await forge(accessClaims(), {
      secret: 'a-completely-different-secret-32-bytes!!',
    });
    await expectCode(tokens.verify(token, 'access', NOW), 'TOKEN_INVALID');
  });
});

describe('verify: shapes and headers', () => {
  it('five-part (JWE-shaped), two-part, one-part, empty and non-string tokens are TOKEN_INVALID', async () => {
    const token = await forge(accessClaims());
    const [h, p, s] = token.split('.');
    for (const bad of [
      `${h}.${p}.${s}.${s}.${s}`,
      `${h}.${p}`,
      'garbage',
      '',
      `${token}.`,
      ` ${token}`,
    ]) {
      await expectCode(tokens.verify(bad, 'access', NOW), 'TOKEN_INVALID');
    }
    await expectCode(tokens.verify(undefined as unknown as string, 'access', NOW), 'TOKEN_INVALID');
  });

  it('a token longer than 8 KiB is TOKEN_INVALID without being parsed', async () => {
    const token = await forge(accessClaims({ username: 'a'.repeat(9000) }));
    await expectCode(tokens.verify(token, 'access', NOW), 'TOKEN_INVALID');
  });

  it.each(['jku', 'jwk', 'x5u', 'x5c', 'crit'])(
    'a correctly signed token with a "%s" header is TOKEN_INVALID',
    async (name) => {
      const values: Record<string, unknown> = {
        jku: 'https://attacker.test/jwks.json',
        jwk: { kty: 'oct', k: b64(SECRET) },
        x5u: 'https://attacker.test/cert.pem',
        x5c: ['MIIB'],
        crit: ['exp'],
      };
      const token = await forge(accessClaims(), { header: { [name]: values[name] } });
      await expectCode(tokens.verify(token, 'access', NOW), 'TOKEN_INVALID');
    },
  );

  it('an unknown kid is TOKEN_INVALID, also when the secret is right', async () => {
    const token = await forge(accessClaims(), { header: { kid: 'not-ours' } });
    await expectCode(tokens.verify(token, 'access', NOW), 'TOKEN_INVALID');
  });

  it('a typ other than JWT, or a header that is not JSON, is TOKEN_INVALID', async () => {
    const token = await forge(accessClaims(), { header: { typ: 'at+jwt' } });
    await expectCode(tokens.verify(token, 'access', NOW), 'TOKEN_INVALID');
    const notJson = `${b64('{alg')}.${b64('{}')}.AAAA`;
    await expectCode(tokens.verify(notJson, 'access', NOW), 'TOKEN_INVALID');
  });

  it.each(['{"typ":"JWT","alg":"HS256"}', '{ "alg": "HS256", "typ": "JWT" }'])(
    'a header with our parameters written otherwise (%s) verifies like ours',
    async (header) => {
      const payload = (await forge(accessClaims())).split('.')[1];
      const input = `${b64(header)}.${payload}`;
      const mac = createHmac('sha256', SECRET).update(input).digest('base64url');
      await expect(tokens.verify(`${input}.${mac}`, 'access', NOW)).resolves.toMatchObject({
        userId: 2,
      });
    },
  );

  it("never exposes the verifier's message; keeps it as cause", async () => {
    const token = (await forge(accessClaims())).slice(0, -3);
    const error = await tokens.verify(token, 'access', NOW).catch((caught: unknown) => caught);
    expect(error).toMatchObject({ code: 'TOKEN_INVALID', message: 'Token is invalid.' });
    expect((error as Error).cause).toBeInstanceOf(Error);
  });
});

describe('verify: token types and claims', () => {
  it('A-06 a refresh token verified as access, and an access token as refresh, are TOKEN_INVALID', async () => {
    const pair = await tokens.issuePair(aUser(), NOW);
    await expectCode(tokens.verify(pair.refresh, 'access', NOW), 'TOKEN_INVALID');
    await expectCode(tokens.verify(pair.access, 'refresh', NOW), 'TOKEN_INVALID');
  });

  it.each(['exp', 'jti', 'token_type', 'user_id', 'iat', 'ver'])(
    'A-07 missing required claim "%s" is TOKEN_INVALID',
    async (claim) => {
      const claims = accessClaims();
      delete claims[claim];
      await expectCode(tokens.verify(await forge(claims), 'access', NOW), 'TOKEN_INVALID');
    },
  );

  it.each([
    ['exp "2000000000"', { exp: '2000000000' }],
    ['exp null', { exp: null }],
    ['user_id {}', { user_id: {} }],
    ['user_id "2" (only SimpleJWT tokens may carry a string)', { user_id: '2' }],
    ['user_id 0', { user_id: 0 }],
    ['user_id 2.5', { user_id: 2.5 }],
    ['jti too short', { jti: 'abc' }],
    ['jti upper-case hex', { jti: '0123456789ABCDEF0123456789ABCDEF' }],
    ['token_type "id"', { token_type: 'id' }],
    ['ver -1', { ver: -1 }],
    ['ver "0"', { ver: '0' }],
    ['nbf "0"', { nbf: '0' }],
    ['fam not hex on an access token', { fam: '0123456789ABCDEF0123456789ABCDEF' }],
    ['fam a number on an access token', { fam: 1 }],
  ])('A-07 wrongly typed claim (%s) is TOKEN_INVALID', async (_name, overrides) => {
    await expectCode(
      tokens.verify(await forge(accessClaims(overrides)), 'access', NOW),
      'TOKEN_INVALID',
    );
  });

  it('A-07 exp 1e400 (parsed as Infinity) is TOKEN_INVALID', async () => {
    const json = JSON.stringify(accessClaims()).replace(`"exp":${NOW_S + 300}`, '"exp":1e400');
    expect(json).toContain('1e400');
    await expectCode(tokens.verify(await forge(json), 'access', NOW), 'TOKEN_INVALID');
  });

  it('a refresh token without fam is TOKEN_INVALID', async () => {
    const claims = accessClaims({ token_type: 'refresh' });
    await expectCode(tokens.verify(await forge(claims), 'refresh', NOW), 'TOKEN_INVALID');
  });

  it('a payload that is not a JSON object is TOKEN_INVALID', async () => {
    for (const payload of ['[1]', 'null', '"x"', '{"a":']) {
      await expectCode(tokens.verify(await forge(payload), 'access', NOW), 'TOKEN_INVALID');
    }
  });

  it('a signed payload that is not UTF-8 is TOKEN_INVALID, though JSON.parse would read it', async () => {
    const claims = JSON.stringify(accessClaims({ name: 'ÿ' }));
    // Latin-1 encodes ÿ as the lone byte 0xFF, never valid UTF-8.
    const payload = Buffer.from(claims, 'latin1').toString('base64url');
    const input = `${b64('{"alg":"HS256","typ":"JWT"}')}.${payload}`;
    const mac = createHmac('sha256', new TextEncoder().encode(SECRET)).update(input);
    const token = `${input}.${mac.digest('base64url')}`;
    await expectCode(tokens.verify(token, 'access', NOW), 'TOKEN_INVALID');
    await expect(tokens.verify(await forge(claims), 'access', NOW)).resolves.toMatchObject({
      userId: 2,
    });
  });

  it('with issuer and audience configured, tokens lacking or mismatching them are TOKEN_INVALID', async () => {
    const strict = await hsService({ issuer: 'https://accounts.test', audience: ['api', 'web'] });
    const good = accessClaims({ iss: 'https://accounts.test', aud: 'web' });
    await expect(strict.verify(await forge(good), 'access', NOW)).resolves.toMatchObject({
      userId: 2,
    });
    for (const bad of [
      { iss: undefined },
      { iss: 'https://evil.test' },
      { aud: 'other' },
      { aud: undefined },
    ]) {
      const claims = { ...good, ...bad };
      await expectCode(strict.verify(await forge(claims), 'access', NOW), 'TOKEN_INVALID');
    }
    const pair = await strict.issuePair(aUser(), NOW);
    await expect(strict.verify(pair.access, 'access', NOW)).resolves.toMatchObject({ userId: 2 });
  });
});
