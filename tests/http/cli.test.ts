import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import SQLite from 'better-sqlite3';
import { afterAll, describe, expect, it } from 'vitest';
import { run } from '../../src/cli.js';

async function cli(...argv: string[]) {
  let stdout = '';
  let stderr = '';
  const code = await run(
    argv,
    (text) => {
      stdout += text;
    },
    (text) => {
      stderr += text;
    },
  );
  return { code, stdout, stderr };
}

describe('accountkit command line', () => {
  const dir = mkdtempSync(join(tmpdir(), 'accountkit-cli-'));
  const file = join(dir, 'accounts.sqlite3');
  const url = `sqlite:${file}`;
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('migrate applies the schema and the rate-limit table once, then reports them up to date (exit 0)', async () => {
    const first = await cli('migrate', '--database-url', url);
    expect(first).toMatchObject({ code: 0, stderr: '' });
    expect(first.stdout).toMatch(
      /^applied 5 migration\(s\) to SQLite file .+:\n {2}0001-create-users\n(?: {2}.+\n)*? {2}0001-create-rate-limit\n$/,
    );
    const database = new SQLite(file, { readonly: true });
    const limiter = database.prepare(
      "select name from sqlite_master where name = 'accountkit_rate_limit'",
    );
    expect(limiter.get()).toEqual({ name: 'accountkit_rate_limit' });
    database.close();
    const second = await cli('migrate', '--database-url', url);
    expect(second.stdout).toBe(`schema is up to date: SQLite file ${file}\n`);
  });

  it('recount repairs drifted counters and reports each repair (exit 0)', async () => {
    const database = new SQLite(file);
    const insert = database.prepare(
      `insert into accountkit_user (password, is_superuser, username, first_name, last_name, email, is_staff, is_active, date_joined, username_key, followers_count, following_count, token_version)
       values ('!', 0, ?, '', '', '', 0, 1, '2024-07-11T12:00:00.000Z', ?, ?, 0, 0)`,
    );
    insert.run('a', 'a', 0);
    insert.run('b', 'b', 7);
    database
      .prepare('insert into accountkit_user_following (from_user_id, to_user_id) values (1, 2)')
      .run();
    database.close();
    const result = await cli('recount', '--database-url', url);
    expect(result.code).toBe(0);
    expect(result.stdout).toContain('user 2: followers 7 -> 1\n');
    expect(result.stdout).toContain('user 1: following 0 -> 1\n');
    expect(result.stdout).toMatch(/repaired 2 counter\(s\) in SQLite file /);
    expect((await cli('recount', '--database-url', url)).stdout).toMatch(/^repaired 0 counter/);
  });

  it('exits 1 with one line when the database fails', async () => {
    const result = await cli('migrate', '--database-url', 'postgres://nobody@127.0.0.1:1/none');
    expect(result.code).toBe(1);
    expect(result.stderr).toMatch(/^accountkit migrate: .+\n$/);
  });

  it('exits 2 on usage errors and 0 on --help, for every command', async () => {
    expect((await cli()).code).toBe(2);
    expect((await cli('bogus')).code).toBe(2);
    expect((await cli('migrate', '--nope')).code).toBe(2);
    expect((await cli('migrate', 'extra')).code).toBe(2);
    expect((await cli('--help')).stdout).toContain('Usage: accountkit <command>');
    for (const command of ['migrate', 'recount', 'serve']) {
      const help = await cli(command, '--help');
      expect(help.code).toBe(0);
      expect(help.stdout).toContain(`Usage: accountkit ${command}`);
    }
    expect((await cli('migrate', '--help')).stdout).toContain('accountkit_rate_limit');
  });
});
