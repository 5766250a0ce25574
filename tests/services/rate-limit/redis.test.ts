import { describe, it } from 'vitest';
import { limiterHarness } from './support/harnesses.js';
import { defineLimiterConformance } from './support/suite.js';

const harness = limiterHarness('redis', 'rate-limit-redis');
if (harness) defineLimiterConformance(harness);
else describe.skip('redis: rate limiting (its URL is unset)', () => it('skipped'));
