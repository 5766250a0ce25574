import * as z from 'zod';
import type { Accounts } from '../create-accounts.js';
import { AuthenticationError } from '../errors/errors.js';
import { isAccountsError } from '../errors/is-accounts-error.js';
import { DEFAULT_MAX_IMAGE_BYTES } from '../options.js';
import { API_METHODS, API_PREFIX, OPENAPI_PATH } from './api-paths.js';
import { readBearerToken, TOKEN_RESPONSE_HEADERS } from './bearer.js';
import {
  bodyErrorFor,
  isJsonContentType,
  isMultipartContentType,
  JSON_BODY_LIMIT_BYTES,
  parseJsonBody,
  unsupportedMediaType,
} from './body.js';
import { toErrorResponse } from './error-body.js';
import { HttpError } from './http-error.js';
import { readMultipartBody } from './multipart.js';
import { createOpenApiDocument } from './openapi/openapi-document.js';
import { operations } from './operations.js';
import { readBody } from './read-body.js';
import type { HttpRoute, Operation, ResolvedHttpApiOptions, RoutedRequest } from './route.js';
import type { HttpApiOptions, HttpRequest, HttpResponse } from './types.js';

/** The account API over one account service: its routes and the one function answering them. */
export interface HttpApi {
  /** Every route, for adapters that register paths one by one and for documentation. */
  readonly routes: readonly HttpRoute[];
  /**
   * Answer any request: routes it, reads its body within the limits, authenticates, runs the
   * service call and renders the answer or the error. Never rejects.
   */
  handle(request: HttpRequest): Promise<HttpResponse>;
  /**
   * Render an error the framework raised before {@link HttpApi.handle} ran (a refused URL, an
   * aborted body) in the API's error style.
   */
  error(error: unknown): HttpResponse;
}

interface CompiledRoute {
  readonly route: HttpRoute;
  readonly segments: readonly string[];
  readonly methods: Readonly<Record<string, Operation>>;
  readonly allow: string;
  /** The headers of a JSON answer, built once per route; nothing writes to them. */
  readonly jsonHeaders: Readonly<Record<string, string>>;
  /** The same, for an answer carrying tokens. */
  readonly tokenHeaders: Readonly<Record<string, string>>;
}

const USER_ID = /^[0-9]{1,16}$/;
const JSON_CONTENT_TYPE = 'application/json; charset=utf-8';

/**
 * Build the Django-compatible account API over an account service. Framework adapters hand
 * every request to {@link HttpApi.handle} and write the answer back; see `examples/` for a
 * Fastify plugin and an Express router of a few dozen lines each.
 *
 * @example
 * ```ts
 * import { createServer } from 'node:http';
 * import { createHttpApi } from 'accountkit/http';
 *
 * const api = createHttpApi(accounts, { errorStyle: 'drf' });
 * createServer(async (req, res) => {
 *   const answer = await api.handle({ method: req.method ?? 'GET', url: req.url ?? '/',
 *     headers: req.headers, body: req, address: req.socket.remoteAddress });
 *   res.writeHead(answer.status, answer.headers).end(answer.body);
 * }).listen(3000);
 * ```
 */
