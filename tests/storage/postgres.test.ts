import { describe, it } from 'vitest';
import { backendHarness } from '../support/backends.js';
import { defineStorageConformance } from './conformance/index.js';

const harness = backendHarness('postgres', 'postgres.test');
if (harness) defineStorageConformance(harness);
else
  describe.skip('postgres: storage conformance (ACCOUNTKIT_TEST_POSTGRES_URL unset)', () =>
    it('skipped'));
