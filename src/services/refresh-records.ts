import { keptAddress } from '../sessions/address-policy.js';
import type { NewRefreshToken, RefreshTokenStore } from '../storage/storage.js';
import type { IssuedPair } from '../tokens/token-service.js';
import type { AccountsDeps } from './deps.js';

/** The client a session's token was issued to, as its record keeps it. @internal */
export type SessionClient = Pick<NewRefreshToken, 'userAgent' | 'address'>;

/**
 * The client of `request` as a session records it: its user agent (already bounded by the
 * context's schema) and its address as the configured policy keeps it.
 * @internal
 */
export function sessionClient(
  deps: Pick<AccountsDeps, 'settings'>,
  request: { readonly address?: string | undefined; readonly userAgent?: string | undefined },
): SessionClient {
  return {
    userAgent: request.userAgent ?? null,
    address: keptAddress(request.address, deps.settings.sessionAddress),
  };
}

/**
 * Record the refresh token of a pair just issued to `client`, in a session that began at
 * `sessionBeganAt` (default: now, with this token, in the token's own whole seconds). Its id
 * is 128 fresh random bits, so finding it already recorded means the random source repeats
 * itself: a fault, never a user's error.
 * @internal
 */
export async function recordIssuedRefresh(
  store: RefreshTokenStore,
  record: IssuedPair['refreshRecord'],
  client: SessionClient,
  sessionBeganAt: Date = record.issuedAt,
): Promise<void> {
  if (!(await store.insert({ ...record, ...client, sessionBeganAt }))) {
    throw new Error('a new refresh-token id is already recorded: the random source repeats');
  }
}
