/**
 * The inputs of the verification use cases, strict as every accountkit input.
 * @internal
 */
import * as z from 'zod';
import { passwordResetRequestSchema } from '../reset/reset-inputs.js';
import { actorSchema } from '../services/inputs.js';

/** `{ userId }` (the logged-in user) or `{ email }` (dj-rest-auth's resend). */
export function verificationRequestSchema(input: unknown) {
  const byUser = typeof input === 'object' && input !== null && 'userId' in input;
  return byUser ? actorSchema : passwordResetRequestSchema;
}

/** `{ key }`: the key of a verification link. */
export const verifyEmailSchema = z.strictObject({ key: z.string() });
