import { describe, expect, it } from 'vitest';
import { usernameKey } from '../../../../src/core/username.js';
import { createAccounts } from '../../../../src/create-accounts.js';
import { createThrottle, type ThrottleRules } from '../../../../src/rate-limit/index.js';
import { createMemoryStorage } from '../../../../src/storage/memory/index.js';
import { sequenceRandom } from '../../../support/sequence-random.js';
import { cheapHasher, PASSWORD, SECRET } from '../../setup.js';
import { outcome } from './guarded-login.js';
import { freshKey, manualClock, T0 } from './keys.js';
import type { LimiterSuiteContext } from './suite.js';

const INVALID = {
  name: 'AuthenticationError',
  code: 'INVALID_CREDENTIALS',
  message: 'No active account found with the given credentials',
};
const throttled = (retryAfterSeconds: number) => ({
  name: 'RateLimitError',
  code: 'TOO_MANY_REQUESTS',
  message: 'Too many attempts. Try again later.',
  retryAfterSeconds,
});

/**
 * The address rule through the login service (`createAccounts` on memory storage, the
 * throttle on the store under test): an address spends its budget on failed logins only.
 */
export function describeLoginBudget(ctx: LimiterSuiteContext): void {
  /** 100 users with one password, and accounts throttled on this store. */
  async function setUp(rules: ThrottleRules = {}) {
    const clock = manualClock();
    const hasher = cheapHasher();
    const storage = createMemoryStorage();
    const accounts = await createAccounts({
      storage,
      tokens: { keys: SECRET },
      passwords: { preferred: hasher },
      clock,
      random: sequenceRandom(1),
      throttle: createThrottle({ store: ctx.store(), clock, rules }),
    });
    const passwordHash = await hasher.hash(PASSWORD);
    for (let i = 0; i < 100; i += 1) {
      await storage.users.insert({
        username: `user${i}`,
        usernameKey: usernameKey(`user${i}`),
        email: `user${i}@example.test`,
        passwordHash,
        dateJoined: new Date(T0),
      });
    }
    hasher.calls.hash = 0;
    const address = freshKey('198.51.100.1');
    const login = (username: string, password: string, from = address) =>
      outcome(accounts.login({ username, password }, { address: from }));
    return { clock, hasher, address, login };
  }

  describe('login budget per address (failures only), through the login service', () => {
    it('1,000 successful logins from one address (100 people behind one NAT, 10 each) never meet its limit; then the 101st failure is refused, before any hash, until the window opened by the first failure ends', async () => {
      const { clock, hasher, login } = await setUp();
      const answers = new Set<string>();
      for (let i = 0; i < 1_000; i += 1) {
        clock.set(T0 + i * 100);
        const answer = (await login(`user${i % 100}`, PASSWORD)) as { name?: string };
        answers.add(answer.name ?? 'tokens');
      }
      expect([...answers]).toEqual(['tokens']);

      clock.set(T0 + 200_000);
      for (let i = 0; i < 100; i += 1) {
        expect(await login(`ghost${i}`, PASSWORD)).toEqual(INVALID);
      }
      clock.set(T0 + 230_000);
      hasher.calls.hash = 0;
      hasher.calls.verify = 0;
      expect(await login('ghost100', PASSWORD)).toEqual(throttled(870));
      expect(await login('user0', PASSWORD)).toEqual(throttled(870));
      expect(hasher.calls).toEqual({ hash: 0, verify: 0 });
      expect(await login('user0', PASSWORD, freshKey('198.51.100.2'))).toMatchObject({
        refresh: expect.any(String),
      });
      clock.set(T0 + 200_000 + 900_000);
      expect(await login('user0', PASSWORD)).toMatchObject({ access: expect.any(String) });
    });

    it('a success gives back its own attempt only: the failures before it stay counted', async () => {
      const { clock, login } = await setUp({ loginPerAddress: { limit: 10, windowSeconds: 600 } });
      for (let i = 0; i < 5; i += 1) expect(await login(`ghost${i}`, 'x')).toEqual(INVALID);
      expect(await login('user1', PASSWORD)).toMatchObject({ access: expect.any(String) });
      for (let i = 5; i < 10; i += 1) expect(await login(`ghost${i}`, 'x')).toEqual(INVALID);
      clock.set(T0 + 1_000);
      expect(await login('ghost10', 'x')).toEqual(throttled(599));
    });

    it('30 concurrent failed logins from one address: exactly the limit are checked, the others refused', async () => {
      const { hasher, login } = await setUp({ loginPerAddress: { limit: 10, windowSeconds: 600 } });
      const answers = await Promise.all(
        Array.from({ length: 30 }, (_, i) => login(`ghost${i}`, 'x')),
      );
      expect(
        answers.filter((answer) => (answer as { code?: string }).code === INVALID.code),
      ).toHaveLength(10);
      expect(
        answers.filter((answer) => (answer as { code?: string }).code === 'TOO_MANY_REQUESTS'),
      ).toHaveLength(20);
      expect(hasher.calls.hash + hasher.calls.verify).toBe(10);
    });

    it('20 successes and 20 failures at once from one address, then 20 more failures: never more than the limit of failures checked', async () => {
      const { hasher, login } = await setUp({ loginPerAddress: { limit: 10, windowSeconds: 600 } });
      const burst = await Promise.all(
        Array.from({ length: 40 }, (_, i) =>
          i % 2 === 0 ? login(`user${i}`, PASSWORD) : login(`ghost${i}`, 'x'),
        ),
      );
      for (const [i, answer] of burst.entries()) {
        const { code } = answer as { code?: string };
        const allowed =
          i % 2 === 0 ? [undefined, 'TOO_MANY_REQUESTS'] : [INVALID.code, 'TOO_MANY_REQUESTS'];
        expect(allowed).toContain(code);
      }
      for (let i = 0; i < 20; i += 1) await login(`late${i}`, 'x');
      // Failures reach the hasher as burns (unknown users); successes as verifies.
      expect(hasher.calls.hash).toBeLessThanOrEqual(10);
    });
  });
}
