import { keptAddress } from '../sessions/address-policy.js';
import type { NewRefreshToken, RefreshTokenStore } from '../storage/storage.js';
import type { IssuedPair } from '../tokens/token-service.js';
import type { AccountsDeps } from './deps.js';

/** Where and since when a session's token was issued, as its record keeps it. @internal */
export type SessionDetails = Pick<NewRefreshToken, 'sessionBeganAt' | 'userAgent' | 'address'>;

/**
 * The session details of a token issued now for a client that said `request` of itself: its
 * user agent (already bounded by the context's schema) and its address as the configured
 * policy keeps it.
 * @internal
 */
export function sessionDetails(
  deps: Pick<AccountsDeps, 'settings'>,
  request: { readonly address?: string | undefined; readonly userAgent?: string | undefined },
  sessionBeganAt: Date,
): SessionDetails {
  return {
    sessionBeganAt,
    userAgent: request.userAgent ?? null,
    address: keptAddress(request.address, deps.settings.sessionAddress),
  };
}

/**
 * Record the refresh token of a pair just issued, with its session's details. Its id is 128
 * fresh random bits, so finding it already recorded means the random source repeats itself: a
 * fault, never a user's error.
 * @internal
 */
export async function recordIssuedRefresh(
  store: RefreshTokenStore,
  record: IssuedPair['refreshRecord'],
  session: SessionDetails,
): Promise<void> {
  if (!(await store.insert({ ...record, ...session }))) {
    throw new Error('a new refresh-token id is already recorded: the random source repeats');
  }
}
