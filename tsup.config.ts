import { defineConfig } from 'tsup';

// One entry per subpath of the package.json exports map; code splitting keeps the errors
// module a single shared chunk so every entry throws the same classes.
export default defineConfig({
  entry: {
    index: 'src/index.ts',
    'core/index': 'src/core/index.ts',
    'errors/index': 'src/errors/index.ts',
    'http/index': 'src/http/index.ts',
    'storage/memory/index': 'src/storage/memory/index.ts',
    'storage/kysely/index': 'src/storage/kysely/index.ts',
    'rate-limit/index': 'src/rate-limit/index.ts',
    'rate-limit/kysely/index': 'src/rate-limit/kysely/index.ts',
    'server/index': 'src/server/index.ts',
    cli: 'src/cli.ts',
  },
  format: ['esm'],
  dts: true,
  target: 'node20',
  platform: 'node',
  sourcemap: true,
  clean: true,
  splitting: true,
});
