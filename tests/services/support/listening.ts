import { pbkdf2Sync } from 'node:crypto';
import type { AccountsEvent } from '../../../src/events/accounts-event.js';
import type { AccountsOptions } from '../../../src/options.js';
import { FAMILY_CLAIM } from '../../../src/tokens/claims.js';
import { type Fixture, PASSWORD, T0 } from '../setup.js';

/** The instant of every event in these tests: the fixture's clock does not move. */
export const AT = new Date(T0);
/** What an HTTP adapter hands `login` and `register` about the client. */
export const CONTEXT = { address: '203.0.113.7', userAgent: 'ExampleApp/2.1 (iPhone; iOS 17.5)' };
/** The request details of an event from an operation that takes no context. */
export const NO_REQUEST = { address: null, userAgent: null };

/** The refresh family a token belongs to, read from its claims without verifying it. */
export function familyOf(token: string): string {
  const claims = JSON.parse(Buffer.from(token.split('.')[1]!, 'base64url').toString('utf8'));
  return claims[FAMILY_CLAIM];
}

/** Django's PBKDF2-SHA256 encoding at a low count: valid, and due for an upgrade at login. */
export function oldPbkdf2(password: string): string {
  const hash = pbkdf2Sync(password, 'seasaltseasaltseasalt1', 1_000, 32, 'sha256');
  return `pbkdf2_sha256$1000$seasaltseasaltseasalt1$${hash.toString('base64')}`;
}

/**
 * The fixture's service with `overrides` and a listener that keeps every event; `signUp`
 * registers a user and forgets its `signedUp`.
 */
export async function listening(fixture: Fixture, overrides: Partial<AccountsOptions> = {}) {
  const events: AccountsEvent[] = [];
  const accounts = await fixture.build({
    events: {
      onEvent(event) {
        events.push(event);
      },
    },
    ...overrides,
  });
  const signUp = async (username: string) => {
    const { user, tokens } = await accounts.register({ username, password: PASSWORD });
    events.length = 0;
    return { id: user.id, tokens };
  };
  return { accounts, events, signUp };
}
