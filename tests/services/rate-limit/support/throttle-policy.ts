import { describe, expect, it } from 'vitest';
import { RateLimitError } from '../../../../src/errors/errors.js';
import { createThrottle, type ThrottleOptions } from '../../../../src/rate-limit/throttle.js';
import { guardedLogin, outcome } from './guarded-login.js';
import { freshKey, manualClock, T0 } from './keys.js';
import type { LimiterSuiteContext } from './suite.js';

const INVALID = {
  name: 'AuthenticationError',
  code: 'INVALID_CREDENTIALS',
  message: 'No active account found.',
};
const throttled = (retryAfterSeconds: number) => ({
  name: 'RateLimitError',
  code: 'TOO_MANY_REQUESTS',
  message: 'Too many attempts. Try again later.',
  retryAfterSeconds,
});
const MINUTES_15 = 15 * 60_000;

/** The throttle's policy over this store: H-11 and the other default rules. */
export function describeThrottlePolicy(ctx: LimiterSuiteContext): void {
  const setUp = (options: Partial<ThrottleOptions> = {}) => {
    const clock = manualClock();
    const throttle = createThrottle({ store: ctx.store(), clock, ...options });
    return { clock, throttle };
  };

  describe('throttle policy', () => {
    it('H-11: the 11th failed login for one account in 15 minutes is TOO_MANY_REQUESTS with the time left; a correct password is refused until the window ends, then logs in and resets', async () => {
      const { clock, throttle } = setUp();
      const alice = freshKey('alice');
      const service = guardedLogin(throttle, { [alice]: 'correct horse' });
      for (let i = 0; i < 10; i += 1) {
        clock.set(T0 + i * 1000);
        expect(await outcome(service.login(alice, `wrong ${i}`))).toEqual(INVALID);
      }
      clock.set(T0 + 60_000);
      const error = await service.login(alice, 'wrong again').catch((e: unknown) => e);
      expect(error).toBeInstanceOf(RateLimitError);
      expect(await outcome(Promise.reject(error))).toEqual(throttled(840));
      clock.set(T0 + MINUTES_15 - 1);
      expect(await outcome(service.login(alice, 'correct horse'))).toEqual(throttled(1));
      expect(service.checks()).toBe(10);

      clock.set(T0 + MINUTES_15);
      expect(await service.login(alice, 'correct horse')).toBe(`session of ${alice}`);
      // The success reset the count: ten more failures are checked, the eleventh is refused.
      for (let i = 0; i < 10; i += 1) {
        expect(await outcome(service.login(alice, 'wrong'))).toEqual(INVALID);
      }
      expect(await outcome(service.login(alice, 'wrong'))).toEqual(throttled(900));
      expect(service.checks()).toBe(21);
    });

    it('H-11: an unknown account is throttled exactly like a real one', async () => {
      const runs = await Promise.all(
        [true, false].map(async (exists) => {
          const { clock, throttle } = setUp();
          const name = freshKey(exists ? 'real' : 'ghost');
          const service = guardedLogin(throttle, exists ? { [name]: 'correct horse' } : {});
          const seen: unknown[] = [];
          for (let i = 0; i < 12; i += 1) {
            clock.set(T0 + i * 7_000);
            seen.push(await outcome(service.login(name, 'guess')));
          }
          clock.set(T0 + MINUTES_15 - 500);
          seen.push(await outcome(service.login(name, 'correct horse')));
          return { seen, checks: service.checks() };
        }),
      );
      expect(runs[0]).toEqual(runs[1]);
      expect(runs[0]?.seen.slice(10)).toEqual([throttled(830), throttled(823), throttled(1)]);
      expect(runs[0]?.checks).toBe(10);
    });

    it('a success before the limit resets the account: the count starts again', async () => {
      const { throttle } = setUp();
      const bob = freshKey('bob');
      const service = guardedLogin(throttle, { [bob]: 'pw' });
      for (let i = 0; i < 9; i += 1) await outcome(service.login(bob, 'wrong'));
      await service.login(bob, 'pw');
      for (let i = 0; i < 10; i += 1) {
        expect(await outcome(service.login(bob, 'wrong'))).toEqual(INVALID);
      }
      expect(await outcome(service.login(bob, 'wrong'))).toEqual(throttled(900));
    });

    it('failed logins per address: the 101st attempt from one address is refused whatever the account; other addresses pass', async () => {
      const { clock, throttle } = setUp();
      const service = guardedLogin(throttle, {});
      const address = `203.0.113.${freshKey('a')}`;
      for (let i = 0; i < 100; i += 1) {
        expect(await outcome(service.login(freshKey('spray'), 'x', address))).toEqual(INVALID);
      }
      clock.set(T0 + 1000);
      expect(await outcome(service.login(freshKey('spray'), 'x', address))).toEqual(throttled(899));
      expect(await outcome(service.login(freshKey('spray'), 'x', `${address}0`))).toEqual(INVALID);
    });

    it('when two rules are past their limits, Retry-After is the later window end', async () => {
      const { clock, throttle } = setUp({
        rules: {
          loginPerAccount: { limit: 1, windowSeconds: 60 },
          loginPerAddress: { limit: 1, windowSeconds: 600 },
        },
      });
      const service = guardedLogin(throttle, {});
      const [account, address] = [freshKey('both'), freshKey('addr')];
      await outcome(service.login(account, 'x', address));
      clock.set(T0 + 10_000);
      expect(await outcome(service.login(account, 'x', address))).toEqual(throttled(590));
    });

    it('a rule turned off counts nothing', async () => {
      const { throttle } = setUp({ rules: { loginPerAccount: false, loginPerAddress: false } });
      const service = guardedLogin(throttle, {});
      const name = freshKey('free');
      for (let i = 0; i < 30; i += 1) {
        expect(await outcome(service.login(name, 'x'))).toEqual(INVALID);
      }
    });

    it('sign-ups per address: 20 an hour, the 21st refused; no address, nothing counted', async () => {
      const { clock, throttle } = setUp();
      const address = freshKey('signup');
      for (let i = 0; i < 20; i += 1) await throttle.assertAllowed('register', { address });
      clock.set(T0 + 60_000);
      expect(await outcome(throttle.assertAllowed('register', { address }))).toEqual(
        throttled(3540),
      );
      for (let i = 0; i < 25; i += 1) await throttle.assertAllowed('register', {});
    });

    it('refreshes per token family: 60 a minute, the 61st refused; other families pass', async () => {
      const { clock, throttle } = setUp();
      const family = freshKey('family');
      for (let i = 0; i < 60; i += 1) await throttle.assertAllowed('refresh', { family });
      clock.set(T0 + 59_001);
      expect(await outcome(throttle.assertAllowed('refresh', { family }))).toEqual(throttled(1));
      await throttle.assertAllowed('refresh', { family: freshKey('family') });
      clock.set(T0 + 60_000);
      await throttle.assertAllowed('refresh', { family });
    });

    it('a 1 MiB account name is counted under a fixed-size key', async () => {
      const { throttle } = setUp({ rules: { loginPerAccount: { limit: 1, windowSeconds: 60 } } });
      const huge = `${freshKey('huge')}${'x'.repeat(1 << 20)}`;
      await throttle.assertAllowed('login', { account: huge });
      expect(await outcome(throttle.assertAllowed('login', { account: huge }))).toEqual(
        throttled(60),
      );
    });
  });
}
