import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

// docs/security.md is the one place a reader can look up a case ID, so every ID the code and
// the tests cite must be in its catalogue, and every case there must be proved by a test.
const root = fileURLToPath(new URL('../../../', import.meta.url));
const guide = readFileSync(join(root, 'docs/security.md'), 'utf8');
const CASE_ID = /\b[A-H]-\d{2}\b/g;

function sourceFiles(folder: string): string[] {
  return readdirSync(join(root, folder), { withFileTypes: true, recursive: true })
    .filter((entry) => entry.isFile() && /\.(ts|js|json)$/.test(entry.name))
    .map((entry) => relative(root, join(entry.parentPath, entry.name)));
}

/** Each catalogue line: its ID and the files it names as proof. */
function catalogue(): Map<string, string[]> {
  const entries = guide.split(/\n(?=- \*\*)/).filter((entry) => entry.startsWith('- **'));
  return new Map(
    entries.map((entry) => {
      const id = /^- \*\*([A-H]-\d{2})\*\*/.exec(entry)?.[1] ?? entry.slice(0, 12);
      const files = [...entry.matchAll(/`(tests\/[^`]+)`/g)].map((match) => match[1] as string);
      return [id, files];
    }),
  );
}

function idsCitedIn(files: readonly string[]): Map<string, string[]> {
  const cited = new Map<string, string[]>();
  for (const file of files) {
    for (const id of new Set(readFileSync(join(root, file), 'utf8').match(CASE_ID) ?? [])) {
      cited.set(id, [...(cited.get(id) ?? []), file]);
    }
  }
  return cited;
}

describe('docs/security.md', () => {
  const cases = catalogue();
  const testFiles = sourceFiles('tests');

  it('lists each case once, in order, each naming at least one proof', () => {
    const ids = [...cases.keys()];
    expect(ids).toEqual([...new Set(ids)].sort());
    expect(ids.filter((id) => (cases.get(id) ?? []).length === 0)).toEqual([]);
  });

  it('names only proofs that exist and cite the case', () => {
    const wrong = [...cases].flatMap(([id, files]) =>
      files
        .filter((file) => {
          const path = join(root, file);
          if (!existsSync(path)) return true;
          if (file.endsWith('/')) return !idsCitedIn(sourceFiles(file)).has(id);
          return !readFileSync(path, 'utf8').includes(id);
        })
        .map((file) => `${id}: ${file}`),
    );
    expect(wrong).toEqual([]);
  });

  it('catalogues every case a test cites', () => {
    const missing = [...idsCitedIn(testFiles).keys()].filter((id) => !cases.has(id));
    expect(missing).toEqual([]);
  });

  it('catalogues every case the source cites, and the source points nowhere else', () => {
    const files = sourceFiles('src');
    expect([...idsCitedIn(files).keys()].filter((id) => !cases.has(id))).toEqual([]);
    const elsewhere = files.filter((file) =>
      /\bSECURITY\b|SECURITY\.md/.test(readFileSync(join(root, file), 'utf8')),
    );
    expect(elsewhere).toEqual([]);
  });

  it('names every section the source points to', () => {
    const sections = new Set([...guide.matchAll(/^#{2,3} (.+)$/gm)].map((match) => match[1]));
    const pointers = sourceFiles('src').flatMap((file) =>
      [
        ...readFileSync(join(root, file), 'utf8')
          .replace(/\n\s*(\*|\/\/)\s*/g, ' ')
          .matchAll(/docs\/security\.md, ([A-Z][a-z]+(?: [a-z-]+)*)/g),
      ].map((match) => ({ file, section: match[1] as string })),
    );
    expect(pointers.length).toBeGreaterThan(0);
    expect(pointers.filter(({ section }) => !sections.has(section))).toEqual([]);
  });
});
