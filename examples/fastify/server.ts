/**
 * The Fastify example server: `npm start` (or `npx accountkit serve`). Configuration comes
 * from environment variables, documented in `examples/README.md`.
 */
import { type ExampleConfig, openAccounts, readConfig } from '../shared/accounts.js';
import {
  type RunningServer,
  runIfMain,
  serverOptions,
  serveUntilSignalled,
} from '../shared/startup.js';
import { buildFastifyApp } from './plugin.js';

/**
 * Open the database, build the service and listen.
 * @returns the origin and a `close` that stops the server, then closes the database.
 */
export async function startFastifyServer(
  config: ExampleConfig = readConfig(),
  log: (line: string) => void = (line) => process.stdout.write(`${line}\n`),
): Promise<RunningServer> {
  const opened = await openAccounts(config);
  for (const notice of opened.notices) log(notice);
  const app = await buildFastifyApp({
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
