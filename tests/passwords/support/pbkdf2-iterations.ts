import crypto from 'node:crypto';
import { syncBuiltinESMExports } from 'node:module';

/**
 * Counts the PBKDF2 iterations node:crypto really performs while `run` executes, by wrapping
 * the real `crypto.pbkdf2` (the work is still done) and syncing the wrapper into the ESM named
 * export the library imports.
 */
export async function countPbkdf2Iterations(run: () => Promise<unknown>): Promise<number> {
  const original = crypto.pbkdf2;
  let total = 0;
  crypto.pbkdf2 = ((...args: Parameters<typeof original>) => {
    total += args[2];
    return original(...args);
  }) as typeof original;
  syncBuiltinESMExports();
  try {
    await run();
  } finally {
    crypto.pbkdf2 = original;
    syncBuiltinESMExports();
  }
  return total;
}
