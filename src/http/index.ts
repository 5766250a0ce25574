/**
 * Framework-neutral HTTP helpers shared by every framework adapter: the one table from error
 * code to status, error bodies, bearer-token parsing and the headers of token answers.
 *
 * @module http
 */
export { readBearerToken, TOKEN_RESPONSE_HEADERS } from './bearer.js';
export {
  bodyErrorFor,
  findPrototypeKey,
  isJsonContentType,
  isPrototypeKey,
  JSON_BODY_LIMIT_BYTES,
  parseJsonBody,
  unsupportedMediaType,
} from './body.js';
export {
  type ErrorBodyStyle,
  type ErrorResponse,
  type ErrorResponseOptions,
  toErrorResponse,
} from './error-body.js';
export { HTTP_STATUS_BY_CODE, httpStatusFor } from './status.js';
