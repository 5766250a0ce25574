import { describe, it } from 'vitest';
import { backendHarness } from '../support/backends.js';
import { defineStorageConformance } from './conformance/index.js';

const harness = backendHarness('mysql', 'mysql.test');
if (harness) defineStorageConformance(harness);
else
  describe.skip('mysql: storage conformance (ACCOUNTKIT_TEST_MYSQL_URL unset)', () =>
    it('skipped'));
