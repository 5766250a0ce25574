import { mkdir, readFile, realpath, rm, writeFile } from 'node:fs/promises';
import { join, resolve, sep } from 'node:path';
import { StorageError, ValidationError } from '../errors/errors.js';
import { checkMediaPath } from './media-path.js';
import type { MediaStorage } from './media-storage.js';

/** Options of {@link createLocalMediaStorage}. */
export interface LocalMediaStorageOptions {
  /** Directory holding every file; relative paths resolve against the working directory once. */
  readonly root: string;
}

/**
 * Media storage on the local file system, under `root` (created on first write). Paths are
 * checked lexically and, after the directories exist, by their real location, so neither `..`
 * nor a symbolic link inside the root can make a write land outside it.
 *
 * @throws ValidationError `VALIDATION_FAILED` (issue `INVALID_VALUE`) from each method for a
 *   path outside the root.
 * @throws StorageError `STORAGE_UNAVAILABLE` from each method when the file system fails.
 * @example
 * ```ts
 * const media = createLocalMediaStorage({ root: '/var/lib/app/media' });
 * ```
 */
export function createLocalMediaStorage(options: LocalMediaStorageOptions): MediaStorage {
  const root = resolve(options.root);

  async function realRoot(): Promise<string> {
    await mkdir(root, { recursive: true });
    return realpath(root);
  }

  /** The real directory a file of `segments` lives in, refusing any that resolves outside. */
  async function containedDir(
    segments: readonly string[],
    create: boolean,
  ): Promise<string | null> {
    const base = await realRoot();
    const dir = join(base, ...segments.slice(0, -1));
    if (create) await mkdir(dir, { recursive: true });
    let real: string;
    try {
      real = await realpath(dir);
    } catch (error) {
      if (isMissing(error)) return null;
      throw error;
    }
    if (real !== base && !real.startsWith(base + sep)) {
      throw new ValidationError([
        { path: ['path'], code: 'INVALID_VALUE', message: 'Path leaves the media root.' },
      ]);
    }
    return real;
  }

  function fileName(segments: readonly string[]): string {
    return segments[segments.length - 1]!;
  }

  return Object.freeze({
    async put(path: string, bytes: Uint8Array): Promise<void> {
      const segments = checkMediaPath(path);
      await guard(async () => {
        const dir = (await containedDir(segments, true))!;
        // `wx` refuses to follow or replace an existing entry, symbolic links included.
        await writeFile(join(dir, fileName(segments)), bytes, { flag: 'wx' });
      });
    },
    async delete(path: string): Promise<void> {
      const segments = checkMediaPath(path);
      await guard(async () => {
        const dir = await containedDir(segments, false);
        if (dir !== null) await rm(join(dir, fileName(segments)), { force: true });
      });
    },
    async read(path: string): Promise<Uint8Array | null> {
      const segments = checkMediaPath(path);
      return guard(async () => {
        const dir = await containedDir(segments, false);
        if (dir === null) return null;
        try {
          return new Uint8Array(await readFile(join(dir, fileName(segments))));
        } catch (error) {
          if (isMissing(error)) return null;
          throw error;
        }
      });
    },
  });
}

/** Turn file-system failures into `StorageError`, keeping the cause for logs. */
async function guard<T>(work: () => Promise<T>): Promise<T> {
  try {
    return await work();
  } catch (error) {
    if (error instanceof ValidationError) throw error;
    throw new StorageError('STORAGE_UNAVAILABLE', 'Media storage failed.', { cause: error });
  }
}

function isMissing(error: unknown): boolean {
  const code = (error as { code?: unknown } | null)?.code;
  return code === 'ENOENT' || code === 'ENOTDIR';
}
