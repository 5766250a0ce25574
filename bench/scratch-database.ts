import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

/** A temp folder for one server: its SQLite file (created by the server) and media root. */
export function scratchDatabase(name: string) {
  const dir = mkdtempSync(join(tmpdir(), `accountkit-bench-${name}-`));
  return {
    dir,
    file: join(dir, 'accounts.sqlite3'),
    remove: () => rmSync(dir, { recursive: true, force: true }),
  };
}
