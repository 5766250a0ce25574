import { describe, expect, it } from 'vitest';
import type { KyselyLimiterStore } from '../../../../src/rate-limit/kysely/index.js';
import { freshKey, T0 } from './keys.js';
import type { LimiterSuiteContext } from './suite.js';

const W = 60_000;
const at = (ms: number) => new Date(ms);

/** Fixed windows anchored at the first hit, driven only by the caller's instant. */
export function describeWindows(ctx: LimiterSuiteContext): void {
  describe('store windows', () => {
    it('the first hit opens a window; hits before its end count in it; the first at its end opens the next', async () => {
      const store = ctx.store();
      const key = freshKey('window');
      expect(await store.hit(key, W, at(T0))).toEqual({ count: 1, resetAt: at(T0 + W) });
      expect(await store.hit(key, W, at(T0 + 1))).toEqual({ count: 2, resetAt: at(T0 + W) });
      // Last millisecond of the window vs first millisecond of the next.
      expect(await store.hit(key, W, at(T0 + W - 1))).toEqual({ count: 3, resetAt: at(T0 + W) });
      expect(await store.peek(key, W, at(T0 + W - 1))).toEqual({ count: 3, resetAt: at(T0 + W) });
      expect(await store.peek(key, W, at(T0 + W))).toEqual({ count: 0, resetAt: at(T0 + 2 * W) });
      expect(await store.hit(key, W, at(T0 + W))).toEqual({ count: 1, resetAt: at(T0 + 2 * W) });
    });

    it('a window opened late is anchored at its first hit, not at a calendar boundary', async () => {
      const store = ctx.store();
      const key = freshKey('anchored');
      await store.hit(key, W, at(T0));
      const late = T0 + 5 * W + 1234;
      expect(await store.hit(key, W, at(late))).toEqual({ count: 1, resetAt: at(late + W) });
      expect(await store.hit(key, W, at(late + W - 1))).toEqual({
        count: 2,
        resetAt: at(late + W),
      });
    });

    it('peek counts nothing; an unknown key peeks as empty', async () => {
      const store = ctx.store();
      const key = freshKey('peek');
      expect(await store.peek(key, W, at(T0))).toEqual({ count: 0, resetAt: at(T0 + W) });
      await store.hit(key, W, at(T0));
      await store.peek(key, W, at(T0 + 1));
      expect(await store.hit(key, W, at(T0 + 2))).toEqual({ count: 2, resetAt: at(T0 + W) });
    });

    it('reset forgets one key only; the next hit opens a new window', async () => {
      const store = ctx.store();
      const [a, b] = [freshKey('reset-a'), freshKey('reset-b')];
      await store.hit(a, W, at(T0));
      await store.hit(a, W, at(T0));
      await store.hit(b, W, at(T0));
      await store.reset(a);
      await store.reset(freshKey('never-hit'));
      expect(await store.peek(a, W, at(T0 + 1))).toEqual({ count: 0, resetAt: at(T0 + 1 + W) });
      expect(await store.hit(a, W, at(T0 + 10))).toEqual({ count: 1, resetAt: at(T0 + 10 + W) });
      expect(await store.hit(b, W, at(T0 + 10))).toEqual({ count: 2, resetAt: at(T0 + W) });
    });

    it('keys are exact: case, trailing spaces and long or non-ASCII keys stay apart', async () => {
      const store = ctx.store();
      const base = freshKey('Exact');
      const keys = [base, base.toLowerCase(), `${base} `, `${base}é`, `${base}e\u0301`];
      for (const key of keys) await store.hit(key, W, at(T0));
      for (const key of keys) {
        expect((await store.peek(key, W, at(T0))).count, JSON.stringify(key)).toBe(1);
      }
    });

    it('another connection sees the same counts', async () => {
      const other = await ctx.connect();
      const key = freshKey('shared');
      await ctx.store().hit(key, W, at(T0));
      expect(await other.store.hit(key, W, at(T0 + 1))).toEqual({ count: 2, resetAt: at(T0 + W) });
    });
  });

  if (ctx.name === 'memory' || ctx.name === 'redis') return;
  describe('SQL table upkeep', () => {
    it('prune deletes the windows that started before the given instant, and only those', async () => {
      const store = ctx.store() as KyselyLimiterStore;
      const later = T0 + 100 * W;
      const [old, current] = [freshKey('old'), freshKey('current')];
      await store.hit(old, W, at(later - 2 * W));
      await store.hit(current, W, at(later - 1));
      expect(await store.prune(at(later - W))).toBeGreaterThanOrEqual(1);
      expect(await store.peek(current, W, at(later))).toEqual({
        count: 1,
        resetAt: at(later - 1 + W),
      });
      expect(await store.hit(old, W, at(later - 2 * W + 1))).toEqual({
        count: 1,
        resetAt: at(later - 2 * W + 1 + W),
      });
    });
  });
}
