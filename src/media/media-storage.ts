/**
 * Where uploaded images live. Paths are relative, `/`-separated, and built by accountkit's path
 * generator; an implementation stores bytes under them and never outside its own root.
 */
export interface MediaStorage {
  /**
   * Store `bytes` at `path`. Refuses to overwrite an existing file: every path accountkit writes
   * carries 128 random bits, so an existing file means a collision or a bug, never an update.
   * @throws ValidationError `VALIDATION_FAILED` (issue `INVALID_VALUE`) when `path` is not a
   *   plain relative path inside the root.
   * @throws StorageError `STORAGE_UNAVAILABLE` when the file cannot be written.
   */
  put(path: string, bytes: Uint8Array): Promise<void>;
  /**
   * Remove the file at `path`; removing a missing file is not an error, so a retried cleanup is
   * harmless.
   * @throws ValidationError `VALIDATION_FAILED` (issue `INVALID_VALUE`) for a path outside the root.
   * @throws StorageError `STORAGE_UNAVAILABLE` when the file exists but cannot be removed.
   */
  delete(path: string): Promise<void>;
  /** The bytes at `path`, or `null` when there is no such file. Optional: serving is not required. */
  read?(path: string): Promise<Uint8Array | null>;
}
