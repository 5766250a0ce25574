import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';

// These tests load the built package through its own name (package self-reference), exactly as
// a user's project resolves it; `npm test` builds first.
const root = new URL('../../', import.meta.url);
const manifest = JSON.parse(readFileSync(new URL('package.json', root), 'utf8')) as {
  exports: Record<string, unknown>;
};
const subpaths = Object.keys(manifest.exports).filter((key) => key !== './package.json');

function runNode(args: string[]): string {
  return execFileSync(process.execPath, args, { cwd: root, encoding: 'utf8' }).trim();
}

/** Every entry's runtime export names, sorted, from the built package. */
function exportNames(): Record<string, string[]> {
  const specifiers = subpaths.map((subpath) =>
    subpath === '.' ? 'accountkit' : `accountkit/${subpath.slice(2)}`,
  );
  const script = `const out = {}; for (const s of ${JSON.stringify(specifiers)}) out[s] = Object.keys(await import(s)).sort(); console.log(JSON.stringify(out));`;
  return JSON.parse(runNode(['--input-type=module', '-e', script]));
}

describe('the public surface', () => {
  const names = exportNames();

  // A change here is a change of the public API: update export-names.json on purpose.
  it('exports exactly the names of export-names.json from each entry', () => {
    const expected = JSON.parse(
      readFileSync(new URL('tests/package/export-names.json', root), 'utf8'),
    ) as Record<string, string[]>;
    expect(names).toEqual(expected);
  });

  it('does not repeat a whole subpath entry in the root entry', () => {
    const rootNames = new Set(names.accountkit);
    const repeated = Object.entries(names).filter(
      ([specifier, list]) =>
        specifier !== 'accountkit' && list.every((name) => rootNames.has(name)),
    );
    expect(repeated.map(([specifier]) => specifier)).toEqual([]);
  });
});

describe('the published entry points', () => {
  it.each(subpaths)('%s loads as ESM', (subpath) => {
    const specifier = subpath === '.' ? 'accountkit' : `accountkit/${subpath.slice(2)}`;
    const count = runNode([
      '--input-type=module',
      '-e',
      `const m = await import(${JSON.stringify(specifier)}); console.log(Object.keys(m).length > 0);`,
    ]);
    expect(count).toBe('true');
  });

  it('loads with require() from CommonJS (Node 20.19+)', () => {
    const output = runNode([
      '--input-type=commonjs',
      '-e',
      "const { isAccountsError, AuthenticationError } = require('accountkit'); console.log(isAccountsError(new AuthenticationError('TOKEN_INVALID', 'x')));",
    ]);
    expect(output).toBe('true');
  });

  it('throws the same error class from every entry', () => {
    const output = runNode([
      '--input-type=module',
      '-e',
      "const a = await import('accountkit'); const b = await import('accountkit/errors'); console.log(a.AccountsError === b.AccountsError);",
    ]);
    expect(output).toBe('true');
  });

  it('keeps kysely out of the root entry', () => {
    const built = readFileSync(new URL('dist/index.js', root), 'utf8');
    expect(built).not.toMatch(/from ['"]kysely['"]/);
  });

  it('blocks deep imports into dist', () => {
    expect(() =>
      runNode(['--input-type=module', '-e', "await import('accountkit/dist/index.js')"]),
    ).toThrow(/ERR_PACKAGE_PATH_NOT_EXPORTED/);
  });
});
