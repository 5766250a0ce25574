#!/usr/bin/env node
/**
 * `accountkit`: the package's command line. `migrate` applies the schema to `DATABASE_URL`,
 * `recount` repairs the follow counters, `serve` starts the server.
 *
 * Exit codes a script can rely on: 0 success, 1 failure (database unreachable, migration
 * failed, server could not start), 2 usage error (unknown command or option).
 *
 * @module cli
 */
import { realpathSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { ConfigurationError } from './errors/errors.js';
import { readServerConfig, SERVER_VARIABLES } from './server/config.js';
import {
  DEFAULT_DATABASE_URL,
  describeTarget,
  openDatabase,
  parseDatabaseUrl,
} from './server/kysely/open-database.js';
import { startServer } from './server/node-server.js';
import { serveUntilSignalled } from './server/startup.js';

const EXIT_OK = 0;
const EXIT_FAILURE = 1;
const EXIT_USAGE = 2;

const USAGE = `Usage: accountkit <command> [options]

Commands:
  migrate   Create or update accountkit's tables in DATABASE_URL (Django's tables in place),
            the rate-limit table included
  recount   Recompute follower/following counters from the follow edges; report each repair
  serve     Start the account API server (what \`npm start\` runs)

Options:
  --database-url <url>   Instead of DATABASE_URL (default ${DEFAULT_DATABASE_URL})
  -h, --help             Help for a command

Exit codes: 0 success, 1 failure, 2 usage error.
`;

const HELP: Record<string, string> = {
  migrate: `Usage: accountkit migrate [--database-url <url>] [--undo]

Apply accountkit's schema to the database: accountkit_user, accountkit_user_following and
accountkit_refresh_token, or, on a database holding Django's account_user, accountkit's extra
columns and token table next to Django's tables (Django's own columns are not touched).
Either way also accountkit_rate_limit, where the example servers count failed logins and
sign-ups (its history is kept apart, in accountkit_rate_limit_migration).
Safe to run on every deploy: applied migrations are skipped.
On Django's tables it also installs triggers that keep accountkit's columns right while
Django still writes them; --undo removes those triggers (run it once Django is switched
off; later migrations do not bring them back).
URLs: postgres://..., mysql://..., sqlite:<file> or a file path.
Prints what was applied. Exit 0 on success, 1 when the database or a migration fails.
`,
  recount: `Usage: accountkit recount [--database-url <url>]

Recompute every follower and following counter from the follow edges and repair the ones that
drifted (after a manual edit or an import). Prints one line per repair, then a summary.
Exit 0 on success (repairs included), 1 when the database fails (run migrate first).
`,
  serve: `Usage: accountkit serve [--<variable> <value> ...]

Start the account API on node:http. Every setting is an environment variable, or the flag of
the same name (ACCESS_TOKEN_LIFETIME=15m is --access-token-lifetime 15m; a flag wins):

${variableTable()}
Stops cleanly on SIGINT/SIGTERM. Exit 2 when a setting cannot be used (each one named), 1 when
the server cannot start (a taken PORT included).
`,
};

/** The `--flag` of a configuration variable. */
function flagOf(name: string): string {
  return name.toLowerCase().replaceAll('_', '-');
}

function variableTable(): string {
  return SERVER_VARIABLES.map(
    ({ name, default: fallback, meaning }) =>
      `  ${name} (--${flagOf(name)})\n      ${meaning}. Default: ${fallback}.\n`,
  ).join('');
}

/** Run the command line with `argv` (without node and the script); resolves to the exit code. */
export async function run(
  argv: readonly string[],
  out: (text: string) => void = (text) => process.stdout.write(text),
  err: (text: string) => void = (text) => process.stderr.write(text),
): Promise<number> {
  let parsed: ReturnType<typeof parse>;
  try {
    parsed = parse(argv);
  } catch (error) {
    err(`accountkit: ${(error as Error).message}\n\n${USAGE}`);
    return EXIT_USAGE;
  }
  const { command, help, databaseUrl, settings, undo } = parsed;
  if (command === undefined) {
    (help ? out : err)(USAGE);
    return help ? EXIT_OK : EXIT_USAGE;
  }
  const commandHelp = HELP[command];
  if (commandHelp === undefined) {
    err(`accountkit: unknown command "${command}"\n\n${USAGE}`);
    return EXIT_USAGE;
  }
  if (help) {
    out(commandHelp);
    return EXIT_OK;
  }
  if (command !== 'serve' && Object.keys(settings).length > 0) {
    err(`accountkit: ${command} takes only --database-url\n\n${commandHelp}`);
    return EXIT_USAGE;
  }
  if (undo && command !== 'migrate') {
    err(`accountkit: --undo belongs to migrate\n\n${commandHelp}`);
    return EXIT_USAGE;
  }
  try {
    if (command === 'serve') return await serve({ ...settings, ...definedUrl(databaseUrl) });
    const target = parseDatabaseUrl(
      databaseUrl ?? process.env.DATABASE_URL ?? DEFAULT_DATABASE_URL,
    );
    if (command === 'migrate') return await (undo ? undoSideBySide : migrate)(target, out);
    return await recount(target, out);
  } catch (error) {
    err(`accountkit ${command}: ${describeFailure(error)}\n`);
    return error instanceof ConfigurationError ? EXIT_USAGE : EXIT_FAILURE;
  }
}

function definedUrl(url: string | undefined): Record<string, string> {
  return url === undefined ? {} : { DATABASE_URL: url };
}

function parse(argv: readonly string[]) {
  const variables = SERVER_VARIABLES.filter(({ name }) => name !== 'DATABASE_URL');
  const { values, positionals } = parseArgs({
    args: [...argv],
    allowPositionals: true,
    strict: true,
    options: {
      help: { type: 'boolean', short: 'h' },
      'database-url': { type: 'string' },
      undo: { type: 'boolean' },
      ...Object.fromEntries(
        variables.map(({ name }) => [flagOf(name), { type: 'string' as const }]),
      ),
    },
  });
  if (positionals.length > 1) throw new Error(`unexpected argument "${positionals[1]}"`);
  const settings: Record<string, string> = {};
  for (const { name } of variables) {
    const value = (values as Record<string, unknown>)[flagOf(name)];
    if (typeof value === 'string') settings[name] = value;
  }
  return {
    command: positionals[0],
    help: values.help === true,
    databaseUrl: values['database-url'] as string | undefined,
    settings,
    undo: values.undo === true,
  };
}

async function migrate(
  target: ReturnType<typeof parseDatabaseUrl>,
  out: (text: string) => void,
): Promise<number> {
  const database = await openDatabase(target);
  await database.close();
  const where = `${describeTarget(target)}${database.django ? ' (Django tables)' : ''}`;
  out(
    database.applied.length === 0
      ? `schema is up to date: ${where}\n`
      : `applied ${database.applied.length} migration(s) to ${where}:\n${database.applied.map((name) => `  ${name}\n`).join('')}`,
  );
  return EXIT_OK;
}

/** `migrate --undo`: drop the side-by-side triggers from Django's tables. */
async function undoSideBySide(
  target: ReturnType<typeof parseDatabaseUrl>,
  out: (text: string) => void,
): Promise<number> {
  const database = await openDatabase(target, { migrate: false });
  try {
    if (!database.django) throw new Error(`no Django tables in ${describeTarget(target)}`);
    const { undoDjangoSideBySide } = await import('./storage/kysely/index.js');
    const removed = await undoDjangoSideBySide(database.db, { dialect: target.kind });
    out(
      `removed ${removed.length} side-by-side trigger(s) from ${describeTarget(target)}${removed.map((name) => `\n  ${name}`).join('')}\n`,
    );
    return EXIT_OK;
  } finally {
    await database.close();
  }
}

async function recount(
  target: ReturnType<typeof parseDatabaseUrl>,
  out: (text: string) => void,
): Promise<number> {
  const database = await openDatabase(target, { migrate: false });
  try {
    const drifts = await database.storage.follows.recount();
    for (const drift of drifts) {
      out(`user ${drift.userId}: ${drift.counter} ${drift.stored} -> ${drift.actual}\n`);
    }
    out(`repaired ${drifts.length} counter(s) in ${describeTarget(target)}\n`);
    return EXIT_OK;
  } finally {
    await database.close();
  }
}

/** Serve until SIGINT/SIGTERM; the process stays alive while the server listens. */
async function serve(settings: Record<string, string>): Promise<number> {
  await serveUntilSignalled(startServer, readServerConfig({ ...process.env, ...settings }));
  return EXIT_OK;
}

/** One line: the error's message for accountkit and usage errors, its class otherwise. */
function describeFailure(error: unknown): string {
  if (!(error instanceof Error)) return String(error);
  // Driver messages can quote SQL; the cause's code says enough to act on.
  const cause = (error as { cause?: { code?: unknown } }).cause;
  const causeCode = typeof cause?.code === 'string' ? ` (${cause.code})` : '';
  return `${error.message}${causeCode}`;
}

// Run only as the program itself (the bin symlink resolves to this file), not when imported.
const script = process.argv[1];
if (script !== undefined && realpathSync(script) === fileURLToPath(import.meta.url)) {
  run(process.argv.slice(2)).then((code) => {
    process.exitCode = code;
  });
}
