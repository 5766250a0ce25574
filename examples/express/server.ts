/**
 * The Express example server: `npx tsx examples/express/server.ts`. Same configuration as the
 * Fastify example (environment variables, documented in `examples/README.md`).
 */
import { once } from 'node:events';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import {
  openServerAccounts,
  type RunningServer,
  readServerConfig,
  runIfMain,
  type ServerConfig,
  serverOptions,
  serveUntilSignalled,
} from 'accountkit/server';
import { createExpressApp } from './app.js';

/**
 * Open the database, build the service and listen.
 * @returns the origin and a `close` that stops the server, then closes the database.
 */
export async function startExpressServer(
  config: ServerConfig = readServerConfig(),
  log: (line: string) => void = (line) => process.stdout.write(`${line}\n`),
): Promise<RunningServer> {
  const opened = await openServerAccounts(config);
  for (const notice of opened.notices) log(notice);
  const app = createExpressApp({
    accounts: opened.accounts,
    ...serverOptions(config, log),
  });
  const server = createServer(app);
  try {
    server.listen(config.port, config.host);
    await once(server, 'listening');
  } catch (error) {
    await opened.close();
    throw error;
  }
  const { port } = server.address() as AddressInfo;
  const host = config.host.includes(':') ? `[${config.host}]` : config.host;
  return {
    origin: `http://${host}:${port}`,
    async close() {
      const closed = new Promise<void>((resolve) => server.close(() => resolve()));
      // Idle keep-alive sockets would hold `close` open until their timeout.
      server.closeIdleConnections();
      await closed;
      await opened.close();
    },
  };
}

/** Start, print the walkthrough, and close cleanly on SIGINT/SIGTERM. */
export const main = (): Promise<void> => serveUntilSignalled(startExpressServer);

runIfMain(import.meta.url, main);
