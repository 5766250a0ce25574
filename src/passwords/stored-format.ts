import type { PasswordHasher } from './password-hashing.js';

/**
 * A Django format accountkit only reads: the registry verifies it, then asks for a re-hash with
 * the preferred hasher. Never written, so its quirks (bcrypt's 72 bytes, crypt's 8 characters)
 * never reach a new value.
 * @internal
 */
export type StoredFormat = Pick<PasswordHasher, 'algorithm' | 'verify'>;
