/** Load from autocannon on loopback, in a worker thread so it shares the cores as in PERF.md. */
import { createRequire } from 'node:module';

export interface LoadOptions {
  readonly connections: number;
  readonly method?: string;
  readonly headers?: Record<string, string>;
  readonly body?: string;
}
interface AutocannonOptions extends LoadOptions {
  url: string;
  workers: number;
  duration?: number;
  amount?: number;
}
interface AutocannonResult {
  requests: { average: number; total: number };
  non2xx: number;
  errors: number;
}
const autocannon = createRequire(import.meta.url)('autocannon') as (
  options: AutocannonOptions,
) => Promise<AutocannonResult>;

export const median = (values: readonly number[]) =>
  [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)] ?? 0;

/** A run with failures is a broken figure, not a slow one. */
function checked(url: string, result: AutocannonResult): AutocannonResult {
  if (result.non2xx > 0 || result.errors > 0) {
    throw new Error(`${url}: ${result.non2xx} non-2xx answers, ${result.errors} errors`);
  }
  return result;
}

/** Requests per second of a 2xx-only run of `seconds`. */
export async function rate(url: string, options: LoadOptions, seconds: number): Promise<number> {
  const result = await autocannon({ url, duration: seconds, workers: 1, ...options });
  return checked(url, result).requests.average;
}

/** A 2xx-only run of `seconds`: requests per second, and how many were answered. */
export async function measure(
  url: string,
  options: LoadOptions,
  seconds: number,
): Promise<{ rate: number; total: number }> {
  const result = checked(url, await autocannon({ url, duration: seconds, workers: 1, ...options }));
  return { rate: result.requests.average, total: result.requests.total };
}

/** Send exactly `amount` requests, all answered 2xx. */
export async function send(url: string, options: LoadOptions, amount: number): Promise<void> {
  checked(url, await autocannon({ url, amount, workers: 1, ...options }));
}
