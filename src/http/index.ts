/**
 * The Django-compatible account API as a framework-neutral route table: hand it a request
 * (method, URL, headers, raw body, client address) and write back the status, headers and
 * body it answers. Every framework adapter and `accountkit serve` go through it, so they serve
 * the same API byte for byte. Also the pieces it is made of: the one table from error code to
 * status, error bodies, bearer-token parsing and body parsing.
 *
 * @module http
 */

export { API_METHODS, API_PREFIX, OPENAPI_PATH } from './api-paths.js';
export { readBearerToken, TOKEN_RESPONSE_HEADERS } from './bearer.js';
export {
  bodyErrorFor,
  isJsonContentType,
  isMultipartContentType,
  JSON_BODY_LIMIT_BYTES,
  parseJsonBody,
} from './body.js';
export { createHttpApi, type HttpApi } from './create-http-api.js';
export {
  type ErrorBodyStyle,
  type ErrorResponse,
  type ErrorResponseOptions,
  toErrorResponse,
} from './error-body.js';
export { HTTP_ERROR_CODES, HttpError, type HttpErrorCode } from './http-error.js';
export { readMultipartBody } from './multipart.js';
export {
  createOpenApiDocument,
  type OpenApiDocument,
  type OpenApiOptions,
} from './openapi/openapi-document.js';
export type { HttpRoute } from './route.js';
export { type AnswerCode, HTTP_STATUS_BY_CODE, httpStatusFor } from './status.js';
export type {
  HttpApiOptions,
  HttpRequest,
  HttpResponse,
  MultipartBody,
  UploadedFile,
} from './types.js';
