/**
 * The Express example server: `npx tsx examples/express/server.ts`. Same configuration as the
 * Fastify example (environment variables, documented in `examples/README.md`).
 */
import { createServer } from 'node:http';
import {
  listen,
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
  return listen(createServer(app), config, opened);
}

/** Start, print the walkthrough, and close cleanly on SIGINT/SIGTERM. */
export const main = (): Promise<void> => serveUntilSignalled(startExpressServer);

runIfMain(import.meta.url, main);
