import * as z from 'zod';
import { parseInput } from '../core/parse-input.js';
import type { FailureFloorReport } from '../passwords/index.js';
import type { AccountsDeps } from './deps.js';

const calibrationSchema = z.strictObject({ stored: z.array(z.string()) });

/**
 * Teach the failure floor the cost of every kind of stored hash in `stored`.
 * @throws ValidationError `VALIDATION_FAILED` unless the input is `{ stored: string[] }`.
 * @internal
 */
export async function calibratePasswords(
  deps: AccountsDeps,
  input: unknown,
): Promise<FailureFloorReport> {
  const { stored } = parseInput(calibrationSchema, input);
  return deps.passwords.calibrate(stored);
}
