import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { run } from '../../src/cli.js';
import { catalogTriggers, DJANGO_BACKENDS } from '../storage/harnesses/django-database.js';

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

/** How many side-by-side triggers `migrate` installs on each database. */
const TRIGGER_COUNT = { sqlite: 5, postgres: 2, mysql: 5 };

describe('accountkit migrate --undo', () => {
  for (const backend of DJANGO_BACKENDS) {
    it.runIf(backend.open)(
      `${backend.name}: removes the side-by-side triggers from Django's tables, for good`,
      async () => {
        const database = await (backend.open as NonNullable<typeof backend.open>)();
        try {
          const url = database.url;
          const migrated = await cli('migrate', '--database-url', url);
          expect(migrated).toMatchObject({ code: 0, stderr: '' });
          expect(migrated.stdout).toContain('(Django tables)');
          expect(migrated.stdout).toContain('  0004-django-side-by-side-triggers\n');
          const installed = (await catalogTriggers(database)).filter(
            (name) => !name.endsWith('()'),
          );
          expect(installed).toHaveLength(TRIGGER_COUNT[backend.name]);

          const undone = await cli('migrate', '--undo', '--database-url', url);
          expect(undone).toMatchObject({ code: 0, stderr: '' });
          expect(undone.stdout).toMatch(
            new RegExp(`^removed ${installed.length} side-by-side trigger\\(s\\) from .+\\n`),
          );
          for (const name of installed) expect(undone.stdout).toContain(`\n  ${name}`);
          expect(await catalogTriggers(database)).toEqual([]);

          expect((await cli('migrate', '--undo', '--database-url', url)).stdout).toMatch(
            /^removed 0 side-by-side trigger\(s\) from .+\n$/,
          );
          expect((await cli('migrate', '--database-url', url)).stdout).toMatch(
            /^schema is up to date: .+ \(Django tables\)\n$/,
          );
          expect(await catalogTriggers(database)).toEqual([]);
        } finally {
          await database.close();
        }
      },
    );
  }

  const dir = mkdtempSync(join(tmpdir(), 'accountkit-undo-'));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('fails (exit 1) on a database without Django tables, and is a usage error elsewhere (exit 2)', async () => {
    const url = `sqlite:${join(dir, 'own.sqlite3')}`;
    const result = await cli('migrate', '--undo', '--database-url', url);
    expect(result.code).toBe(1);
    expect(result.stderr).toMatch(/^accountkit migrate: no Django tables in SQLite file .+\n$/);
    expect((await cli('recount', '--undo', '--database-url', url)).code).toBe(2);
  });
});
