/**
 * `accountkit serve` as a deployment runs it: the built command line (`dist/cli.js`, built
 * before the suite runs) in a process of its own, configured by its environment.
 */
import { type ChildProcess, spawn } from 'node:child_process';
import { once } from 'node:events';
import { fileURLToPath } from 'node:url';

const cli = fileURLToPath(new URL('../../../dist/cli.js', import.meta.url));

/** A running `accountkit serve`. */
export interface ServeProcess extends SpawnedServe {
  /** `http://127.0.0.1:<port>`, as its banner prints it. */
  readonly origin: string;
}

/** A started `accountkit serve` process, listening or not. */
export interface SpawnedServe {
  readonly child: ChildProcess;
  /** Everything it printed so far, stdout and stderr. */
  readonly output: () => string;
}

/**
 * Start `accountkit serve <args>` with `env` (and `PATH`, nothing else from this process; `PORT`
 * 0 unless given), without waiting for it.
 */
export function spawnServe(
  env: Readonly<Record<string, string>>,
  args: readonly string[] = [],
): SpawnedServe {
  const child = spawn(process.execPath, [cli, 'serve', ...args], {
    env: { PATH: process.env.PATH ?? '', PORT: '0', ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  child.stdout?.on('data', (chunk) => {
    output += chunk;
  });
  child.stderr?.on('data', (chunk) => {
    output += chunk;
  });
  return { child, output: () => output };
}

/**
 * Start `accountkit serve` on a free port with `env`; resolves once it prints where it listens.
 * @throws Error with its output when it exits or stays silent for 30 s.
 */
export async function startServe(
  env: Readonly<Record<string, string>>,
  args: readonly string[] = [],
): Promise<ServeProcess> {
  const { child, output } = spawnServe(env, args);
  for (let waited = 0; waited < 30_000; waited += 50) {
    const found = /accountkit listening on (http:\/\/\S+)/.exec(output());
    if (found) return { child, origin: found[1] as string, output };
    if (child.exitCode !== null) break;
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
  child.kill('SIGKILL');
  throw new Error(`accountkit serve did not start:\n${output()}`);
}

/** Stop it with SIGTERM, as a process manager does; resolves to its exit code. */
export async function stopServe(server: ServeProcess): Promise<number | null> {
  if (server.child.exitCode !== null) return server.child.exitCode;
  const exited = once(server.child, 'exit');
  server.child.kill('SIGTERM');
  const [code] = await exited;
  return code as number | null;
}