export function createHttpApi(accounts: Accounts, options: HttpApiOptions = {}): HttpApi {
  const resolved: ResolvedHttpApiOptions = {
    errorStyle: options.errorStyle ?? 'accountkit',
    publicProfiles: options.publicProfiles ?? false,
    publicUrl: (options.publicUrl ?? '').replace(/\/+$/, ''),
    mediaLimitBytes: options.mediaLimitBytes ?? DEFAULT_MAX_IMAGE_BYTES,
    log: options.log ?? (() => {}),
  };
  const compiled = compileRoutes(openApiOperation(createOpenApiDocument()));

  const error = (thrown: unknown): HttpResponse => {
    const answer = toErrorResponse(asBodyError(thrown), { style: resolved.errorStyle });
    if (!answer.expected) resolved.log(`unexpected error: ${describeError(thrown)}`);
    return { status: answer.status, headers: answer.headers, body: JSON.stringify(answer.body) };
  };
  const notFound = () => error(new HttpError('NOT_FOUND', 'Not found.'));

  function handle(request: HttpRequest): Promise<HttpResponse> {
    const query = request.url.indexOf('?');
    const path = query === -1 ? request.url : request.url.slice(0, query);
    const matched = API_METHODS.includes(request.method) ? match(compiled, path) : null;
    if (matched === null) return Promise.resolve(notFound());
    return answerOn(matched.route, matched.params, request, path, query);
  }

  /** Django REST Framework names the allowed methods on every answer of a view. */
  const withAllow = (answer: HttpResponse, route: CompiledRoute): HttpResponse => ({
    ...answer,
    headers: { ...answer.headers, allow: route.allow },
  });

  async function answerOn(
    route: CompiledRoute,
    params: Readonly<Record<string, string>>,
    request: HttpRequest,
    path: string,
    query: number,
  ): Promise<HttpResponse> {
    if (request.method === 'OPTIONS') {
      return { status: 204, headers: { allow: route.allow }, body: undefined };
    }
    // HEAD runs GET; a method without an operation is 405.
    const operation = route.methods[request.method === 'HEAD' ? 'GET' : request.method];
    if (operation === undefined) {
      const refused = new HttpError(
        'METHOD_NOT_ALLOWED',
        `Method "${request.method}" not allowed.`,
      );
      return withAllow(error(refused), route);
    }
    try {
      const { id } = params;
      // Django's `<int:id>` matches digits only, and no user has id 0: both are 404 there.
      if (id !== undefined && (!USER_ID.test(id) || Number(id) === 0)) {
        return withAllow(notFound(), route);
      }
      const read = readRequestBody(request, operation, resolved.mediaLimitBytes);
      const routed: RoutedRequest = {
        method: request.method,
        path,
        params,
        query: query === -1 ? '' : request.url.slice(query + 1),
        authorization: header(request, 'authorization'),
        address: request.address,
        userAgent: header(request, 'user-agent'),
        ...(read === NO_BODY ? NO_BODY : await read),
      };
      const token = bearerToken(operation, routed, resolved);
      const session =
        token === null || operation.checksToken ? null : await accounts.authenticate(token);
      const result = await operation.run({
        accounts,
        request: routed,
        session,
        accessToken: operation.checksToken ? token : null,
        options: resolved,
      });
      const headers =
        operation.tokens || hasTokens(result.body) ? route.tokenHeaders : route.jsonHeaders;
      return { status: result.status ?? 200, headers, body: JSON.stringify(result.body) };
    } catch (thrown) {
      return withAllow(error(thrown), route);
    }
  }

  return Object.freeze({ routes: compiled.map(({ route }) => route), handle, error });
}

/** The route serving the OpenAPI document, built once per API. */
function openApiOperation(document: unknown): Operation {
  return {
    doc: {
      summary: 'This API as an OpenAPI 3.1 document',
      status: 200,
      answer: z.record(z.string(), z.unknown()),
      errors: [],
    },
    auth: 'none',
    body: 'none',
    run: async () => ({ body: document }),
  };
}

function compileRoutes(openApi: Operation): CompiledRoute[] {
  const table = { ...operations, [OPENAPI_PATH]: { GET: openApi } };
  const routes = Object.entries(table).map(([relative, methods]) => {
    const path = relative.startsWith('/') ? relative : `${API_PREFIX}${relative}`;
    const route: HttpRoute = Object.freeze({ path, methods: Object.freeze(Object.keys(methods)) });
    const allow = allowHeader(route.methods);
    const jsonHeaders = Object.freeze({ 'content-type': JSON_CONTENT_TYPE, allow });
    const tokenHeaders = Object.freeze({ ...jsonHeaders, ...TOKEN_RESPONSE_HEADERS });
    return { route, segments: path.split('/'), methods, allow, jsonHeaders, tokenHeaders };
  });
  // Fixed paths before parameterised ones, as the frameworks' routers rank them.
  return routes.sort(
    (a, b) => Number(a.route.path.includes(':')) - Number(b.route.path.includes(':')),
  );
}

/** Shared by every match of a route without parameters; nothing writes to it. */
const NO_PARAMS: Readonly<Record<string, string>> = Object.freeze({});

function match(
  routes: readonly CompiledRoute[],
  path: string,
): { route: CompiledRoute; params: Readonly<Record<string, string>> } | null {
  const segments = path.split('/');
  for (const route of routes) {
    if (route.segments.length !== segments.length) continue;
    const params = matchSegments(route.segments, segments);
    if (params !== null) return { route, params };
  }
  return null;
}

