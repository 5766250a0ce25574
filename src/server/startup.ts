/**
 * What every server does around its HTTP layer (`accountkit serve` and the framework
 * examples alike): the start-up banner, one log line per request, and a clean shutdown on
 * SIGINT/SIGTERM.
 */
import { pathToFileURL } from 'node:url';
import { createBufferedLines } from './buffered-lines.js';
import { readServerConfig, type ServerConfig } from './config.js';

/** The banner: where the API is, and three commands to try it. */
export function walkthrough(origin: string): string {
  const api = `${origin}/api/accounts`;
  const json = `-H 'Content-Type: application/json'`;
  return [
    `accountkit listening on ${origin}`,
    'try it:',
    `  curl -s ${json} -d '{"username":"alice","password":"correct horse battery staple"}' ${api}/signup/`,
    `  ACCESS=$(curl -s ${json} -d '{"username":"alice","password":"correct horse battery staple"}' ${api}/token/ | node -pe 'JSON.parse(require("fs").readFileSync(0)).access')`,
    `  curl -s -H "Authorization: Bearer $ACCESS" ${api}/info/`,
  ].join('\n');
}

/**
 * One access-log line. The path is logged without its query string and no header is logged,
 * so no token, password or hash can reach the log.
 */
export function accessLine(entry: {
  readonly method: string;
  readonly url: string;
  readonly status: number;
  readonly ms: number;
  readonly ip: string | undefined;
}): string {
  const query = entry.url.indexOf('?');
  const path = query === -1 ? entry.url : entry.url.slice(0, query);
  return `${entry.method} ${path} ${entry.status} ${entry.ms.toFixed(1)}ms ${entry.ip ?? '-'}`;
}

/**
 * What a server hands its HTTP layer from the configuration: the API options, the proxies to
 * trust, and where access and error lines go.
 */
export function serverOptions(config: ServerConfig, log: (line: string) => void) {
  return {
    errorStyle: config.errorStyle,
    publicProfiles: config.publicProfiles,
    trustProxy: config.trustProxy,
    ...(config.account.media.maxBytes === undefined
      ? {}
      : { mediaLimitBytes: config.account.media.maxBytes }),
    accessLog: log,
    log,
    ...(config.publicUrl === undefined ? {} : { publicUrl: config.publicUrl }),
  };
}

/** A running server and how to stop it. */
export interface RunningServer {
  /** `http://host:port` */
  readonly origin: string;
  close(): Promise<void>;
}

/** How a server starts from its configuration. */
export type StartServer = (
  config: ServerConfig,
  log: (line: string) => void,
) => Promise<RunningServer>;

/** Start with `config` (default: the environment's), print the walkthrough, close on SIGINT/SIGTERM. */
export async function serveUntilSignalled(
  start: StartServer,
  config: ServerConfig = readServerConfig(),
): Promise<void> {
  // stdout is synchronous for files and pipes, so the lines are out when `write` returns.
  const log = createBufferedLines((text) => process.stdout.write(text));
  const server = await start(config, log);
  log(walkthrough(server.origin));
  closeOnSignals(() => server.close(), log);
}

/** Run `main` when the module at `moduleUrl` is the program itself, not when it is imported. */
export function runIfMain(moduleUrl: string, main: () => Promise<void>): void {
  if (process.argv[1] === undefined || moduleUrl !== pathToFileURL(process.argv[1]).href) return;
  main().catch((error: unknown) => {
    process.stderr.write(`accountkit: ${error instanceof Error ? error.message : String(error)}\n`);
    process.exit(1);
  });
}

/**
 * Run `close` once on the first SIGINT or SIGTERM, then exit (0 after a clean close, 1 if
 * closing failed). A second signal exits at once.
 */
export function closeOnSignals(close: () => Promise<void>, log: (line: string) => void): void {
  let closing = false;
  const onSignal = (signal: NodeJS.Signals) => {
    if (closing) process.exit(1);
    closing = true;
    log(`${signal}: closing`);
    close().then(
      () => process.exit(0),
      (error: unknown) => {
        log(`close failed: ${error instanceof Error ? error.name : typeof error}`);
        process.exit(1);
      },
    );
  };
  process.on('SIGINT', onSignal);
  process.on('SIGTERM', onSignal);
}

/**
 * `TRUST_PROXY`: `true` (any proxy), or comma-separated addresses, CIDRs or `loopback`; the
 * same value means the same in Fastify and Express.
 */
export function trustProxySetting(value: string | undefined): boolean | string[] {
  if (value === undefined || value === '' || value === 'false') return false;
  if (value === 'true') return true;
  return value.split(',').map((entry) => entry.trim());
}
