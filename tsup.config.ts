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
    cli: 'src/cli.ts',
    // `accountkit serve` starts the Fastify example; Fastify stays an optional peer.
    'examples/fastify/server': 'examples/fastify/server.ts',
  },
  external: ['fastify', '@fastify/multipart', 'fastify-plugin'],
  format: ['esm'],
  dts: true,
  target: 'node20',
  platform: 'node',
  sourcemap: true,
  clean: true,
  splitting: true,
});
