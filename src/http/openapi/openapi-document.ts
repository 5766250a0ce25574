import * as z from 'zod';
import { SESSION_ID_PATTERN } from '../../core/session-id.js';
import { API_PREFIX, OPENAPI_PATH } from '../api-paths.js';
import { operations } from '../operations.js';
import type { Operation } from '../route.js';
import { errorSchema } from './response-schemas.js';

/** An OpenAPI 3.1 document, as plain JSON. */
export type OpenApiDocument = Readonly<Record<string, unknown>>;

/** Options of {@link createOpenApiDocument}. */
export interface OpenApiOptions {
  /** Where the API is served (`https://api.example`); default: the document's own origin. */
  readonly serverUrl?: string;
  /** The document's `info.version`. */
  readonly version?: string;
}

const STATUS_TEXT: Readonly<Record<number, string>> = {
  400: 'Invalid input, or a body that cannot be parsed',
  401: 'Missing, invalid, expired or revoked credentials',
  404: 'No such route, user or session',
  405: 'The route does not take this method',
  409: 'The username is taken',
  413: 'The body or an image is too large',
  415: 'The body is neither JSON nor, where images are taken, multipart',
  429: 'Too many attempts; see Retry-After',
  503: 'The database is unreachable; nothing was changed',
};

// Every route may answer these: a malformed body, an unknown user id, a method it lacks.
const COMMON_ERRORS = [400, 404, 405, 503];

/**
 * The OpenAPI 3.1 document of the account API, built from the same zod schemas the services
 * validate request bodies with, and the shapes of the answers. The route table serves it at
 * `/api/accounts/openapi.json`; apps that mount the routes themselves can serve or publish it.
 */
export function createOpenApiDocument(options: OpenApiOptions = {}): OpenApiDocument {
  const paths: Record<string, Record<string, unknown>> = {};
  for (const [relative, methods] of Object.entries(operations)) {
    const full = relative.startsWith('/') ? relative : `${API_PREFIX}${relative}`;
    const names = [...full.matchAll(/:(\w+)/g)].map((match) => match[1] as PathParameter);
    const path = full.replace(/:(\w+)/g, '{$1}');
    const item: Record<string, unknown> = {};
    for (const [method, operation] of Object.entries(methods)) {
      item[method.toLowerCase()] = describeOperation(operation, names);
    }
    paths[path] = item;
  }
  paths[OPENAPI_PATH] = {
    get: {
      summary: 'This document',
      responses: {
        200: {
          description: 'The OpenAPI document',
          content: { 'application/json': { schema: { type: 'object' } } },
        },
      },
    },
  };
  return {
    openapi: '3.1.0',
    info: {
      title: 'accountkit account API',
      version: options.version ?? '1',
      description:
        "The account API of a social app, compatible with the Django app it replaces: sign-up, tokens, the caller's profile, users, follows.",
    },
    ...(options.serverUrl === undefined ? {} : { servers: [{ url: options.serverUrl }] }),
    paths,
    components: {
      schemas: { Error: jsonSchema(errorSchema, 'output') },
      securitySchemes: { bearer: { type: 'http', scheme: 'bearer', bearerFormat: 'JWT' } },
    },
  };
}

function describeOperation(
  operation: Operation,
  parameters: readonly PathParameter[],
): Record<string, unknown> {
  const { doc } = operation;
  const errors = [...new Set([...COMMON_ERRORS, ...doc.errors])].sort((a, b) => a - b);
  const described: Record<string, unknown> = {
    summary: doc.summary,
    ...(operation.auth === 'none' ? {} : { security: [{ bearer: [] }] }),
    ...(parameters.length > 0
      ? { parameters: parameters.map((name) => PATH_PARAMETERS[name]) }
      : {}),
    responses: {
      [doc.status]: {
        description: doc.summary,
        content: { 'application/json': { schema: jsonSchema(doc.answer, 'output') } },
      },
      ...Object.fromEntries(errors.map((status) => [status, errorResponse(STATUS_TEXT[status])])),
      default: errorResponse('Any other error (413 and 415 on a body, 500)'),
    },
  };
  if (doc.body !== undefined) described.requestBody = requestBody(doc.body, doc.multipart === true);
  return described;
}

function requestBody(body: z.ZodType, multipart: boolean): Record<string, unknown> {
  const json = jsonSchema(body, 'input');
  const content: Record<string, unknown> = { 'application/json': { schema: json } };
  if (multipart) {
    const properties = { ...(json.properties as Record<string, unknown>) };
    for (const image of ['profile_pic', 'cover_image']) {
      properties[image] = { type: 'string', contentMediaType: 'application/octet-stream' };
    }
    content['multipart/form-data'] = { schema: { type: 'object', properties } };
  }
  return { required: false, content };
}

function errorResponse(description = 'Error'): Record<string, unknown> {
  return {
    description,
    content: { 'application/json': { schema: { $ref: '#/components/schemas/Error' } } },
  };
}

/** The parameters route paths name (`:id`, `:session`), as the document describes them. */
const PATH_PARAMETERS = {
  id: {
    name: 'id',
    in: 'path',
    required: true,
    schema: { type: 'string', pattern: '^[1-9][0-9]{0,15}$' },
    description: 'A user id',
  },
  session: {
    name: 'session',
    in: 'path',
    required: true,
    schema: { type: 'string', pattern: SESSION_ID_PATTERN.source },
    description: 'A session id, as sessions/ lists it',
  },
} as const;

type PathParameter = keyof typeof PATH_PARAMETERS;

function jsonSchema(schema: z.ZodType, io: 'input' | 'output'): Record<string, unknown> {
  const { $schema: _dialect, ...rest } = z.toJSONSchema(schema, { io, unrepresentable: 'any' });
  return rest;
}
