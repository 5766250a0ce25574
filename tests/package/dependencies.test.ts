import { readdirSync, readFileSync } from 'node:fs';
import { builtinModules } from 'node:module';
import { describe, expect, it } from 'vitest';

// What the published files import must be declared: a dependency, or an optional peer that
// the importing feature documents (a database driver, ioredis for REDIS_URL).
const root = new URL('../../', import.meta.url);
const manifest = JSON.parse(readFileSync(new URL('package.json', root), 'utf8')) as {
  dependencies: Record<string, string>;
  peerDependencies: Record<string, string>;
};

function builtFiles(): string[] {
  return readdirSync(new URL('dist/', root), { recursive: true, encoding: 'utf8' })
    .filter((name) => name.endsWith('.js'))
    .map((name) => readFileSync(new URL(`dist/${name}`, root), 'utf8'));
}

/** The package names of every bare import in the built files. */
function importedPackages(): string[] {
  const found = new Set<string>();
  const pattern = /(?:\bfrom\s*|\bimport\s*\(\s*)['"]([^'"./][^'"]*)['"]/g;
  for (const text of builtFiles()) {
    for (const [, specifier] of text.matchAll(pattern)) {
      const name = specifier?.startsWith('@')
        ? specifier.split('/').slice(0, 2).join('/')
        : specifier?.split('/')[0];
      if (name !== undefined && name !== 'accountkit') found.add(name);
    }
  }
  return [...found].sort();
}

describe('the published package', () => {
  const declared = new Set([
    ...Object.keys(manifest.dependencies),
    ...Object.keys(manifest.peerDependencies),
  ]);
  const builtin = (name: string) => name.startsWith('node:') || builtinModules.includes(name);

  it('imports only what package.json declares', () => {
    expect(importedPackages().filter((name) => !builtin(name) && !declared.has(name))).toEqual([]);
  });

  it('asks users for no web framework', () => {
    const frameworks = ['fastify', '@fastify/multipart', 'fastify-plugin', 'express', 'multer'];
    expect(
      Object.keys(manifest.peerDependencies).filter((name) => frameworks.includes(name)),
    ).toEqual([]);
    expect(importedPackages().filter((name) => frameworks.includes(name))).toEqual([]);
  });
});
