import { once } from 'node:events';
import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { ServerConfig } from './config.js';
import type { ServerAccounts } from './open-accounts.js';
import type { RunningServer } from './startup.js';

/**
 * Listen with `server` on `config.host:config.port` in front of `opened`, whatever answers the
 * requests (the `node:http` listener of `accountkit serve`, an Express app...).
 * @returns the origin and a `close` that stops the server, then closes the database.
 * @throws Error naming `PORT` when the port is taken; the database is closed then.
 */
export async function listen(
  server: Server,
  config: ServerConfig,
  opened: ServerAccounts,
): Promise<RunningServer> {
  try {
    server.listen(config.port, config.host);
    // `once` rejects with the server's 'error' (a taken port) while it waits.
    await once(server, 'listening');
  } catch (error) {
    await opened.close();
    throw listenError(error, config.port);
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

function listenError(error: unknown, port: number): Error {
  if ((error as { code?: unknown }).code === 'EADDRINUSE') {
    return new Error(`port ${port} is already in use: set PORT to a free port (PORT=0 picks one)`, {
      cause: error,
    });
  }
  return error as Error;
}
