import { once } from 'node:events';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { spawnServe, startServe, stopServe } from '../http/support/serve-process.js';

// `accountkit serve` as a user runs it: the built command line in a process of its own.
const dir = mkdtempSync(join(tmpdir(), 'accountkit-serve-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('accountkit serve', () => {
  it('serves the API on the database of --database-url and stops cleanly on SIGTERM', async () => {
    const file = join(dir, 'flag.sqlite3');
    const server = await startServe({ RATE_LIMIT: 'off' }, ['--database-url', `sqlite:${file}`]);
    const api = `${server.origin}/api/accounts`;
    const answer = await fetch(`${api}/signup/`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'user-agent': 'accountkit-test/1' },
      body: JSON.stringify({ username: 'served', password: 'correct horse battery staple' }),
    });
    expect(answer.status).toBe(201);
    expect(existsSync(file)).toBe(true);
    const { tokens } = (await answer.json()) as { tokens: { access: string } };
    const events = server
      .output()
      .split('\n')
      .filter((line) => line.startsWith('{'))
      .map((line) => JSON.parse(line));
    expect(events).toEqual([
      expect.objectContaining({
        event: 'signedUp',
        type: 'signedUp',
        userId: 1,
        username: 'served',
      }),
    ]);
    expect(server.output()).not.toContain(tokens.access.split('.')[2]);
    expect(await stopServe(server)).toBe(0);
  });

  it('names PORT when the port is taken, and exits 1', async () => {
    const blocker = createServer();
    blocker.listen(0, '127.0.0.1');
    await once(blocker, 'listening');
    const { port } = blocker.address() as { port: number };
    try {
      const server = spawnServe({
        RATE_LIMIT: 'off',
        PORT: String(port),
        DATABASE_URL: `sqlite:${join(dir, 'taken.sqlite3')}`,
      });
      const [code] = await once(server.child, 'exit');
      expect(code).toBe(1);
      expect(server.output()).toContain(
        `port ${port} is already in use: set PORT to a free port (PORT=0 picks one)`,
      );
    } finally {
      blocker.close();
    }
  });
});
