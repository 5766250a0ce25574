/**
 * Servers the HTTP figures measure, each in its own process as a user runs it: started with
 * `node`, waited for on `/healthz`, measured from outside (`/proc/<pid>/status`), stopped with
 * SIGTERM.
 */
import { type ChildProcess, spawn } from 'node:child_process';
import { once } from 'node:events';
import { readFileSync } from 'node:fs';
import { createServer } from 'node:net';

/** A server process on loopback. */
export interface ServerProcess {
  readonly origin: string;
  readonly pid: number;
  /** Resident memory of the process now, in MiB, from `/proc/<pid>/status`. */
  rss(): number;
  /** CPU time the process has used so far (user and system, all threads), in microseconds. */
  cpuMicros(): number;
  /**
   * Heap in use after a full collection, in MiB: only for a process started with
   * `--expose-gc --import ./bench/memory-probe.mjs`.
   */
  heapUsedAfterGc(): Promise<number>;
  stop(): Promise<void>;
}

/** A port free now on loopback (the server takes it a moment later). */
async function freePort(): Promise<number> {
  const server = createServer();
  server.listen(0, '127.0.0.1');
  await once(server, 'listening');
  const { port } = server.address() as { port: number };
  await new Promise((resolve) => server.close(resolve));
  return port;
}

async function healthy(origin: string, child: ChildProcess, errors: () => string): Promise<void> {
  for (let attempt = 0; attempt < 200; attempt += 1) {
    if (child.exitCode !== null) throw new Error(`server exited: ${errors()}`);
    const up = await fetch(`${origin}/healthz`).then(
      (response) => response.ok,
      () => false,
    );
    if (up) return;
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
  throw new Error(`server did not answer on ${origin}: ${errors()}`);
}

/**
 * Start `node <args>` with `PORT` set to a free port. Its stdout (the access log, one line a
 * request) goes to /dev/null, as to a log file; stderr is kept for the error message.
 */
export async function startServerProcess(
  args: readonly string[],
  env: Record<string, string>,
): Promise<ServerProcess> {
  const port = await freePort();
  const child = spawn(process.execPath, [...args], {
    env: { ...process.env, ...env, PORT: String(port), HOST: '127.0.0.1' },
    stdio: ['ignore', 'ignore', 'pipe'],
  });
  let stderr = '';
  child.stderr?.on('data', (chunk: Buffer) => {
    stderr = `${stderr}${chunk}`.slice(-4000);
  });
  const origin = `http://127.0.0.1:${port}`;
  await healthy(origin, child, () => stderr);
  const pid = child.pid as number;
  return {
    origin,
    pid,
    rss: () => residentMiB(pid),
    cpuMicros: () => cpuMicros(pid),
    async heapUsedAfterGc() {
      const answered = new Promise<number>((resolve) => {
        const onData = (chunk: Buffer) => {
          const bytes = /heap-used (\d+)/.exec(String(chunk))?.[1];
          if (bytes === undefined) return;
          child.stderr?.off('data', onData);
          resolve(Number(bytes) / 2 ** 20);
        };
        child.stderr?.on('data', onData);
      });
      child.kill('SIGUSR2');
      return answered;
    },
    async stop() {
      if (child.exitCode !== null) return;
      const exited = once(child, 'exit');
      child.kill('SIGTERM');
      await exited;
    },
  };
}

function residentMiB(pid: number): number {
  const status = readFileSync(`/proc/${pid}/status`, 'utf8');
  const kib = /^VmRSS:\s+(\d+) kB$/m.exec(status)?.[1];
  if (kib === undefined) throw new Error(`no VmRSS for ${pid}`);
  return Number(kib) / 1024;
}

/** `utime + stime` of `/proc/<pid>/stat`, in clock ticks of 10 ms on Linux. */
function cpuMicros(pid: number): number {
  const fields = readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1]?.split(' ') ?? [];
  return (Number(fields[11]) + Number(fields[12])) * 10_000;
}
