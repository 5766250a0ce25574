/**
 * Whether a reset request tells a known address from an unknown one by its time: the median
 * time of `accounts.requestPasswordReset` on SQLite for an address no account has, against the
 * same for an address one account has, with a mailer that takes 20 ms per mail (a mail server
 * on the network). The mail is sent after the answer, so the ratio should be 1.
 */
import type { BenchFigure, BenchSuite } from './figure.js';
import { openSqliteAccounts } from './sqlite-accounts.js';

const KEY = 'accountkit-bench-reset-signing-key-0123456789';
const RESET_SECRET = 'accountkit-bench-django-secret-key-0123456789';
const ROUNDS = 400;
const MAIL_MS = 20;

const median = (values: readonly number[]) =>
  [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)]!;

export const benchPasswordReset: BenchSuite = async () => {
  const pending: Promise<void>[] = [];
  const opened = await openSqliteAccounts('reset', KEY, {
    passwordReset: {
      secret: RESET_SECRET,
      mailer: { send: () => new Promise((resolve) => setTimeout(resolve, MAIL_MS)) },
      link: (uid, token) => `https://app.example/reset/${uid}/${token}/`,
      defer: (task) => {
        pending.push(new Promise((resolve) => setTimeout(() => void task().then(resolve), 0)));
      },
    },
  });
  try {
    await opened.accounts.register({
      username: 'alice',
      email: 'alice@example.test',
      password: 'correct horse battery staple',
    });
    const timeOf = async (email: string) => {
      const start = performance.now();
      await opened.accounts.requestPasswordReset({ email });
      return performance.now() - start;
    };
    const known: number[] = [];
    const unknown: number[] = [];
    // Interleaved, so drift of the machine touches both alike.
    for (let round = 0; round < ROUNDS; round += 1) {
      known.push(await timeOf('alice@example.test'));
      unknown.push(await timeOf(`nobody${round}@example.test`));
    }
    await Promise.all(pending);
    const knownMs = median(known);
    const unknownMs = median(unknown);
    const figure: BenchFigure = {
      name: 'reset request, unknown address (median)',
      value: unknownMs,
      unit: 'ms',
      floorName: 'reset request, known address (median)',
      floor: knownMs,
      ratio: knownMs / unknownMs,
      target: 1,
    };
    return [figure];
  } finally {
    await opened.close();
  }
};
