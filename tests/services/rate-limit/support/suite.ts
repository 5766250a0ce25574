import { afterAll, beforeAll, describe } from 'vitest';
import type { LimiterStore } from '../../../../src/rate-limit/limiter-store.js';
import { describeConcurrency } from './concurrency.js';
import { connectStore, type StoreConnection, type StoreSpec } from './connect.js';
import { describeFailures } from './failures.js';
import type { LimiterHarness } from './harnesses.js';
import { describeLoginBudget } from './login-budget.js';
import { describeRefunds } from './refunds.js';
import { describeThrottlePolicy } from './throttle-policy.js';
import { describeWindows } from './windows.js';

/** What each part of the suite reads. */
export interface LimiterSuiteContext {
  readonly name: StoreSpec['kind'];
  /** Where the data is, for a child process or another connection. */
  spec(): StoreSpec;
  /** The store under test, on the file's shared connection. */
  store(): LimiterStore;
  /** Another connection to the same data (memory: the same store), closed after the file. */
  connect(): Promise<StoreConnection>;
}

/**
 * Register the limiter store suite for one backend: windows and refunds, exactness under
 * concurrency (across two processes where the store is shared), the throttle's policy (H-11),
 * the address budget through the login service, and store failure (fail-closed, fail-open).
 * Like the storage conformance suite, it imports no backend.
 */
export function defineLimiterConformance(harness: LimiterHarness): void {
  let spec: StoreSpec | undefined;
  let main: StoreConnection | undefined;
  const opened: StoreConnection[] = [];
  const ctx: LimiterSuiteContext = {
    name: harness.name,
    spec: () => spec as StoreSpec,
    store: () => (main as StoreConnection).store,
    async connect() {
      if (harness.name === 'memory') return main as StoreConnection;
      const connection = await connectStore(spec as StoreSpec);
      opened.push(connection);
      return connection;
    },
  };

  describe(`${harness.name}: rate limiting`, () => {
    beforeAll(async () => {
      spec = await harness.setUp();
      main = await connectStore(spec);
    });
    afterAll(async () => {
      for (const connection of opened) await connection.close();
      await main?.close();
      await harness.tearDown();
    });

    describeWindows(ctx);
    describeRefunds(ctx);
    describeConcurrency(ctx);
    describeThrottlePolicy(ctx);
    describeLoginBudget(ctx);
    describeFailures(ctx);
  });
}
