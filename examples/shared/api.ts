/**
 * The HTTP API of the Django account app, as one framework-neutral table: each route's path,
 * its methods, what body each method takes, whether it needs a token, and which service call
 * answers it. The Fastify and Express examples only read requests into {@link ApiRequest},
 * call {@link Api.handle} and write the {@link ApiResponse} back, so both serve exactly the
 * same API and neither holds logic of its own.
 */
import type { Accounts } from '../../src/create-accounts.js';
import { AuthenticationError, BadRequestError } from '../../src/errors/index.js';
import { isPrototypeKey, unsupportedMediaType } from '../../src/http/body.js';
import {
  type ErrorBodyStyle,
  readBearerToken,
  TOKEN_RESPONSE_HEADERS,
  toErrorResponse,
} from '../../src/http/index.js';
import { operations } from './operations.js';

/** What a route method accepts as a body. */
export type BodyKind = 'none' | 'json' | 'json-or-multipart';

/** A file of a multipart request. */
export interface UploadedFile {
  readonly field: string;
  readonly filename: string;
  readonly bytes: Uint8Array;
}

/** A request as the adapters hand it over. */
export interface ApiRequest {
  /** Upper-case method. */
  readonly method: string;
  /** The path without the query string. */
  readonly path: string;
  readonly params: Readonly<Record<string, string>>;
  readonly query: URLSearchParams;
  readonly authorization: string | undefined;
  /**
   * The client's address as the framework computed it: the socket's, or the one a trusted
   * proxy forwarded (`TRUST_PROXY`). Login and sign-up limits count it.
   */
  readonly address: string | undefined;
  /** The parsed JSON body, or `undefined` (no body, or a multipart one). */
  readonly body: unknown;
  /**
   * For a multipart body: reads it (text fields and files, within the media limit). Called
   * only by operations that take multipart, after authentication, so nobody uploads anything
   * before proving who they are. `null` for other bodies.
   */
  readonly readMultipart: (() => Promise<MultipartBody>) | null;
}

/** A read multipart body. */
export interface MultipartBody {
  /** Text fields; a field sent twice keeps its last value. */
  readonly fields: Readonly<Record<string, string>>;
  readonly files: readonly UploadedFile[];
}

/** What the adapters write back. `body` `undefined` means no body. */
export interface ApiResponse {
  readonly status: number;
  readonly headers: Readonly<Record<string, string>>;
  readonly body: unknown;
}

/** What one method of a route runs, with the caller's user id when authenticated. */
export interface OperationContext {
  readonly accounts: Accounts;
  readonly request: ApiRequest;
  readonly userId: number | null;
  readonly options: ResolvedApiOptions;
}

/** One method of a route. */
export interface Operation {
  /** `required`: 401 without a token; `optional`: anonymous allowed when configured. */
  readonly auth: 'required' | 'optional' | 'none';
  readonly body: BodyKind;
  /** Answers carrying tokens get `Cache-Control: no-store`. */
  readonly tokens?: boolean;
  run(context: OperationContext): Promise<{ status?: number; body: unknown }>;
}

/** A route: a path (Fastify/Express syntax, `:id` for a user id) and its methods. */
export interface Route {
  readonly path: string;
  readonly methods: Readonly<Record<string, Operation>>;
  /** The `Allow` header: its methods, with HEAD for GET, and OPTIONS. */
  readonly allow: string;
}

/** Options of {@link createApi}. */
export interface ApiOptions {
  /** Error body shape: `accountkit` (default) or `drf` for clients written against Django. */
  readonly errorStyle?: ErrorBodyStyle;
  /** Serve `<id>/info/` and the follow lists to anonymous callers. Default: token required. */
  readonly publicProfiles?: boolean;
  /** Absolute origin for `next` links (e.g. `https://api.example`); default relative links. */
  readonly publicUrl?: string;
  /** Receives one line per unexpected error: its class and code, never its message. */
  readonly log?: (line: string) => void;
}

/** @internal */
export interface ResolvedApiOptions {
  readonly errorStyle: ErrorBodyStyle;
  readonly publicProfiles: boolean;
  readonly publicUrl: string;
  readonly log: (line: string) => void;
}

/** The API: its routes, and the one function answering a request on one of them. */
export interface Api {
  readonly routes: readonly Route[];
  /** Answer a request that matched `route`'s path; never rejects. */
  handle(route: Route, request: ApiRequest): Promise<ApiResponse>;
  /** Render any thrown value (framework body errors included) as an error answer. */
  fail(error: unknown): ApiResponse;
  /** The 404 answer for paths outside the table. */
  notFound(): ApiResponse;
}

/** The methods routes answer (405 for those a route lacks); any other method is 404. */
export const API_METHODS: readonly string[] = [
  'GET',
  'HEAD',
  'POST',
  'PUT',
  'PATCH',
  'DELETE',
  'OPTIONS',
];

/** Where every route lives, as in Django's `path('api/accounts/', include(...))`. */
export const API_PREFIX = '/api/accounts/';

const USER_ID = /^[0-9]{1,16}$/;

