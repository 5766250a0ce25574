import { type ChildProcess, spawn } from 'node:child_process';
import { once } from 'node:events';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';

// `accountkit serve` as a user runs it: the built command line in a process of its own.
const cli = fileURLToPath(new URL('../../dist/cli.js', import.meta.url));
const dir = mkdtempSync(join(tmpdir(), 'accountkit-serve-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

interface Started {
  readonly child: ChildProcess;
  readonly output: () => string;
}

function start(args: string[], env: Record<string, string>): Started {
  const child = spawn(process.execPath, [cli, 'serve', ...args], {
    env: { PATH: process.env.PATH ?? '', RATE_LIMIT: 'off', ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  child.stdout?.on('data', (chunk) => {
    output += chunk;
  });
  child.stderr?.on('data', (chunk) => {
    output += chunk;
  });
  return { child, output: () => output };
}

async function origin(started: Started): Promise<string> {
  for (let waited = 0; waited < 20_000; waited += 50) {
    const found = /accountkit listening on (http:\/\/\S+)/.exec(started.output());
    if (found) return found[1] as string;
    if (started.child.exitCode !== null) break;
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
  throw new Error(`server did not start:\n${started.output()}`);
}

describe('accountkit serve', () => {
  it('serves the API on the database of --database-url and stops cleanly on SIGTERM', async () => {
    const file = join(dir, 'flag.sqlite3');
    const server = start(['--database-url', `sqlite:${file}`], { PORT: '0' });
    const api = `${await origin(server)}/api/accounts`;
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
    server.child.kill('SIGTERM');
    const [code] = await once(server.child, 'exit');
    expect(code).toBe(0);
  });

  it('names PORT when the port is taken, and exits 1', async () => {
    const blocker = createServer();
    blocker.listen(0, '127.0.0.1');
    await once(blocker, 'listening');
    const { port } = blocker.address() as { port: number };
    try {
      const server = start([], {
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
