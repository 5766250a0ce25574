import type { AccountsEventBase } from './accounts-event.js';

/** What a parsed `RequestContext` holds. */
interface ParsedContext {
  readonly address?: string | undefined;
  readonly userAgent?: string | undefined;
}

/**
 * The request details an event carries: those of the call's context, `null` for what it did
 * not say. Operations that take no context call it with none, so every event has both keys.
 * @internal
 */
export function requestDetails(
  context: ParsedContext = {},
): Pick<AccountsEventBase, 'address' | 'userAgent'> {
  return { address: context.address ?? null, userAgent: context.userAgent ?? null };
}
