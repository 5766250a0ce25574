import { decodeJwt } from 'jose';
import { expect, it } from 'vitest';
import { RateLimitError } from '../../src/errors/errors.js';
import { createMemoryLimiterStore } from '../../src/rate-limit/memory-limiter-store.js';
import { createThrottle } from '../../src/rate-limit/throttle.js';
import type { AccountsThrottle } from '../../src/services/deps.js';
import { countingStorage, describeEachBackend, PASSWORD } from './setup.js';

/** A throttle that records every call and refuses the actions it is told to. */
function recordingThrottle(refuse: readonly string[] = []) {
  const calls: unknown[][] = [];
  const throttle: AccountsThrottle = {
    async assertAllowed(action: string, subject: unknown) {
      calls.push(['assertAllowed', action, subject]);
      if (refuse.includes(action)) throw new RateLimitError(42);
      return `ticket ${calls.length}`;
    },
    async recordSuccess(action: string, subject: unknown, ticket: unknown) {
      calls.push(['recordSuccess', action, subject, ticket]);
    },
  } as AccountsThrottle;
  return { throttle, calls };
}

describeEachBackend('throttle', 'throttle', (fixture) => {
  it('login is counted under the folded name and address; a success hands the check’s ticket back, a failure does not', async () => {
    const { accounts, build } = fixture();
    await accounts.register({ username: 'alice', password: PASSWORD });
    const { throttle, calls } = recordingThrottle();
    const limited = await build({ throttle });
    await limited.login({ username: 'ALICE', password: PASSWORD }, { address: '10.0.0.1' });
    await expect(
      limited.login({ username: 'nobody', password: PASSWORD }, { address: '10.0.0.1' }),
    ).rejects.toMatchObject({ code: 'INVALID_CREDENTIALS' });
    expect(calls).toEqual([
      ['assertAllowed', 'login', { account: 'alice', address: '10.0.0.1' }],
      ['recordSuccess', 'login', { account: 'alice', address: '10.0.0.1' }, 'ticket 1'],
      ['assertAllowed', 'login', { account: 'nobody', address: '10.0.0.1' }],
    ]);
  });

  it('H-11 a refused login costs no query and no hash; missing credentials are not counted (B-05)', async () => {
    const { storage, build, hasher } = fixture();
    const counted = countingStorage(storage);
    const { throttle, calls } = recordingThrottle(['login']);
    const limited = await build({ storage: counted, throttle });
    await expect(limited.login({ username: 'alice', password: PASSWORD })).rejects.toMatchObject({
      name: 'RateLimitError',
      code: 'TOO_MANY_REQUESTS',
      retryAfterSeconds: 42,
    });
    await expect(limited.login({ username: 'alice' } as never)).rejects.toMatchObject({
      code: 'VALIDATION_FAILED',
    });
    expect(calls).toHaveLength(1);
    expect(counted.calls).toEqual([]);
    expect(hasher.calls).toEqual({ hash: 0, verify: 0 });
  });

  it('a refused sign-up hashes nothing and writes nothing; invalid input is refused before counting', async () => {
    const { harness, build, hasher } = fixture();
    const { throttle, calls } = recordingThrottle(['register']);
    const limited = await build({ throttle });
    await expect(
      limited.register({ username: 'alice', password: PASSWORD }, { address: '10.0.0.2' }),
    ).rejects.toMatchObject({ code: 'TOO_MANY_REQUESTS' });
    await expect(limited.register({ username: 'alice', password: 'short' })).rejects.toMatchObject({
      code: 'VALIDATION_FAILED',
    });
    expect(calls).toEqual([['assertAllowed', 'register', { address: '10.0.0.2' }]]);
    expect(hasher.calls.hash).toBe(0);
    expect((await harness.dump()).users).toEqual([]);
  });

  it('refresh is counted per family; a refused refresh consumes nothing', async () => {
    const { accounts, build, harness } = fixture();
    const { tokens } = await accounts.register({ username: 'alice', password: PASSWORD });
    const before = await harness.dump();
    const { throttle, calls } = recordingThrottle(['refresh']);
    const limited = await build({ throttle });
    await expect(limited.refresh({ refresh: tokens.refresh })).rejects.toMatchObject({
      code: 'TOO_MANY_REQUESTS',
    });
    expect(calls).toEqual([
      ['assertAllowed', 'refresh', { family: decodeJwt(tokens.refresh).fam }],
    ]);
    expect(await harness.dump()).toEqual(before);
    await expect(accounts.refresh({ refresh: tokens.refresh })).resolves.toBeDefined();
  });

  it('the call context is validated like any input', async () => {
    const { accounts } = fixture();
    await expect(
      accounts.login({ username: 'alice', password: PASSWORD }, { address: 7 } as never),
    ).rejects.toMatchObject({ code: 'VALIDATION_FAILED', issues: [{ path: ['address'] }] });
  });

  it('H-11 with the real throttle: the 11th failed login is TOO_MANY_REQUESTS, and the window ends', async () => {
    const { accounts, build, clock } = fixture();
    await accounts.register({ username: 'alice', password: PASSWORD });
    const throttle = createThrottle({ store: createMemoryLimiterStore(), clock });
    const limited = await build({ throttle });
    for (let attempt = 1; attempt <= 10; attempt += 1) {
      await expect(
        limited.login({ username: 'alice', password: 'wrong password!' }),
      ).rejects.toMatchObject({
        code: 'INVALID_CREDENTIALS',
      });
    }
    const refused = { name: 'RateLimitError', code: 'TOO_MANY_REQUESTS', retryAfterSeconds: 900 };
    await expect(limited.login({ username: 'Alice', password: PASSWORD })).rejects.toMatchObject(
      refused,
    );
    clock.advance(15 * 60 * 1000);
    await expect(limited.login({ username: 'alice', password: PASSWORD })).resolves.toBeDefined();
    // The success reset the account: ten more attempts are allowed again.
    for (let attempt = 1; attempt <= 10; attempt += 1) {
      await expect(
        limited.login({ username: 'alice', password: 'wrong password!' }),
      ).rejects.toMatchObject({
        code: 'INVALID_CREDENTIALS',
      });
    }
  });
});
