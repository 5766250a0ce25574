import { describe, expect, it } from 'vitest';
import { createTokenService, type TokenServiceOptions } from '../../src/tokens/index.js';
import { sequenceRandom } from '../support/sequence-random.js';
import { SECRET } from './token-test-kit.js';

const base = { keys: SECRET, random: sequenceRandom() } satisfies TokenServiceOptions;

async function problems(options: Record<string, unknown>): Promise<readonly string[]> {
  const error = await createTokenService({ ...base, ...options } as TokenServiceOptions).then(
    () => null,
    (caught: unknown) => caught,
  );
  expect(error).toMatchObject({ name: 'ConfigurationError', code: 'CONFIGURATION_ERROR' });
  return (error as { problems: readonly string[] }).problems;
}

describe('A-10 unusable configuration fails at construction', () => {
  it.each([
    ['leeway 301 s', { leewaySeconds: 301 }, 'tokens.leewaySeconds'],
    ['leeway −1', { leewaySeconds: -1 }, 'tokens.leewaySeconds'],
    ['leeway NaN', { leewaySeconds: Number.NaN }, 'tokens.leewaySeconds'],
    ['leeway Infinity', { leewaySeconds: Number.POSITIVE_INFINITY }, 'tokens.leewaySeconds'],
    ['access lifetime NaN', { accessLifetimeSeconds: Number.NaN }, 'tokens.accessLifetimeSeconds'],
    [
      'refresh lifetime Infinity',
      { refreshLifetimeSeconds: Number.POSITIVE_INFINITY },
      'tokens.refreshLifetimeSeconds',
    ],
    ['access lifetime 0', { accessLifetimeSeconds: 0 }, 'tokens.accessLifetimeSeconds'],
    ['HS256 secret of 31 bytes', { keys: 'x'.repeat(31) }, 'tokens.keys.signing'],
    ['HS256 secret "secret"', { keys: 'secret' }, 'tokens.keys.signing'],
    [
      'HS256 secret of 31 bytes in a key set',
      { keys: { signing: { kid: 'a', key: SECRET }, verifying: [{ kid: 'b', key: 'short' }] } },
      'tokens.keys.verifying.0',
    ],
    [
      'duplicate kid',
      { keys: { signing: { kid: 'a', key: SECRET }, verifying: [{ kid: 'a', key: SECRET }] } },
      'tokens.keys',
    ],
    [
      'two keys without kid',
      { keys: { signing: { key: SECRET }, verifying: [{ key: `${SECRET}2` }] } },
      'tokens.keys',
    ],
    ['algorithm none', { keys: { alg: 'none', key: SECRET } }, 'tokens.keys'],
    ['algorithm HS512', { keys: { alg: 'HS512', key: SECRET } }, 'tokens.keys'],
    [
      'an EdDSA key that is not a key',
      { keys: { alg: 'EdDSA', key: 'not a pem' } },
      'tokens.keys.signing',
    ],
    ['username claim "exp"', { usernameClaim: 'exp' }, 'tokens.usernameClaim'],
    ['username claim "ver"', { usernameClaim: 'ver' }, 'tokens.usernameClaim'],
    ['no random source', { random: undefined }, 'tokens.random'],
    ['unknown option', { leeway: 5 }, 'tokens'],
    [
      'invalid cut-over date',
      { simpleJwt: { secret: 'x', acceptIssuedBefore: new Date(Number.NaN) } },
      'tokens.simpleJwt.acceptIssuedBefore',
    ],
  ])('A-10 %s → CONFIGURATION_ERROR', async (_name, options, where) => {
    const found = await problems(options);
    expect(found.some((problem) => problem.startsWith(where))).toBe(true);
  });

  it('A-10 reports every problem at once', async () => {
    const found = await problems({ leewaySeconds: 301, accessLifetimeSeconds: Number.NaN });
    expect(found).toHaveLength(2);
  });

  it('A-10 judges the keys even when another option failed', async () => {
    const found = await problems({ leewaySeconds: 301, keys: 'short', leeway: 5 });
    expect(found).toEqual([
      expect.stringMatching(/^tokens\.leewaySeconds: /),
      expect.stringMatching(/^tokens: .*"leeway"/),
      'tokens.keys.signing: HS256 secret must be at least 32 bytes (RFC 7518 §3.2)',
    ]);
  });

  it('accepts the defaults, exactly 32 bytes, leeway 300, and a short Django secret for the cut-over', async () => {
    await expect(
      createTokenService({ ...base, keys: 'k'.repeat(32), leewaySeconds: 300 }),
    ).resolves.toBeTruthy();
    await expect(
      createTokenService({ ...base, simpleJwt: { secret: 'django-insecure' } }),
    ).resolves.toBeTruthy();
    await expect(
      createTokenService({ ...base, keys: new Uint8Array(32).fill(7) }),
    ).resolves.toBeTruthy();
  });

  it('the service is frozen', async () => {
    expect(Object.isFrozen(await createTokenService(base))).toBe(true);
  });
});
