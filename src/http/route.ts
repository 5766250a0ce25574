import type * as z from 'zod';
import type { Accounts } from '../create-accounts.js';
import type { Session } from '../services/results.js';
import type { ErrorBodyStyle } from './error-body.js';
import type { MultipartBody } from './types.js';

/** What a route method accepts as a body. */
export type BodyKind = 'none' | 'json' | 'json-or-multipart';

/** A request once routed: its path parameters, query and JSON body read. @internal */
export interface RoutedRequest {
  readonly method: string;
  /** The path without the query string. */
  readonly path: string;
  readonly params: Readonly<Record<string, string>>;
  /** The query string without its `?`; `''` when there is none. */
  readonly query: string;
  readonly authorization: string | undefined;
  readonly address: string | undefined;
  /** The `User-Agent` header, for the events of sign-ups and logins. */
  readonly userAgent: string | undefined;
  /** The parsed JSON body, or `undefined` (no body, or a multipart one). */
  readonly body: unknown;
  /** Reads a multipart body; `null` for other bodies. Called only after authentication. */
  readonly readMultipart: (() => Promise<MultipartBody>) | null;
}

/** @internal */
export interface ResolvedHttpApiOptions {
  readonly errorStyle: ErrorBodyStyle;
  readonly publicProfiles: boolean;
  readonly publicUrl: string;
  readonly mediaLimitBytes: number;
  readonly log: (line: string) => void;
}

/** What one method of a route runs, with the caller's session when authenticated. @internal */
export interface OperationContext {
  readonly accounts: Accounts;
  readonly request: RoutedRequest;
  /** Who the access token speaks for; `null` when anonymous or with `checksToken`. */
  readonly session: Session | null;
  /** The bearer token, for an operation with `checksToken` (`null` when anonymous). */
  readonly accessToken: string | null;
  readonly options: ResolvedHttpApiOptions;
}

/** How one method of a route is described in the OpenAPI document. @internal */
export interface OperationDoc {
  readonly summary: string;
  /** The JSON body's schema: the one the service validates the body with. */
  readonly body?: z.ZodType;
  /** The body may also be `multipart/form-data` (text fields of `body`, and image files). */
  readonly multipart?: boolean;
  readonly status: number;
  readonly answer: z.ZodType;
  /** Error statuses this method answers besides those every route may (400, 404, 405, 5xx). */
  readonly errors: readonly number[];
}

/** One method of a route. @internal */
export interface Operation {
  readonly doc: OperationDoc;
  /** `required`: 401 without a token; `optional`: anonymous allowed when configured. */
  readonly auth: 'required' | 'optional' | 'none';
  /**
   * The operation hands the bearer token to a service that checks it together with the rows
   * it reads anyway, rather than the route table authenticating first: one read less.
   */
  readonly checksToken?: boolean;
  readonly body: BodyKind;
  /** Answers carrying tokens get `Cache-Control: no-store`. */
  readonly tokens?: boolean;
  run(context: OperationContext): Promise<{ status?: number; body: unknown }>;
}

/** A route of the API: its path and the methods it answers. */
export interface HttpRoute {
  /** The full path, `:id` standing for a user id (`/api/accounts/:id/info/`). */
  readonly path: string;
  /** Upper-case methods, without the HEAD and OPTIONS every route also answers. */
  readonly methods: readonly string[];
}