/**
 * Build the API over an account service.
 * @example
 * ```ts
 * const api = createApi(accounts, { errorStyle: 'drf' });
 * for (const route of api.routes) app.all(route.path, (req, res) => api.handle(route, toApiRequest(req)));
 * ```
 */
export function createApi(accounts: Accounts, options: ApiOptions = {}): Api {
  const resolved: ResolvedApiOptions = {
    errorStyle: options.errorStyle ?? 'accountkit',
    publicProfiles: options.publicProfiles ?? false,
    publicUrl: (options.publicUrl ?? '').replace(/\/+$/, ''),
    log: options.log ?? (() => {}),
  };
  const routes = Object.entries(operations).map(([path, methods]) => ({
    path: path.startsWith('/') ? path : `${API_PREFIX}${path}`,
    methods,
    allow: allowHeader(Object.keys(methods)),
  }));

  const fail = (error: unknown): ApiResponse => {
    const answer = toErrorResponse(error, { style: resolved.errorStyle });
    if (!answer.expected) resolved.log(`unexpected error: ${describeError(error)}`);
    return answer;
  };

  // HEAD runs GET; a method without an operation is 405.
  const operationFor = (route: Route, method: string): Operation | undefined =>
    route.methods[method === 'HEAD' ? 'GET' : method];

  return Object.freeze({
    routes,
    fail,
    notFound: () => fail(new BadRequestError('NOT_FOUND', 'Not found.')),
    async handle(route: Route, request: ApiRequest): Promise<ApiResponse> {
      const answer = await answerOn(route, request);
      // Django REST Framework names the allowed methods on every answer of a view.
      return { ...answer, headers: { ...answer.headers, allow: route.allow } };
    },
  });

  async function answerOn(route: Route, request: ApiRequest): Promise<ApiResponse> {
    if (request.method === 'OPTIONS') return { status: 204, headers: {}, body: undefined };
    const operation = operationFor(route, request.method);
    if (operation === undefined) {
      return fail(
        new BadRequestError('METHOD_NOT_ALLOWED', `Method "${request.method}" not allowed.`),
      );
    }
    try {
      const { id } = request.params;
      // Django's `<int:id>` matches digits only, and no user has id 0: both are 404 there.
      if (id !== undefined && (!USER_ID.test(id) || Number(id) === 0)) {
        throw new BadRequestError('NOT_FOUND', 'Not found.');
      }
      if (request.readMultipart !== null && operation.body !== 'json-or-multipart') {
        throw unsupportedMediaType();
      }
      const userId = await authenticate(accounts, operation, request, resolved);
      const result = await operation.run({ accounts, request, userId, options: resolved });
      const headers: Record<string, string> = operation.tokens ? { ...TOKEN_RESPONSE_HEADERS } : {};
      if (hasTokens(result.body)) Object.assign(headers, TOKEN_RESPONSE_HEADERS);
      return { status: result.status ?? 200, headers, body: result.body };
    } catch (error) {
      return fail(error);
    }
  }
}

async function authenticate(
  accounts: Accounts,
  operation: Operation,
  request: ApiRequest,
  options: ResolvedApiOptions,
): Promise<number | null> {
  if (operation.auth === 'none') return null;
  const token = readBearerToken(request.authorization);
  if (token === null) {
    if (operation.auth === 'optional' && options.publicProfiles) return null;
    throw new AuthenticationError(
      'NOT_AUTHENTICATED',
      'Authentication credentials were not provided.',
    );
  }
  return (await accounts.authenticate(token)).userId;
}

/** A profile update after a password change or rename carries a fresh pair. */
function hasTokens(body: unknown): boolean {
  return typeof body === 'object' && body !== null && 'tokens' in body;
}

/** In Django REST Framework's order: the view's methods, then HEAD (with GET), then OPTIONS. */
function allowHeader(methods: readonly string[]): string {
  const order = ['GET', 'POST', 'PUT', 'PATCH', 'DELETE'].filter((method) =>
    methods.includes(method),
  );
  if (methods.includes('GET')) order.push('HEAD');
  return [...order, 'OPTIONS'].join(', ');
}

/** The class and code of an unexpected error: its message may quote SQL, a token or a hash. */
function describeError(error: unknown): string {
  if (!(error instanceof Error)) return typeof error;
  const code = (error as { code?: unknown }).code;
  return typeof code === 'string' ? `${error.name} (${code})` : error.name;
}

/**
 * Refuse a multipart field or file name that reaches a prototype, as JSON bodies do.
 * @throws BadRequestError `MALFORMED_JSON` for `__proto__`, `constructor` or `prototype`.
 */
export function refusePrototypeKey(name: string): void {
  if (isPrototypeKey(name)) {
    throw new BadRequestError(
      'MALFORMED_JSON',
      'The keys __proto__, constructor and prototype are not accepted.',
    );
  }
}

/**
 * Add a multipart text field to `fields` (a null-prototype object).
 * @throws BadRequestError `MALFORMED_JSON` for a prototype-reaching name.
 */
export function addMultipartField(fields: Record<string, string>, name: string, value: string) {
  refusePrototypeKey(name);
  fields[name] = value;
}
