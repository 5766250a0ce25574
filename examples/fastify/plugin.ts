/**
 * The account API as a Fastify plugin: one Fastify route per path of the shared table, JSON
 * parsed by the shared parser (same limit and prototype-key rule as the Express example),
 * multipart through `@fastify/multipart`, every error rendered by `toErrorResponse`.
 */
import multipart from '@fastify/multipart';
import Fastify, {
  type FastifyInstance,
  type FastifyPluginAsync,
  type FastifyReply,
  type FastifyRequest,
} from 'fastify';
import fp from 'fastify-plugin';
import type { Accounts } from '../../src/create-accounts.js';
import { JSON_BODY_LIMIT_BYTES, parseJsonBody } from '../../src/http/body.js';
import { DEFAULT_MAX_IMAGE_BYTES } from '../../src/options.js';
import {
  API_METHODS,
  type ApiOptions,
  type ApiResponse,
  addMultipartField,
  createApi,
  type MultipartBody,
  refusePrototypeKey,
  type UploadedFile,
} from '../shared/api.js';
import { asBodyError } from '../shared/body-errors.js';
import { accessLine, trustProxySetting } from '../shared/startup.js';

/** Options of {@link accountsPlugin} and {@link buildFastifyApp}. */
export interface FastifyAccountsOptions extends ApiOptions {
  readonly accounts: Accounts;
  /** Largest image in a multipart upload; match the service's `media.maxBytes`. Default 5 MiB. */
  readonly mediaLimitBytes?: number;
}

const JSON_TYPE = /^application\/([\w.-]+\+)?json\s*(;.*)?$/i;

const plugin: FastifyPluginAsync<FastifyAccountsOptions> = async (app, options) => {
  const api = createApi(options.accounts, options);
  const mediaLimit = options.mediaLimitBytes ?? DEFAULT_MAX_IMAGE_BYTES;
  // Only JSON and multipart bodies: text/plain and forms get 415, as in the Express example.
  app.removeAllContentTypeParsers();
  app.addContentTypeParser(
    JSON_TYPE,
    { parseAs: 'string', bodyLimit: JSON_BODY_LIMIT_BYTES },
    (_request, text, done) => {
      try {
        done(null, parseJsonBody(text as string));
      } catch (error) {
        done(error as Error, undefined);
      }
    },
  );
  await app.register(multipart, {
    limits: { fileSize: mediaLimit, files: 2, fields: 20, fieldSize: 64 * 1024, parts: 22 },
  });

  for (const route of api.routes) {
    app.route({
      method: [...API_METHODS],
      url: route.path,
      exposeHeadRoute: false,
      handler: async (request, reply) => send(reply, await api.handle(route, toApi(request))),
    });
  }
  app.setNotFoundHandler((_request, reply) => send(reply, api.notFound()));
  app.setErrorHandler((error, _request, reply) =>
    send(reply, api.fail(asBodyError(error, (error as { statusCode?: unknown }).statusCode))),
  );
};

/**
 * Register the account API's routes, body parsers, 404 and error handler. Not encapsulated
 * (the 404 and error answers must cover every path), so it replaces the body parsers, the 404
 * handler and the error handler of the instance it is registered on: give it an instance of its
 * own, as {@link buildFastifyApp} does, or mount that instance behind your router.
 */
export const accountsPlugin = fp(plugin, { name: 'accountkit-accounts', fastify: '5.x' });

/**
 * A Fastify instance serving the account API on its own: body limit, case-sensitive paths
 * with the trailing slash required (as Django), the client address from the socket unless
 * `trustProxy` names the proxies to believe.
 */
export async function buildFastifyApp(
  options: FastifyAccountsOptions & {
    readonly trustProxy?: string | undefined;
    readonly accessLog?: (line: string) => void;
  },
): Promise<FastifyInstance> {
  const app = Fastify({
    logger: false,
    bodyLimit: JSON_BODY_LIMIT_BYTES,
    routerOptions: { caseSensitive: true, ignoreTrailingSlash: false },
    trustProxy: trustProxySetting(options.trustProxy),
    return503OnClosing: true,
  });
  const { accessLog } = options;
  if (accessLog) {
    app.addHook('onResponse', async (request, reply) => {
      accessLog(
        accessLine({
          method: request.method,
          url: request.url,
          status: reply.statusCode,
          ms: reply.elapsedTime,
          ip: request.ip,
        }),
      );
    });
  }
  await app.register(accountsPlugin, options);
  return app;
}

function toApi(request: FastifyRequest) {
  return {
    method: request.method,
    path: request.url.split('?')[0] ?? '',
    params: request.params as Record<string, string>,
    query: new URLSearchParams(request.url.split('?')[1] ?? ''),
    authorization: request.headers.authorization,
    address: request.ip,
    body: request.body,
    readMultipart: request.isMultipart() ? () => readMultipart(request) : null,
  };
}

async function readMultipart(request: FastifyRequest): Promise<MultipartBody> {
  const fields: Record<string, string> = Object.create(null);
  const files: UploadedFile[] = [];
  try {
    for await (const part of request.parts()) {
      if (part.type === 'field') {
        addMultipartField(fields, part.fieldname, String(part.value));
      } else {
        const bytes = await part.toBuffer();
        // A form's empty file input arrives as a nameless, empty part: nothing was chosen.
        if (part.filename !== '' || bytes.length > 0) {
          refusePrototypeKey(part.fieldname);
          files.push({ field: part.fieldname, filename: part.filename, bytes });
        }
      }
    }
  } catch (error) {
    throw asBodyError(error, (error as { statusCode?: unknown }).statusCode);
  }
  return { fields, files };
}

function send(reply: FastifyReply, response: ApiResponse): FastifyReply {
  reply.code(response.status).headers(response.headers);
  return response.body === undefined ? reply.send() : reply.send(response.body);
}
