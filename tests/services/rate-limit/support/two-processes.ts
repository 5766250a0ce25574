import { spawn } from 'node:child_process';
import { createInterface } from 'node:readline';
import { fileURLToPath } from 'node:url';
import type { LimiterStore } from '../../../../src/rate-limit/limiter-store.js';
import { createThrottle } from '../../../../src/rate-limit/throttle.js';
import type { StoreSpec } from './connect.js';

/**
 * What both processes run: `n` concurrent hits on `key`, or `n` concurrent failed logins
 * guarded by one rule: for the account `key` (`login`), or from the address `key`, each naming
 * another account (`address-login`).
 */
export interface Burst {
  readonly mode: 'hit' | 'login' | 'address-login';
  readonly key: string;
  readonly n: number;
  readonly limit: number;
  readonly windowMs: number;
  readonly nowMs: number;
}

/**
 * Run the burst on `store`. `hit`: the counts each hit saw. The logins: 1 for each attempt
 * the throttle let through to the (stand-in) hasher, 0 for each refused.
 */
export async function runBurst(store: LimiterStore, burst: Burst): Promise<number[]> {
  const now = new Date(burst.nowMs);
  if (burst.mode === 'hit') {
    return Promise.all(
      Array.from(
        { length: burst.n },
        async () => (await store.hit(burst.key, burst.windowMs, now)).count,
      ),
    );
  }
  const rule = { limit: burst.limit, windowSeconds: burst.windowMs / 1000 };
  const byAddress = burst.mode === 'address-login';
  const throttle = createThrottle({
    store,
    clock: { now: () => now },
    rules: {
      loginPerAccount: byAddress ? false : rule,
      loginPerAddress: byAddress ? rule : false,
    },
  });
  const subject = (index: number) =>
    byAddress
      ? { account: `${burst.key}-${process.pid}-${index}`, address: burst.key }
      : { account: burst.key, address: '192.0.2.1' };
  return Promise.all(
    Array.from({ length: burst.n }, (_, index) =>
      throttle.assertAllowed('login', subject(index)).then(
        () => 1,
        (error: { code?: string }) => {
          if (error.code !== 'TOO_MANY_REQUESTS') throw error;
          return 0;
        },
      ),
    ),
  );
}

const CHILD = fileURLToPath(new URL('./burst-child.ts', import.meta.url));

/**
 * The same burst from this process and from a child process on the same store, released
 * together: the child connects, reports ready, and starts when told to. Returns both results.
 */
export async function burstFromTwoProcesses(
  spec: StoreSpec,
  store: LimiterStore,
  burst: Burst,
): Promise<{ here: number[]; there: number[] }> {
  const child = spawn(
    process.execPath,
    ['--import', 'tsx', CHILD, JSON.stringify(spec), JSON.stringify(burst)],
    { stdio: ['pipe', 'pipe', 'inherit'] },
  );
  const lines = createInterface({ input: child.stdout })[Symbol.asyncIterator]();
  const exited = new Promise<void>((resolve, reject) =>
    child.on('exit', (code) => (code === 0 ? resolve() : reject(new Error(`child exit ${code}`)))),
  );
  const ready = await lines.next();
  if (ready.value !== 'ready') throw new Error(`child said ${String(ready.value)}`);
  child.stdin.write('go\n');
  const here = await runBurst(store, burst);
  const result = await lines.next();
  await exited;
  return { here, there: JSON.parse(String(result.value)) as number[] };
}
