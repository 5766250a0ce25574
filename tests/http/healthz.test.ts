import { once } from 'node:events';
import { mkdtempSync, rmSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pg from 'pg';
import { afterEach, describe, expect, it } from 'vitest';
import {
  createRequestListener,
  openServerAccounts,
  readServerConfig,
  type ServerAccounts,
} from '../../src/server/index.js';
import { POSTGRES_URL } from '../support/backends.js';
import { TEST_SIGNING_KEY } from './support/servers.js';

const cleanups: (() => Promise<void>)[] = [];
afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
});

/** The server `accountkit serve` runs, with its health check, on `databaseUrl`. */
async function serveWithHealth(
  databaseUrl: string,
): Promise<{ origin: string; opened: ServerAccounts }> {
  const dir = mkdtempSync(join(tmpdir(), 'accountkit-health-'));
  const opened = await openServerAccounts(
    readServerConfig({
      DATABASE_URL: databaseUrl,
      MEDIA_ROOT: join(dir, 'media'),
      ACCOUNTKIT_SIGNING_KEY: TEST_SIGNING_KEY,
      RATE_LIMIT: 'off',
    }),
  );
  const server: Server = createServer(
    createRequestListener({ accounts: opened.accounts, health: () => opened.database.ping() }),
  );
  server.listen(0, '127.0.0.1');
  await once(server, 'listening');
  cleanups.push(async () => {
    server.closeAllConnections();
    await new Promise((resolve) => server.close(resolve));
    await opened.close().catch(() => {});
    rmSync(dir, { recursive: true, force: true });
  });
  return { origin: `http://127.0.0.1:${(server.address() as AddressInfo).port}`, opened };
}

async function health(origin: string) {
  const answer = await fetch(`${origin}/healthz`);
  return { status: answer.status, body: await answer.json() };
}

describe('GET /healthz', () => {
  it('answers 200 while SQLite answers, and 503 once its connection is closed', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'accountkit-health-db-'));
    cleanups.push(async () => rmSync(dir, { recursive: true, force: true }));
    const { origin, opened } = await serveWithHealth(`sqlite:${join(dir, 'a.sqlite3')}`);
    expect(await health(origin)).toEqual({ status: 200, body: { status: 'ok' } });
    await opened.database.close();
    expect(await health(origin)).toEqual({ status: 503, body: { status: 'unavailable' } });
  });

  it.skipIf(POSTGRES_URL === undefined)(
    'answers 503 while PostgreSQL refuses connections, and 200 again once it accepts them',
    async () => {
      const name = `accountkit_health_${process.pid}`;
      const admin = new pg.Client({ connectionString: POSTGRES_URL });
      await admin.connect();
      await admin.query(`drop database if exists ${name}`);
      await admin.query(`create database ${name}`);
      cleanups.push(async () => {
        await admin.query(`alter database ${name} allow_connections true`);
        await admin.query(`drop database if exists ${name} with (force)`);
        await admin.end();
      });
      const url = new URL(POSTGRES_URL as string);
      url.pathname = `/${name}`;
      const { origin } = await serveWithHealth(url.toString());
      expect((await health(origin)).status).toBe(200);
      await admin.query(`alter database ${name} allow_connections false`);
      await admin.query(
        `select pg_terminate_backend(pid) from pg_stat_activity where datname = $1`,
        [name],
      );
      expect(await health(origin)).toEqual({ status: 503, body: { status: 'unavailable' } });
      await admin.query(`alter database ${name} allow_connections true`);
      // A pooled connection the server dropped fails once before the pool replaces it.
      const statuses: number[] = [];
      while (statuses.at(-1) !== 200 && statuses.length < 5) {
        statuses.push((await health(origin)).status);
      }
      expect(statuses.at(-1)).toBe(200);
    },
  );
});
