/**
 * The Fastify example server: `npx tsx examples/fastify/server.ts`. Configuration comes
 * from environment variables, documented in `examples/README.md`.
 */
import {
  openServerAccounts,
  type RunningServer,
  readServerConfig,
  runIfMain,
  type ServerConfig,
  serverOptions,
  serveUntilSignalled,
} from 'accountkit/server';
import { buildFastifyApp } from './plugin.js';

/**
 * Open the database, build the service and listen.
 * @returns the origin and a `close` that stops the server, then closes the database.
 */
export async function startFastifyServer(
  config: ServerConfig = readServerConfig(),
  log: (line: string) => void = (line) => process.stdout.write(`${line}\n`),
): Promise<RunningServer> {
  const opened = await openServerAccounts(config);
  for (const notice of opened.notices) log(notice);
  const app = buildFastifyApp({
    accounts: opened.accounts,
    ...serverOptions(config, log),
  });
  try {
    await app.listen({ port: config.port, host: config.host });
  } catch (error) {
    await opened.close();
    throw error;
  }
  const address = app.server.address();
  const port = typeof address === 'object' && address !== null ? address.port : config.port;
  const host = config.host.includes(':') ? `[${config.host}]` : config.host;
  return {
    origin: `http://${host}:${port}`,
    async close() {
      await app.close();
      await opened.close();
    },
  };
}

/** Start, print the walkthrough, and close cleanly on SIGINT/SIGTERM. */
export const main = (): Promise<void> => serveUntilSignalled(startFastifyServer);

runIfMain(import.meta.url, main);
