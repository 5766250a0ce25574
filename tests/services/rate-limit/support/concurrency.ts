import { describe, expect, it } from 'vitest';
import { freshKey, T0 } from './keys.js';
import type { LimiterSuiteContext } from './suite.js';
import { type Burst, burstFromTwoProcesses, runBurst } from './two-processes.js';

const range = (n: number) => Array.from({ length: n }, (_, i) => i + 1);

/**
 * 200 concurrent hits on one key: from two processes sharing the store, except the memory
 * store, which by design belongs to one process (its 200 run concurrently in this one).
 */
export function describeConcurrency(ctx: LimiterSuiteContext): void {
  const shared = ctx.name !== 'memory';
  const run = async (burst: Burst) => {
    if (!shared) return runBurst(ctx.store(), { ...burst, n: 200 });
    const { here, there } = await burstFromTwoProcesses(ctx.spec(), ctx.store(), burst);
    expect([here.length, there.length]).toEqual([100, 100]);
    return [...here, ...there];
  };
  const where = shared ? 'from two processes' : 'in one process';

  describe('exactness under concurrency', () => {
    it(`200 concurrent hits on one key ${where}: each sees a distinct count, the last 200`, async () => {
      const key = freshKey('burst');
      const burst = { mode: 'hit', key, n: 100, limit: 10, windowMs: 60_000, nowMs: T0 } as const;
      const counts = await run(burst);
      expect([...counts].sort((a, b) => a - b)).toEqual(range(200));
      expect(counts.filter((count) => count <= burst.limit)).toHaveLength(burst.limit);
      expect((await ctx.store().peek(key, burst.windowMs, new Date(T0 + 1))).count).toBe(200);
    });

    it(`200 concurrent failed logins for one account ${where}: exactly the limit reach the hasher`, async () => {
      const burst = {
        mode: 'login',
        key: freshKey('victim'),
        n: 100,
        limit: 10,
        windowMs: 900_000,
        nowMs: T0,
      } as const;
      const allowed = await run(burst);
      expect(allowed).toHaveLength(200);
      expect(allowed.filter((pass) => pass === 1)).toHaveLength(10);
    });

    it(`200 concurrent failed logins from one address ${where}, each for another account: exactly the limit reach the hasher`, async () => {
      const burst = {
        mode: 'address-login',
        key: freshKey('203.0.113.7'),
        n: 100,
        limit: 10,
        windowMs: 900_000,
        nowMs: T0,
      } as const;
      const allowed = await run(burst);
      expect(allowed).toHaveLength(200);
      expect(allowed.filter((pass) => pass === 1)).toHaveLength(10);
    });
  });
}
