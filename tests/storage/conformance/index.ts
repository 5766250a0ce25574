import { afterAll, afterEach, beforeAll, beforeEach, describe, expect } from 'vitest';
import type { AccountStorage } from '../../../src/storage/storage.js';
import { counterDrift } from './builders.js';
import { describeConcurrency } from './concurrency.js';
import { describeFollows } from './follows.js';
import type { FaultyStorage, StorageHarness } from './harness.js';
import { describeNoChangeOnError } from './no-change-on-error.js';
import { describeRefreshTokens } from './refresh-tokens.js';
import { describeTransactions } from './transactions.js';
import { describeUsers } from './users.js';

/** What each part of the suite reads: the harness and its open connections. */
export interface SuiteContext {
  readonly harness: StorageHarness;
  /** The storage under test. */
  storage(): AccountStorage;
  /** A second connection to the same data. */
  second(): AccountStorage;
  /** A connection with fault injection. */
  faulty(): FaultyStorage;
}

/**
 * Register the whole storage conformance suite for one backend. It imports no backend: the
 * harness brings it (jose's `tap/run.ts` idea). After every test, each user's counters must
 * equal a COUNT of the follow rows.
 */
export function defineStorageConformance(harness: StorageHarness): void {
  let storage: AccountStorage | undefined;
  let second: AccountStorage | undefined;
  let faulty: FaultyStorage | undefined;
  const ctx: SuiteContext = {
    harness,
    storage: () => storage as AccountStorage,
    second: () => second as AccountStorage,
    faulty: () => faulty as FaultyStorage,
  };

  describe(`${harness.name}: storage conformance`, () => {
    beforeAll(async () => {
      storage = await harness.open();
      second = await harness.openSecond();
      faulty = await harness.openFaulty();
    });
    beforeEach(() => harness.reset());
    afterEach(async () => {
      expect(counterDrift(await harness.dump())).toEqual([]);
    });
    afterAll(async () => {
      await harness.close();
    });

    describeUsers(ctx);
    describeFollows(ctx);
    describeRefreshTokens(ctx);
    describeTransactions(ctx);
    describeConcurrency(ctx);
    describeNoChangeOnError(ctx);
  });
}
