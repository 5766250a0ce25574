import { describe, it } from 'vitest';
import { limiterHarness } from './support/harnesses.js';
import { defineLimiterConformance } from './support/suite.js';

const harness = limiterHarness('memory', 'rate-limit-memory');
if (harness) defineLimiterConformance(harness);
else describe.skip('memory: rate limiting (its URL is unset)', () => it('skipped'));
