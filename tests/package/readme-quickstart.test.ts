import { execFileSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';

const root = new URL('../../', import.meta.url);
const readme = readFileSync(new URL('README.md', root), 'utf8');
const example = readFileSync(new URL('examples/quickstart.ts', root), 'utf8');

/** The `ts` code blocks under the README's "Quickstart" heading, in order. */
function quickstartBlocks(): string[] {
  const section = readme.slice(readme.indexOf('## Quickstart'), readme.indexOf('\n## Concepts'));
  return [...section.matchAll(/```ts\n([\s\S]*?)```/g)].map((match) => match[1] as string);
}

function readmeQuickstart(): string {
  const [first] = quickstartBlocks();
  if (first === undefined) throw new Error('README has no ts block under "Quickstart"');
  return first;
}

// A user's project: its own folder, with accountkit and the drivers they chose in node_modules.
const scratch = mkdtempSync(join(tmpdir(), 'accountkit-readme-'));
mkdirSync(join(scratch, 'node_modules'));
symlinkSync(fileURLToPath(root), join(scratch, 'node_modules', 'accountkit'), 'dir');
for (const driver of ['better-sqlite3', 'kysely']) {
  symlinkSync(
    fileURLToPath(new URL(`node_modules/${driver}`, root)),
    join(scratch, 'node_modules', driver),
    'dir',
  );
}
afterAll(() => rmSync(scratch, { recursive: true, force: true }));

function runInProject(name: string, code: string): string {
  const file = join(scratch, name);
  writeFileSync(file, code);
  return execFileSync(process.execPath, [file], { cwd: scratch, encoding: 'utf8' });
}

describe('the README quickstart', () => {
  it('is examples/quickstart.ts as it stands', () => {
    expect(readmeQuickstart()).toBe(example.slice(example.indexOf('*/\n') + 3));
  });

  it('works when pasted into a project that has the built package installed', () => {
    const output = runInProject('quickstart.mjs', readmeQuickstart());
    expect(output).toBe(
      [
        'signed up alice (id 1) and bob (id 2)',
        'logged in as alice',
        'bob: 1 follower(s), following 0, is_following true',
        'alice: following 1, email alice@example.com',
        '',
      ].join('\n'),
    );
  });

  it('gives a working SQLite storage with the database snippet', () => {
    const snippet = quickstartBlocks()[1] ?? '';
    const output = runInProject(
      'sqlite.mjs',
      `${snippet}\nconst user = await storage.users.insert({ username: 'alice', usernameKey: 'alice', email: '', passwordHash: '!', dateJoined: new Date(0) });\nconsole.log(user.id, (await storage.users.findById(user.id))?.username);\n`,
    );
    expect(output).toBe('1 alice\n');
  });
});
