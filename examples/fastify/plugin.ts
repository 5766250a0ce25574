/**
 * The account API in Fastify: every request under the API's paths goes to the route table of
 * `accountkit/http`, which reads the body itself, so Fastify's own body parsers step aside.
 * Copy this file into your app as it is.
 */

import type { Accounts } from 'accountkit';
import {
  API_METHODS,
  API_PREFIX,
  createHttpApi,
  type HttpApi,
  type HttpApiOptions,
  type HttpResponse,
} from 'accountkit/http';
import { accessLine, trustProxySetting } from 'accountkit/server';
import Fastify, {
  type FastifyInstance,
  type FastifyPluginAsync,
  type FastifyReply,
  type FastifyRequest,
} from 'fastify';

/** Options of {@link accountsPlugin} and {@link buildFastifyApp}. */
export interface FastifyAccountsOptions extends HttpApiOptions {
  readonly accounts: Accounts;
}

/**
 * The API's routes, in an encapsulated context: its body parsers are replaced by a
 * pass-through, so the route table reads each body (your other routes keep theirs).
 */
export const accountsPlugin: FastifyPluginAsync<FastifyAccountsOptions> = async (app, options) => {
  mount(app, createHttpApi(options.accounts, options));
};

/**
 * A Fastify instance serving the account API on its own: every other path answers the API's
 * 404, and the client address comes from the socket unless `trustProxy` names the proxies to
 * believe.
 */
export function buildFastifyApp(
  options: FastifyAccountsOptions & {
    readonly trustProxy?: string | undefined;
    readonly accessLog?: (line: string) => void;
  },
): FastifyInstance {
  const api = createHttpApi(options.accounts, options);
  const app = Fastify({
    logger: false,
    trustProxy: trustProxySetting(options.trustProxy),
    return503OnClosing: true,
    // A URL Fastify cannot route (`/%zz/`) is the table's to answer, as in every adapter.
    frameworkErrors: (_error, request, reply) => {
      answer(api, request).then((response) => send(reply, response));
    },
  });
  const { accessLog } = options;
  if (accessLog) {
    app.addHook('onResponse', async (request, reply) => {
      const { method, url, ip } = request;
      accessLog(accessLine({ method, url, status: reply.statusCode, ms: reply.elapsedTime, ip }));
    });
  }
  mount(app, api);
  app.setNotFoundHandler(async (request, reply) => send(reply, await answer(api, request)));
  return app;
}

function mount(app: FastifyInstance, api: HttpApi): void {
  app.removeAllContentTypeParsers();
  app.addContentTypeParser('*', (_request, payload, done) => done(null, payload));
  const handler = async (request: FastifyRequest, reply: FastifyReply) =>
    send(reply, await answer(api, request));
  for (const url of [`${API_PREFIX}*`, '/.well-known/jwks.json']) {
    app.route({ method: [...API_METHODS], url, exposeHeadRoute: false, handler });
  }
  app.setErrorHandler((error, _request, reply) => send(reply, api.error(error)));
}

function answer(api: HttpApi, request: FastifyRequest): Promise<HttpResponse> {
  return api.handle({
    method: request.method,
    url: request.url,
    headers: request.headers,
    body: request.body as AsyncIterable<Uint8Array> | undefined,
    address: request.ip,
  });
}

function send(reply: FastifyReply, response: HttpResponse): FastifyReply {
  return reply.code(response.status).headers(response.headers).send(response.body);
}
