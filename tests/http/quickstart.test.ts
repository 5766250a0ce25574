import { execFile } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { expect, it } from 'vitest';

const root = fileURLToPath(new URL('../../', import.meta.url));

it('examples/quickstart.ts runs with tsx and prints the README output exactly', async () => {
  const { stdout, stderr } = await promisify(execFile)(
    fileURLToPath(new URL('node_modules/.bin/tsx', `file://${root}`)),
    ['examples/quickstart.ts'],
    { cwd: root, timeout: 60_000 },
  );
  expect(stderr).toBe('');
  expect(stdout).toBe(
    [
      'signed up alice (id 1) and bob (id 2)',
      'logged in as alice',
      'bob: 1 follower(s), following 0, is_following true',
      'alice: following 1, email alice@example.com',
      '',
    ].join('\n'),
  );
});
