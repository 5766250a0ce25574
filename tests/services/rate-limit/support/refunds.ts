import { describe, expect, it } from 'vitest';
import { freshKey, T0 } from './keys.js';
import type { LimiterSuiteContext } from './suite.js';

const W = 60_000;
const at = (ms: number) => new Date(ms);

/** A refund takes one hit back from the window it was counted in, and from no other. */
export function describeRefunds(ctx: LimiterSuiteContext): void {
  describe('store refunds', () => {
    it('a refund takes one hit back from the window that ends at the given instant', async () => {
      const store = ctx.store();
      const key = freshKey('refund');
      await store.hit(key, W, at(T0));
      const { resetAt } = await store.hit(key, W, at(T0 + 10));
      await store.refund(key, W, resetAt);
      expect(await store.peek(key, W, at(T0 + 20))).toEqual({ count: 1, resetAt: at(T0 + W) });
      expect(await store.hit(key, W, at(T0 + 30))).toEqual({ count: 2, resetAt: at(T0 + W) });
    });

    it('a window whose last hit is taken back is over: the next hit opens a new one, anchored at it', async () => {
      const store = ctx.store();
      const key = freshKey('emptied');
      const { resetAt } = await store.hit(key, W, at(T0));
      await store.refund(key, W, resetAt);
      expect(await store.peek(key, W, at(T0 + 5))).toEqual({ count: 0, resetAt: at(T0 + 5 + W) });
      expect(await store.hit(key, W, at(T0 + 5_000))).toEqual({
        count: 1,
        resetAt: at(T0 + 5_000 + W),
      });
    });

    it('a refund of a window that ended changes nothing; nor does one on an unknown key', async () => {
      const store = ctx.store();
      const key = freshKey('stale');
      const first = await store.hit(key, W, at(T0));
      await store.hit(key, W, at(T0 + W));
      await store.refund(key, W, first.resetAt);
      await store.refund(freshKey('never-hit'), W, first.resetAt);
      expect(await store.peek(key, W, at(T0 + W + 1))).toEqual({
        count: 1,
        resetAt: at(T0 + 2 * W),
      });
    });

    it('refunds never go below zero', async () => {
      const store = ctx.store();
      const key = freshKey('floor');
      const { resetAt } = await store.hit(key, W, at(T0));
      await store.refund(key, W, resetAt);
      await store.refund(key, W, resetAt);
      expect(await store.hit(key, W, at(T0 + 1))).toEqual({ count: 1, resetAt: at(T0 + 1 + W) });
    });

    it('40 concurrent hits and 50 concurrent refunds on a window of 60 leave exactly 50', async () => {
      const store = ctx.store();
      const key = freshKey('racing');
      let resetAt = at(0);
      for (let i = 0; i < 60; i += 1) ({ resetAt } = await store.hit(key, W, at(T0)));
      await Promise.all([
        ...Array.from({ length: 40 }, () => store.hit(key, W, at(T0 + 1))),
        ...Array.from({ length: 50 }, () => store.refund(key, W, resetAt)),
      ]);
      expect(await store.peek(key, W, at(T0 + 2))).toEqual({ count: 50, resetAt });
    });
  });
}
