import type { ErrorBodyStyle } from './error-body.js';

/**
 * A request as any framework or `node:http` hands it over. The route table reads the body
 * itself, so every adapter gets the same limits, parsing and errors.
 */
export interface HttpRequest {
  /** The method as received (upper case). */
  readonly method: string;
  /** The request target: path and query string, e.g. `/api/accounts/7/followers/?limit=5`. */
  readonly url: string;
  /** Headers with lower-case names, as `node:http` gives them. */
  readonly headers: Readonly<Record<string, string | readonly string[] | undefined>>;
  /**
   * The raw body: a stream of chunks (a `node:http` request is one), bytes, or nothing. It is
   * read only when the route takes a body, and multipart uploads only after authentication.
   */
  readonly body?: AsyncIterable<Uint8Array> | Uint8Array | string | null | undefined;
  /**
   * The client's address as the framework computed it (the socket's, or the one a trusted
   * proxy forwarded). Login and sign-up limits count it.
   */
  readonly address?: string | undefined;
}

/** What an adapter writes back: the body is already serialised (JSON), or absent. */
export interface HttpResponse {
  readonly status: number;
  /** Lower-case names; `content-type` is set whenever there is a body. */
  readonly headers: Readonly<Record<string, string>>;
  readonly body: string | undefined;
}

/** Options of {@link createHttpApi}. */
export interface HttpApiOptions {
  /** Error body shape: `accountkit` (default) or `drf` for clients written against Django. */
  readonly errorStyle?: ErrorBodyStyle;
  /** Serve `<id>/info/` and the follow lists to anonymous callers. Default: token required. */
  readonly publicProfiles?: boolean;
  /** Absolute origin for `next` links (e.g. `https://api.example`); default relative links. */
  readonly publicUrl?: string;
  /**
   * Largest image of a multipart upload, in bytes; match the service's `media.maxBytes`.
   * Default 5 MiB, the service's default.
   */
  readonly mediaLimitBytes?: number;
  /** Receives one line per unexpected error: its class and code, never its message. */
  readonly log?: (line: string) => void;
}

/** A file of a multipart request. */
export interface UploadedFile {
  /** The form field it was sent under. */
  readonly field: string;
  readonly filename: string;
  readonly bytes: Uint8Array;
}

/** A read multipart body. */
export interface MultipartBody {
  /** Text fields, in a null-prototype object; a field sent twice keeps its last value. */
  readonly fields: Readonly<Record<string, string>>;
  readonly files: readonly UploadedFile[];
}
