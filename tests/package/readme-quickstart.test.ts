import { execFileSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';

const root = new URL('../../', import.meta.url);
const readme = readFileSync(new URL('README.md', root), 'utf8');
const example = readFileSync(new URL('examples/quickstart.ts', root), 'utf8');

function readmeQuickstart(): string {
  const section = readme.slice(readme.indexOf('## Quickstart'));
  const match = /```ts\n([\s\S]*?)```/.exec(section);
  if (!match?.[1]) throw new Error('README has no ts block under "Quickstart"');
  return match[1];
}

const scratch = mkdtempSync(join(tmpdir(), 'accountkit-readme-'));
afterAll(() => rmSync(scratch, { recursive: true, force: true }));

describe('the README quickstart', () => {
  it('is examples/quickstart.ts with the package imports a user writes', () => {
    const fromExample = example
      .slice(example.indexOf('*/\n') + 3)
      .replace(/'\.\.\/src\/index\.js'/g, "'accountkit'")
      .replace(/'\.\.\/src\/([a-z/]+)\/index\.js'/g, "'accountkit/$1'");
    expect(readmeQuickstart()).toBe(fromExample);
  });

  it('works when pasted into a project that has the built package installed', () => {
    // A user's project: its own folder, with accountkit linked into node_modules.
    mkdirSync(join(scratch, 'node_modules'));
    symlinkSync(fileURLToPath(root), join(scratch, 'node_modules', 'accountkit'), 'dir');
    const file = join(scratch, 'quickstart.mjs');
    writeFileSync(file, readmeQuickstart());
    const output = execFileSync(process.execPath, [file], { cwd: scratch, encoding: 'utf8' });
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
});
