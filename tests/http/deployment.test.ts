import { generateKeyPairSync } from 'node:crypto';
import { expect, it } from 'vitest';
import { call, signUp } from './support/client.js';
import { describeExamples } from './support/servers.js';

const { privateKey } = generateKeyPairSync('ed25519');
const pem = privateKey.export({ format: 'pem', type: 'pkcs8' }).toString();

describeExamples(
  'asymmetric keys',
  (context) => {
    it('publishes the public key at /.well-known/jwks.json, and tokens verify with it', async () => {
      const { origin } = context();
      const answer = await call(origin, 'GET', '/.well-known/jwks.json');
      expect(answer.status).toBe(200);
      expect(answer.body.keys).toHaveLength(1);
      expect(answer.body.keys[0]).toMatchObject({ kty: 'OKP', crv: 'Ed25519' });
      expect(answer.body.keys[0]).not.toHaveProperty('d');
      const user = await signUp(origin);
      expect((await call(origin, 'GET', 'info/', { token: user.access })).status).toBe(200);
    });
  },
  { accounts: { tokens: { keys: { alg: 'EdDSA', key: pem } } } },
);

describeExamples('client address', (context) => {
  it('logs the socket address and ignores X-Forwarded-For when no proxy is trusted', async () => {
    const { origin, logLines } = context();
    await call(origin, 'GET', 'nowhere/', { headers: { 'x-forwarded-for': '203.0.113.9' } });
    expect(logLines.at(-1)).toMatch(
      /^GET \/api\/accounts\/nowhere\/ 404 [0-9.]+ms (::ffff:)?127\.0\.0\.1$/,
    );
  });
});

describeExamples(
  'client address behind a trusted proxy',
  (context) => {
    it('believes X-Forwarded-For from a trusted proxy (TRUST_PROXY=loopback)', async () => {
      const { origin, logLines } = context();
      await call(origin, 'GET', 'nowhere/', { headers: { 'x-forwarded-for': '203.0.113.9' } });
      expect(logLines.at(-1)).toMatch(/ 203\.0\.113\.9$/);
    });
  },
  { api: { trustProxy: 'loopback' } },
);
