import { describe, it } from 'vitest';
import { limiterHarness } from './support/harnesses.js';
import { defineLimiterConformance } from './support/suite.js';

const harness = limiterHarness('postgres', 'rate-limit-postgres');
if (harness) defineLimiterConformance(harness);
else describe.skip('postgres: rate limiting (its URL is unset)', () => it('skipped'));
