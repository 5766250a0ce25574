import { describe, it } from 'vitest';
import { limiterHarness } from './support/harnesses.js';
import { defineLimiterConformance } from './support/suite.js';

const harness = limiterHarness('mysql', 'rate-limit-mysql');
if (harness) defineLimiterConformance(harness);
else describe.skip('mysql: rate limiting (its URL is unset)', () => it('skipped'));
