import * as z from 'zod';

/**
 * The form of a session id, which is its refresh family's id: 128 random bits as 32 lower-case
 * hex digits. Tokens carry it in their `fam` claim.
 */
export const SESSION_ID_PATTERN = /^[0-9a-f]{32}$/;

/** A session id; anything else is issue `INVALID_ID`. */
export const sessionIdSchema = z.unknown().transform((raw, ctx) => {
  if (typeof raw === 'string' && SESSION_ID_PATTERN.test(raw)) return raw;
  ctx.issues.push({
    code: 'custom',
    input: raw,
    message:
      raw === undefined ? 'This field is required.' : 'A session id is 32 lower-case hex digits.',
    params: { code: raw === undefined ? 'REQUIRED' : 'INVALID_ID' },
  });
  return z.NEVER;
});
