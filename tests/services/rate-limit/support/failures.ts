import { describe, expect, it } from 'vitest';
import { StorageError } from '../../../../src/errors/errors.js';
import { createThrottle } from '../../../../src/rate-limit/throttle.js';
import type { StoreConnection } from './connect.js';
import { guardedLogin, outcome } from './guarded-login.js';
import { freshKey, manualClock, T0 } from './keys.js';
import type { LimiterSuiteContext } from './suite.js';

const UNAVAILABLE = { name: 'StorageError', code: 'STORAGE_UNAVAILABLE' };

/**
 * The store stops mid-test (connection destroyed or disconnected): the store's operations
 * reject with `StorageError`, never a raw driver error; the throttle refuses (fail-closed) or
 * lets through with a warning (fail-open). The memory store cannot become unreachable.
 */
export function describeFailures(ctx: LimiterSuiteContext): void {
  if (ctx.name === 'memory') return;

  /** A connection of its own that works for a first login, then is cut. */
  const cutAfterOneLogin = async (onStoreError?: 'fail-closed' | 'fail-open') => {
    const connection: StoreConnection = await ctx.connect();
    const warnings: unknown[] = [];
    const throttle = createThrottle({
      store: connection.store,
      clock: manualClock(),
      ...(onStoreError ? { onStoreError } : {}),
      logger: { warn: (message, details) => warnings.push({ message, details }) },
    });
    const name = freshKey('outage');
    const service = guardedLogin(throttle, { [name]: 'pw' });
    expect(await outcome(service.login(name, 'wrong'))).toMatchObject({
      code: 'INVALID_CREDENTIALS',
    });
    await connection.cut?.();
    return { connection, throttle, service, name, warnings };
  };

  describe('store failure', () => {
    it('G-13: hit, peek and reset on a cut connection reject with StorageError, without the driver message', async () => {
      const { connection } = await cutAfterOneLogin();
      const now = new Date(T0);
      for (const attempt of [
        connection.store.hit('k', 1000, now),
        connection.store.peek('k', 1000, now),
        connection.store.reset('k'),
      ]) {
        const error = await attempt.then(
          () => undefined,
          (reason: unknown) => reason,
        );
        expect(error).toBeInstanceOf(StorageError);
        expect(error).toMatchObject(UNAVAILABLE);
        expect((error as Error).cause).toBeDefined();
        expect((error as Error).message).not.toMatch(/closed|destroyed|ECONN|127\.0\.0\.1/i);
      }
    });

    it('fail-closed (login default): the store down refuses with STORAGE_UNAVAILABLE before any password check, even the right password', async () => {
      const { service, name, warnings } = await cutAfterOneLogin();
      expect(await outcome(service.login(name, 'wrong'))).toMatchObject(UNAVAILABLE);
      expect(await outcome(service.login(name, 'pw'))).toMatchObject(UNAVAILABLE);
      expect(service.checks()).toBe(1);
      expect(warnings).toEqual([]);
    });

    it('fail-open: the store down lets the attempt through uncounted, with a warning', async () => {
      const { service, name, warnings } = await cutAfterOneLogin('fail-open');
      for (let i = 0; i < 12; i += 1) {
        expect(await outcome(service.login(name, 'wrong'))).toMatchObject({
          code: 'INVALID_CREDENTIALS',
        });
      }
      expect(await service.login(name, 'pw')).toBe(`session of ${name}`);
      expect(service.checks()).toBe(14);
      // One warning per attempt, and one for the reset after the success.
      const messages = warnings.map((w) => (w as { message: string }).message);
      expect(messages).toEqual([
        ...Array(13).fill('Rate-limit store unavailable; attempt allowed without counting.'),
        'Rate-limit store unavailable; login count not reset.',
      ]);
      expect(warnings[0]).toEqual({
        message: 'Rate-limit store unavailable; attempt allowed without counting.',
        details: { action: 'login' },
      });
    });

    it('a success whose reset meets a dead store still logs in (whatever the mode) and warns', async () => {
      const connection = await ctx.connect();
      const warnings: unknown[] = [];
      const throttle = createThrottle({
        store: connection.store,
        clock: manualClock(),
        logger: { warn: (message, details) => warnings.push({ message, details }) },
      });
      const subject = { account: freshKey('lucky'), address: freshKey('address') };
      const ticket = await throttle.assertAllowed('login', subject);
      await connection.cut?.();
      await throttle.recordSuccess('login', subject, ticket);
      expect(warnings).toEqual([
        {
          message: 'Rate-limit store unavailable; login count not reset.',
          details: { action: 'login' },
        },
      ]);
    });

    it('defaults: sign-up fails closed, refresh fails open', async () => {
      const { throttle, warnings } = await cutAfterOneLogin();
      expect(await outcome(throttle.assertAllowed('register', { address: 'a' }))).toMatchObject(
        UNAVAILABLE,
      );
      await throttle.assertAllowed('refresh', { family: 'f' });
      expect(warnings).toEqual([
        {
          message: 'Rate-limit store unavailable; attempt allowed without counting.',
          details: { action: 'refresh' },
        },
      ]);
    });
  });
}
