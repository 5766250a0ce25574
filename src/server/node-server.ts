/**
 * The server `accountkit serve` runs: the route table of `accountkit/http` on `node:http`,
 * with nothing between them, so the package needs no web framework.
 */
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import proxyAddr from 'proxy-addr';
import type { Accounts } from '../create-accounts.js';
import { createHttpApi, type HttpApiOptions, type HttpResponse } from '../http/index.js';
import { startStopwatch } from '../platform/clock.js';
import { readServerConfig, type ServerConfig } from './config.js';
import { listen } from './listen.js';
import { openServerAccounts } from './open-accounts.js';
import { accessLine, type RunningServer, serverOptions, trustProxySetting } from './startup.js';

/**
 * Open the database, build the service and listen on `config.host:config.port`.
 * @returns the origin and a `close` that stops the server, then closes the database.
 * @throws Error naming `PORT` when the port is taken.
 */
export async function startServer(
  config: ServerConfig = readServerConfig(),
  log: (line: string) => void = (line) => process.stdout.write(`${line}\n`),
): Promise<RunningServer> {
  const opened = await openServerAccounts(config);
  for (const notice of opened.notices) log(notice);
  const server = createServer(
    createRequestListener({
      accounts: opened.accounts,
      health: () => opened.database.ping(),
      ...serverOptions(config, log),
    }),
  );
  return listen(server, config, opened);
}

/** Options of {@link createRequestListener}. */
export interface RequestListenerOptions extends HttpApiOptions {
  readonly accounts: Accounts;
  /** `TRUST_PROXY` syntax: `true`, or addresses, CIDRs and `loopback`, comma-separated. */
  readonly trustProxy?: string | undefined;
  /** Receives one access-log line per answered request. */
  readonly accessLog?: (line: string) => void;
  /**
   * Whether the server can serve: resolves when it can. With it, `GET /healthz` answers 200,
   * or 503 when it rejects, for load balancers.
   */
  readonly health?: () => Promise<void>;
}

/** The account API as a `node:http` request listener: `createServer(createRequestListener(...))`. */
export function createRequestListener(
  options: RequestListenerOptions,
): (req: IncomingMessage, res: ServerResponse) => void {
  const api = createHttpApi(options.accounts, options);
  const address = clientAddress(trustProxySetting(options.trustProxy));
  const { health, accessLog } = options;
  const fail = (res: ServerResponse, error: unknown) => {
    options.log?.(`response failed: ${error instanceof Error ? error.name : typeof error}`);
    res.destroy();
  };
  // Plain callbacks rather than an async function: on the hot path every promise and turn
  // of the microtask queue is a measurable share of a request.
  return (req, res) => {
    if (health !== undefined && req.url === HEALTH_PATH) {
      answerHealth(health, req, res).catch((error: unknown) => fail(res, error));
      return;
    }
    const elapsed = accessLog === undefined ? null : startStopwatch();
    const method = req.method ?? 'GET';
    const url = req.url ?? '/';
    const ip = address(req);
    api.handle({ method, url, headers: req.headers, body: req, address: ip }).then(
      (response) => {
        try {
          send(res, response);
        } catch (error) {
          fail(res, error);
          return;
        }
        if (elapsed !== null) {
          accessLog?.(accessLine({ method, url, status: response.status, ms: elapsed(), ip }));
        }
      },
      (error: unknown) => fail(res, error),
    );
  };
}

/**
 * With its length known, node:http sends head and body in one write instead of chunks; handed
 * to writeHead with the rest, the headers are stored once rather than merged.
 */
function send(res: ServerResponse, response: HttpResponse): void {
  res.writeHead(
    response.status,
    response.body === undefined
      ? response.headers
      : { ...response.headers, 'content-length': String(Buffer.byteLength(response.body)) },
  );
  res.end(response.body);
}

/** Where load balancers ask whether the server can serve. */
export const HEALTH_PATH = '/healthz';

async function answerHealth(
  health: () => Promise<void>,
  req: IncomingMessage,
  res: ServerResponse,
): Promise<void> {
  const up = await health().then(
    () => true,
    () => false,
  );
  const body = JSON.stringify({ status: up ? 'ok' : 'unavailable' });
  res.writeHead(up ? 200 : 503, {
    'content-type': 'application/json; charset=utf-8',
    'cache-control': 'no-store',
  });
  res.end(req.method === 'HEAD' ? undefined : body);
}

/**
 * The client's address under `TRUST_PROXY`, read by proxy-addr with the same syntax Express
 * and Fastify take. Trusting no proxy, it is the socket's peer, as proxy-addr would answer
 * after parsing `X-Forwarded-For` for nothing.
 */
function clientAddress(setting: boolean | string[]): (req: IncomingMessage) => string | undefined {
  if (setting === false) return (req) => req.socket.remoteAddress;
  const trust = setting === true ? () => true : proxyAddr.compile(setting);
  return (req) => proxyAddr(req, trust);
}
