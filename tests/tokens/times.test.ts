import { describe, expect, it } from 'vitest';
import { fixedClock, steppingClock } from '../support/fixed-clock.js';
import { accessClaims, aUser, expectCode, forge, hsService, NOW_S } from './token-test-kit.js';

const clock = fixedClock('2024-07-11T12:00:00Z');
const now = NOW_S;

async function outcome(leewaySeconds: number, claims: Record<string, unknown>): Promise<string> {
  const tokens = await hsService({ leewaySeconds });
  return tokens.verify(await forge(accessClaims(claims)), 'access', clock.now()).then(
    () => 'valid',
    (error: { code: string }) => error.code,
  );
}

describe('A-08 clock boundaries with leeway 0', () => {
  it.each([
    ['exp = now', { exp: now }, 'TOKEN_EXPIRED'],
    ['exp = now + 1', { exp: now + 1 }, 'valid'],
    ['nbf = now + 1', { nbf: now + 1 }, 'TOKEN_EXPIRED'],
    ['nbf = now', { nbf: now }, 'valid'],
    ['iat = now + 1', { iat: now + 1 }, 'TOKEN_EXPIRED'],
    ['iat = now', { iat: now }, 'valid'],
  ])('A-08 %s → %s', async (_name, claims, expected) => {
    expect(await outcome(0, claims)).toBe(expected);
  });

  it('A-08 a fraction of a second before exp still counts as the whole second (floor)', async () => {
    const tokens = await hsService();
    const token = await forge(accessClaims({ exp: now + 1 }));
    await expect(
      tokens.verify(token, 'access', new Date((now + 0.999) * 1000)),
    ).resolves.toBeTruthy();
    await expectCode(tokens.verify(token, 'access', new Date((now + 1) * 1000)), 'TOKEN_EXPIRED');
  });
});

describe('A-09 clock boundaries with leeway 30', () => {
  it.each([
    ['exp = now − 30', { exp: now - 30, iat: now - 400 }, 'TOKEN_EXPIRED'],
    ['exp = now − 29', { exp: now - 29, iat: now - 400 }, 'valid'],
    ['nbf = now + 30', { nbf: now + 30 }, 'valid'],
    ['nbf = now + 31', { nbf: now + 31 }, 'TOKEN_EXPIRED'],
    ['iat = now + 30', { iat: now + 30 }, 'valid'],
    ['iat = now + 31', { iat: now + 31 }, 'TOKEN_EXPIRED'],
  ])('A-09 %s → %s', async (_name, claims, expected) => {
    expect(await outcome(30, claims)).toBe(expected);
  });
});

describe('issued tokens over time', () => {
  it('an access token verifies until its last second and expires at iat + lifetime', async () => {
    const tokens = await hsService({ accessLifetimeSeconds: 300 });
    const stepping = steppingClock('2024-07-11T12:00:00Z');
    const pair = await tokens.issuePair(aUser(), stepping.now());
    stepping.advance(299_000);
    await expect(tokens.verify(pair.access, 'access', stepping.now())).resolves.toMatchObject({
      expiresAt: now + 300,
    });
    stepping.advance(1_000);
    await expectCode(tokens.verify(pair.access, 'access', stepping.now()), 'TOKEN_EXPIRED');
    await expect(tokens.verify(pair.refresh, 'refresh', stepping.now())).resolves.toMatchObject({
      expiresAt: now + 86_400,
    });
  });

  it('an invalid Date as now is a programming error (TypeError), not a token verdict', async () => {
    const tokens = await hsService();
    await expect(
      tokens.verify(await forge(accessClaims()), 'access', new Date(Number.NaN)),
    ).rejects.toThrow(TypeError);
  });
});
