import { afterEach, beforeEach, expect, it, vi } from 'vitest';
import { StorageError } from '../../src/errors/errors.js';
import { describeEachBackend, interceptStorage, PASSWORD } from './setup.js';

const NEW_PASSWORD = 'a brand new passphrase';

/** Everything a value could show a client or a log: own properties, message, cause chain. */
function render(value: unknown): string {
  if (value instanceof Error) {
    return [
      value.name,
      value.message,
      String(value),
      JSON.stringify(value),
      value.stack ?? '',
      render((value as { cause?: unknown }).cause),
    ].join('\n');
  }
  return JSON.stringify(value) ?? String(value);
}

describeEachBackend('B-14 no secret in any output', 'secrets', (fixture) => {
  const written: string[] = [];
  beforeEach(() => {
    written.length = 0;
    const capture = (...args: unknown[]) => {
      written.push(args.map(render).join(' '));
    };
    for (const method of ['log', 'info', 'warn', 'error', 'debug'] as const) {
      vi.spyOn(console, method).mockImplementation(capture);
    }
    for (const stream of [process.stdout, process.stderr]) {
      vi.spyOn(stream, 'write').mockImplementation((chunk: unknown) => {
        written.push(String(chunk));
        return true;
      });
    }
  });
  afterEach(() => {
    vi.restoreAllMocks();
  });

  it('B-14 register, login, failed login, hash upgrade failure and password change leak neither password nor hash', async () => {
    const { accounts, storage, logger, build } = fixture();
    const outputs: unknown[] = [];
    const keep = async (work: Promise<unknown>) => {
      outputs.push(await work.catch((error: unknown) => error));
    };
    await keep(
      accounts.register({ username: 'alice', email: 'a@example.test', password: PASSWORD }),
    );
    const id = (await storage.users.findByUsernameKey('alice'))!.id;
    const hashes = [(await storage.users.findById(id))!.passwordHash];
    await keep(accounts.register({ username: 'alice', password: PASSWORD }));
    await keep(accounts.register({ username: 'bob', password: 'password123' }));
    await keep(accounts.login({ username: 'alice', password: PASSWORD }));
    await keep(accounts.login({ username: 'alice', password: NEW_PASSWORD }));
    await keep(accounts.login({ username: 'nobody', password: PASSWORD }));
    await keep(accounts.getMe({ userId: id }));
    await keep(accounts.getUserDetail({ id }));
    await keep(
      accounts.updateProfile({
        userId: id,
        changes: { password: NEW_PASSWORD, current_password: 'x' },
      }),
    );
    await keep(
      accounts.updateProfile({
        userId: id,
        changes: { password: NEW_PASSWORD, current_password: PASSWORD },
      }),
    );
    hashes.push((await storage.users.findById(id))!.passwordHash);
    // A storage failure whose driver message quotes the hash must not carry it anywhere.
    const leaky = await build({
      storage: interceptStorage(storage, {
        users: {
          update: async () => {
            throw new StorageError('STORAGE_UNAVAILABLE', 'Storage is unavailable.');
          },
        },
      }),
      passwords: { preferred: { ...fixture().hasher, needsRehash: () => true } },
    });
    await keep(leaky.login({ username: 'alice', password: NEW_PASSWORD }));
    const everything = [...outputs.map(render), ...logger.lines, ...written].join('\n');
    for (const secret of [
      PASSWORD,
      NEW_PASSWORD,
      ...hashes,
      ...hashes.map((h) => h.split('$').at(-1)!),
    ]) {
      expect(everything).not.toContain(secret);
    }
    expect(logger.lines).toHaveLength(1);
  });
});
