import { readdirSync, readFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { describe, expect, it } from 'vitest';

const ROOT = join(import.meta.dirname, '..');

function sourceFiles(folder: string): { file: string; text: string }[] {
  return readdirSync(join(ROOT, folder), { recursive: true, encoding: 'utf8' })
    .filter((name) => name.endsWith('.ts'))
    .map((name) => ({
      file: relative(ROOT, join(ROOT, folder, name)),
      text: readFileSync(join(ROOT, folder, name), 'utf8'),
    }));
}

/** Every module specifier with whether the import is type-only. */
function imports(text: string): { specifier: string; typeOnly: boolean }[] {
  const found: { specifier: string; typeOnly: boolean }[] = [];
  const pattern =
    /\b(import|export)\s+(type\s+)?[^'";]*?\bfrom\s+['"]([^'"]+)['"]|\bimport\s*\(\s*['"]([^'"]+)['"]/g;
  for (const match of text.matchAll(pattern)) {
    found.push({ specifier: match[3] ?? match[4] ?? '', typeOnly: match[2] !== undefined });
  }
  return found;
}

/** What src/core may import: itself, the error classes, type-only contracts, zod and date-fns. */
function coreMayImport({ specifier, typeOnly }: { specifier: string; typeOnly: boolean }): boolean {
  if (/^\.\/[a-z0-9-]+\.js$/.test(specifier)) return true;
  if (/^\.\.\/errors\/[a-z0-9-]+\.js$/.test(specifier)) return true;
  if (typeOnly && /^\.\.\/(platform|storage)\/[a-z0-9-]+\.js$/.test(specifier)) return true;
  return specifier === 'zod' || /^date-fns(\/[A-Za-z]+)?$/.test(specifier);
}

const core = sourceFiles('src/core');

/** The text without comment lines, so documentation may name what code must not use. */
function code(text: string): string {
  return text.replace(/^\s*(\/\/|\/\*|\*).*$/gm, '');
}

describe('src/core stays pure', () => {
  it('imports only core, errors, type-only platform/storage contracts, zod and date-fns', () => {
    const offending = core.flatMap(({ file, text }) =>
      imports(text)
        .filter((entry) => !coreMayImport(entry))
        .map((entry) => `${file}: ${entry.specifier}`),
    );
    expect(offending).toEqual([]);
  });

  it('imports nothing from node: or Node built-ins', () => {
    const offending = core.filter(({ text }) =>
      imports(text).some(({ specifier }) => /^(node:|fs$|path$|crypto$|buffer$)/.test(specifier)),
    );
    expect(offending.map(({ file }) => file)).toEqual([]);
  });

  it('never reads the clock or global randomness', () => {
    const forbidden =
      /\bDate\.now\s*\(|\bnew\s+Date\s*\(\s*\)|\bMath\.random\b|getRandomValues|randomUUID/;
    expect(core.filter(({ text }) => forbidden.test(text)).map(({ file }) => file)).toEqual([]);
  });

  it('touches Web Crypto only in content-hash.ts', () => {
    const users = core.filter(({ text }) => /\bcrypto\b/.test(code(text)));
    expect(users.map(({ file }) => file)).toEqual(['src/core/content-hash.ts']);
  });

  it('uses Web Crypto only for subtle digests', () => {
    const misuse = core.filter(({ text }) =>
      /\bcrypto\.(?!subtle\b)|subtle\.(?!digest\b)/.test(code(text)),
    );
    expect(misuse.map(({ file }) => file)).toEqual([]);
  });

  it('uses no Node globals (Buffer, process)', () => {
    const forbidden = /\b(Buffer|process)\./;
    expect(core.filter(({ text }) => forbidden.test(text)).map(({ file }) => file)).toEqual([]);
  });
});

const source = sourceFiles('src');
const examples = sourceFiles('examples');

/** Files of `files` with an import (type-only ones too) whose specifier `forbidden` matches. */
function importing(
  files: { file: string; text: string }[],
  forbidden: (specifier: string) => boolean,
): string[] {
  return files
    .filter(({ text }) => imports(code(text)).some(({ specifier }) => forbidden(specifier)))
    .map(({ file }) => file);
}

describe('the boundaries of src/', () => {
  it('never imports examples/', () => {
    expect(importing(source, (specifier) => /(^|\/)examples\//.test(specifier))).toEqual([]);
  });

  it('imports Kysely only in folders named kysely/', () => {
    const outside = source.filter(({ file }) => !file.split('/').includes('kysely'));
    expect(importing(outside, (specifier) => specifier === 'kysely')).toEqual([]);
  });

  it('imports no web framework', () => {
    const frameworks = /^(fastify|@fastify\/|express|multer|koa|hono|@hapi\/)/;
    expect(importing(source, (specifier) => frameworks.test(specifier))).toEqual([]);
  });

  it('opens database, Redis and SMTP drivers only in the server it ships', () => {
    const drivers = /^(pg|mysql2|better-sqlite3|ioredis|nodemailer)$/;
    const library = source.filter(({ file }) => !file.startsWith('src/server/'));
    expect(importing(library, (specifier) => drivers.test(specifier))).toEqual([]);
  });

  it('reads the clock and draws randomness only in src/platform/', () => {
    const forbidden =
      /\bDate\.now\s*\(|\bnew\s+Date\s*\(\s*\)|\bMath\.random\b|getRandomValues|randomUUID|randomBytes|randomInt|performance\.now/;
    const outside = source.filter(({ file }) => !file.startsWith('src/platform/'));
    expect(
      outside.filter(({ text }) => forbidden.test(code(text))).map(({ file }) => file),
    ).toEqual([]);
  });
});

describe('the examples', () => {
  it('import the package only through its public entries', () => {
    expect(importing(examples, (specifier) => /(^|\/)src\//.test(specifier))).toEqual([]);
  });

  it('stay small enough to copy', () => {
    const adapters = examples.filter(({ file }) => /(plugin|app)\.ts$/.test(file));
    const long = adapters.filter(({ text }) => text.split('\n').length > 150);
    expect({ adapters: adapters.length, long: long.map(({ file }) => file) }).toEqual({
      adapters: 2,
      long: [],
    });
  });
});
