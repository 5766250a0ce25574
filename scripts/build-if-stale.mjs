#!/usr/bin/env node
// `npm start` runs the built server: build first only when a source or build input is newer
// than the build, so a start with a current build takes no build time.
import { execFileSync } from 'node:child_process';
import { existsSync, readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';

const root = join(import.meta.dirname, '..');
const built = join(root, 'dist', 'cli.js');
const inputs = ['src', 'package.json', 'tsup.config.ts', 'tsconfig.json'];

function newestChange(path) {
  const stat = statSync(path);
  if (!stat.isDirectory()) return stat.mtimeMs;
  return Math.max(
    stat.mtimeMs,
    ...readdirSync(path).map((name) => newestChange(join(path, name))),
  );
}

const stale =
  !existsSync(built) ||
  Math.max(...inputs.map((input) => newestChange(join(root, input)))) > statSync(built).mtimeMs;
if (stale) {
  process.stdout.write('building accountkit (sources changed since the last build)\n');
  execFileSync('npx', ['tsup', '--silent'], { cwd: root, stdio: 'inherit' });
}
