/**
 * An async mutex: one holder at a time, waiters served in arrival order. The memory adapter
 * takes it for every write, so a transaction sees no interleaved writer (the idea of Kysely's
 * `ConnectionMutex`).
 *
 * @internal
 */
export class WriteLock {
  #tail: Promise<void> = Promise.resolve();

  /** Wait for the lock; the returned function releases it (call it exactly once). */
  async acquire(): Promise<() => void> {
    let release!: () => void;
    const held = new Promise<void>((resolve) => {
      release = resolve;
    });
    const previous = this.#tail;
    this.#tail = previous.then(() => held);
    await previous;
    return release;
  }
}
