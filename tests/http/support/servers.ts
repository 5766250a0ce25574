import { once } from 'node:events';
import { mkdtempSync, rmSync } from 'node:fs';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe } from 'vitest';
import { createExpressApp } from '../../../examples/express/app.js';
import { buildFastifyApp } from '../../../examples/fastify/plugin.js';
import type { Accounts } from '../../../src/create-accounts.js';
import type { HttpApiOptions } from '../../../src/http/index.js';
import type { AccountsOptions } from '../../../src/options.js';
import type { ThrottleRules } from '../../../src/rate-limit/index.js';
import {
  createRequestListener,
  openServerAccounts,
  readServerConfig,
  type ServerAccounts,
} from '../../../src/server/index.js';
import { cheapHasher } from '../../services/setup.js';

/**
 * The servers every HTTP test runs against, with the same expectations: the Fastify and
 * Express examples, and `node`, the `node:http` server `accountkit serve` runs.
 */
export const EXAMPLES = ['fastify', 'express', 'node'] as const;
export type ExampleName = (typeof EXAMPLES)[number];

/** An example listening on an ephemeral loopback port. */
export interface Served {
  readonly origin: string;
  close(): Promise<void>;
}

/** Options of {@link serve}. */
export interface ServeOptions extends HttpApiOptions {
  readonly accounts: Accounts;
  readonly trustProxy?: string;
  readonly accessLog?: (line: string) => void;
}

/** Start `example` over `accounts` on 127.0.0.1, port 0. */
export async function serve(example: ExampleName, options: ServeOptions): Promise<Served> {
  if (example === 'fastify') {
    const app = buildFastifyApp(options);
    await app.listen({ port: 0, host: '127.0.0.1' });
    const { port } = app.server.address() as AddressInfo;
    return { origin: `http://127.0.0.1:${port}`, close: () => app.close() };
  }
  const server = createServer(
    example === 'express' ? createExpressApp(options) : createRequestListener(options),
  );
  server.listen(0, '127.0.0.1');
  await once(server, 'listening');
  const { port } = server.address() as AddressInfo;
  return {
    origin: `http://127.0.0.1:${port}`,
    close: () =>
      new Promise<void>((resolve, reject) => {
        server.close((error) => (error ? reject(error) : resolve()));
        server.closeAllConnections();
      }),
  };
}

/** A 32+ byte HS256 secret for tests. */
export const TEST_SIGNING_KEY = 'http-test-signing-key-0123456789-abcdef';
/** The media limit the HTTP tests run with (small, so limit + 1 is cheap to send). */
export const TEST_MEDIA_LIMIT = 64 * 1024;

/** Everything an HTTP test works with. */
export interface HttpContext {
  readonly example: ExampleName;
  readonly origin: string;
  readonly opened: ServerAccounts;
  readonly hasher: ReturnType<typeof cheapHasher>;
  /** Every line the server logged (access log and unexpected errors). */
  readonly logLines: string[];
}

/** Options of {@link describeExamples}. */
export interface DescribeOptions {
  /** `DATABASE_URL`, given the block's temp dir (removed afterwards); default a SQLite file there. */
  readonly databaseUrl?: (dir: string, example: ExampleName) => Promise<string> | string;
  readonly backend?: string;
  /** Options of the example (error style, public profiles, trusted proxy...). */
  readonly api?: Omit<ServeOptions, 'accounts'>;
  readonly accounts?: Partial<AccountsOptions>;
  /**
   * More environment for `readConfig` (e.g. `DJANGO_SECRET_KEY`). `RATE_LIMIT` is `off` unless
   * given: the default limits (20 sign-ups per address per hour) would refuse the suite's own
   * sign-ups from loopback.
   */
  readonly env?: Readonly<Record<string, string>>;
  /** The throttle's limits when `RATE_LIMIT` is on; default the library's. */
  readonly throttleRules?: ThrottleRules;
  /** Wrap the service (fault injection). */
  readonly wrap?: (accounts: Accounts) => Accounts;
}

/**
 * Register `describe("<example> on <backend>: <title>")` for both examples, each with its own
 * database, service and server on loopback, stopped after the block.
 */
export function describeExamples(
  title: string,
  body: (context: () => HttpContext) => void,
  options: DescribeOptions = {},
): void {
  for (const example of EXAMPLES) {
    describe(`${example} on ${options.backend ?? 'sqlite'}: ${title}`, () => {
      let context: HttpContext;
      let served: Served | undefined;
      let dir: string;
      beforeAll(async () => {
        dir = mkdtempSync(join(tmpdir(), 'accountkit-http-'));
        const databaseUrl = options.databaseUrl
          ? await options.databaseUrl(dir, example)
          : `sqlite:${join(dir, 'accounts.sqlite3')}`;
        const config = readServerConfig({
          DATABASE_URL: databaseUrl,
          MEDIA_ROOT: join(dir, 'media'),
          ACCOUNTKIT_SIGNING_KEY: TEST_SIGNING_KEY,
          RATE_LIMIT: 'off',
          EVENT_LOG: 'off',
          ...options.env,
        });
        const hasher = cheapHasher();
        const opened = await openServerAccounts(
          config,
          {
            passwords: { preferred: hasher },
            media: { root: config.mediaRoot, maxBytes: TEST_MEDIA_LIMIT },
            ...options.accounts,
          },
          options.throttleRules,
        );
        const logLines: string[] = [];
        const log = (line: string) => logLines.push(line);
        served = await serve(example, {
          accounts: options.wrap ? options.wrap(opened.accounts) : opened.accounts,
          mediaLimitBytes: TEST_MEDIA_LIMIT,
          accessLog: log,
          log,
          ...options.api,
        });
        context = { example, origin: served.origin, opened, hasher, logLines };
      });
      afterAll(async () => {
        await served?.close();
        await context?.opened.close();
        rmSync(dir, { recursive: true, force: true });
      });
      body(() => context);
    });
  }
}
