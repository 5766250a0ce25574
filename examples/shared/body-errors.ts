import { isAccountsError } from '../../src/errors/index.js';
import { bodyErrorFor } from '../../src/http/body.js';

// busboy, under both frameworks' multipart parsers, reports a malformed body as a plain Error.
const MALFORMED_MULTIPART = /multipart|boundary|Unexpected end of form/i;

/**
 * A framework's own refusal of a request body as an accountkit error: by the 4xx status the
 * framework chose, or as malformed when busboy gave up on a multipart body. Anything else is
 * returned unchanged.
 */
export function asBodyError(error: unknown, frameworkStatus: unknown): unknown {
  if (isAccountsError(error)) return error;
  if (typeof frameworkStatus === 'number' && frameworkStatus >= 400 && frameworkStatus < 500) {
    return bodyErrorFor(frameworkStatus);
  }
  if (error instanceof Error && MALFORMED_MULTIPART.test(error.message)) return bodyErrorFor(400);
  return error;
}
