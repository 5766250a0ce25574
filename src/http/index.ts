/**
 * Framework-neutral HTTP helpers shared by every framework adapter: the one table from error
 * code to status.
 *
 * @module http
 */
export { HTTP_STATUS_BY_CODE, httpStatusFor } from './status.js';
