import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';

const SRC = join(import.meta.dirname, '../../src');

/** The service layer: use cases, media storages, options and the factory. */
const FILES = [
  ...readdirSync(join(SRC, 'services')).map((name) => `services/${name}`),
  ...readdirSync(join(SRC, 'media')).map((name) => `media/${name}`),
  'options.ts',
  'create-accounts.ts',
].map((file) => ({ file, text: readFileSync(join(SRC, file), 'utf8') }));

/** The text without comment lines, so documentation may name what code must not use. */
const code = (text: string) => text.replace(/^\s*(\/\/|\/\*|\*).*$/gm, '');

describe('service layer boundaries', () => {
  it('imports no database driver, query builder or web framework', () => {
    const forbidden = /from '(kysely|pg|mysql2|better-sqlite3|express|fastify|node:http|jose)'/;
    expect(FILES.filter(({ text }) => forbidden.test(text)).map(({ file }) => file)).toEqual([]);
  });

  it('reads time and randomness only through the injected Clock and RandomSource', () => {
    const forbidden =
      /\bDate\.now\s*\(|\bnew\s+Date\s*\(\s*\)|\bMath\.random\b|getRandomValues|randomUUID|randomBytes/;
    expect(FILES.filter(({ text }) => forbidden.test(code(text))).map(({ file }) => file)).toEqual(
      [],
    );
  });

  it('touches the file system only in the local media storage', () => {
    const users = FILES.filter(({ text }) => /from 'node:fs/.test(text)).map(({ file }) => file);
    expect(users).toEqual(['media/local-media-storage.ts']);
  });

  it('keeps every file under 300 lines', () => {
    const long = FILES.filter(({ text }) => text.split('\n').length > 300).map(({ file }) => file);
    expect(long).toEqual([]);
  });
});