/** The parameters of a path whose segments fit the route's, or `null` when they do not. */
function matchSegments(
  expected: readonly string[],
  actual: readonly string[],
): Readonly<Record<string, string>> | null {
  let params: Record<string, string> | null = null;
  for (let index = 0; index < expected.length; index += 1) {
    const want = expected[index] as string;
    const got = actual[index] as string;
    if (!want.startsWith(':')) {
      if (want !== got) return null;
    } else {
      if (got === '') return null;
      params ??= {};
      params[want.slice(1)] = decodeSegment(got);
    }
  }
  return params ?? NO_PARAMS;
}

function decodeSegment(segment: string): string {
  try {
    return decodeURIComponent(segment);
  } catch {
    // Not a user id either way; the id check answers 404.
    return segment;
  }
}

function header(request: HttpRequest, name: string): string | undefined {
  const value = request.headers[name];
  return typeof value === 'string' ? value : value?.[0];
}

type RequestBody = Pick<RoutedRequest, 'body' | 'readMultipart'>;

/** What a request without a body reads as; shared, nothing writes to it. */
const NO_BODY: RequestBody = Object.freeze({ body: undefined, readMultipart: null });

/**
 * JSON is read and parsed before authentication (its limit is small); a multipart body is
 * read only when the operation asks, after authentication, so nobody uploads anything before
 * proving who they are. Other bodies are refused, and GET/HEAD bodies ignored.
 * A request without a body gets {@link NO_BODY} at once, not a turn of the event loop later.
 */
function readRequestBody(
  request: HttpRequest,
  operation: Operation,
  mediaLimitBytes: number,
): RequestBody | Promise<RequestBody> {
  if (request.method === 'GET' || request.method === 'HEAD') return NO_BODY;
  const length = header(request, 'content-length');
  const sent =
    header(request, 'transfer-encoding') !== undefined || (length !== undefined && length !== '0');
  if (!sent) return NO_BODY;
  return readSentBody(request, operation, mediaLimitBytes);
}

async function readSentBody(
  request: HttpRequest,
  operation: Operation,
  mediaLimitBytes: number,
): Promise<RequestBody> {
  const contentType = header(request, 'content-type');
  if (isJsonContentType(contentType)) {
    const bytes = await readBody(request.body, JSON_BODY_LIMIT_BYTES);
    return { body: parseJsonBody(new TextDecoder().decode(bytes)), readMultipart: null };
  }
  if (isMultipartContentType(contentType) && operation.body === 'json-or-multipart') {
    return {
      body: undefined,
      readMultipart: () => readMultipartBody(contentType as string, request.body, mediaLimitBytes),
    };
  }
  throw unsupportedMediaType();
}

/** The request's bearer token when the operation takes one; `null` when anonymous is fine. */
function bearerToken(
  operation: Operation,
  request: RoutedRequest,
  options: ResolvedHttpApiOptions,
): string | null {
  if (operation.auth === 'none') return null;
  const token = readBearerToken(request.authorization);
  if (token === null) {
    if (operation.auth === 'optional' && options.publicProfiles) return null;
    throw new AuthenticationError(
      'NOT_AUTHENTICATED',
      'Authentication credentials were not provided.',
    );
  }
  return token;
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

/**
 * A framework's own refusal of a request body (body-parser's `status`, Fastify's `statusCode`)
 * as the accountkit error of that status; anything else unchanged.
 */
function asBodyError(error: unknown): unknown {
  if (isAccountsError(error) || typeof error !== 'object' || error === null) return error;
  const { status, statusCode } = error as { status?: unknown; statusCode?: unknown };
  const framework = typeof statusCode === 'number' ? statusCode : status;
  return typeof framework === 'number' && framework >= 400 && framework < 500
    ? bodyErrorFor(framework)
    : error;
}

/** The class and code of an unexpected error: its message may quote SQL, a token or a hash. */
function describeError(error: unknown): string {
  if (!(error instanceof Error)) return typeof error;
  const code = (error as { code?: unknown }).code;
  return typeof code === 'string' ? `${error.name} (${code})` : error.name;
}
