import { describe, it } from 'vitest';
import { limiterHarness } from './support/harnesses.js';
import { defineLimiterConformance } from './support/suite.js';

const harness = limiterHarness('sqlite', 'rate-limit-sqlite');
if (harness) defineLimiterConformance(harness);
else describe.skip('sqlite: rate limiting (its URL is unset)', () => it('skipped'));
