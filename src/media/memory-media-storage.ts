import { StorageError } from '../errors/errors.js';
import { checkMediaPath } from './media-path.js';
import type { MediaStorage } from './media-storage.js';

/** A {@link MediaStorage} kept in a `Map`, with a listing for assertions. */
export interface MemoryMediaStorage extends MediaStorage {
  read(path: string): Promise<Uint8Array | null>;
  /** Every stored path, sorted. */
  list(): string[];
}

/**
 * Media storage in memory, for tests and for apps that keep no files. Follows the same path
 * rules and no-overwrite rule as the file-system storage, so tests exercise the same failures.
 *
 * @example
 * ```ts
 * const media = createMemoryMediaStorage();
 * const accounts = createAccounts({ storage, tokens, media: { storage: media } });
 * ```
 */
export function createMemoryMediaStorage(): MemoryMediaStorage {
  const files = new Map<string, Uint8Array>();
  return Object.freeze({
    async put(path: string, bytes: Uint8Array): Promise<void> {
      checkMediaPath(path);
      if (files.has(path))
        throw new StorageError('STORAGE_UNAVAILABLE', 'Media file already exists.');
      files.set(path, Uint8Array.from(bytes));
    },
    async delete(path: string): Promise<void> {
      checkMediaPath(path);
      files.delete(path);
    },
    async read(path: string): Promise<Uint8Array | null> {
      checkMediaPath(path);
      const bytes = files.get(path);
      return bytes === undefined ? null : Uint8Array.from(bytes);
    },
    list(): string[] {
      return [...files.keys()].sort();
    },
  });
}
