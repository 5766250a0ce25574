import type { AccountsDeps } from '../services/deps.js';
import type { AccountsEvent } from './accounts-event.js';

/**
 * Hand events to the configured listener, one after the other, once the operation's writes
 * committed. Never rejects: what the listener throws or rejects with is the listener's problem,
 * reported to the logger by class name only (its message may quote what it was writing), so an
 * operation's result never depends on its listener.
 * @internal
 */
export async function emitEvents(
  deps: Pick<AccountsDeps, 'events' | 'logger'>,
  ...events: AccountsEvent[]
): Promise<void> {
  const listener = deps.events;
  if (listener === undefined || listener === null) return;
  for (const event of events) {
    try {
      // Its own copy of the instant: a listener that changes its event cannot reach the answer.
      await listener.onEvent({ ...event, at: new Date(event.at.getTime()) });
    } catch (error) {
      deps.logger.warn('event listener failed', { event: event.type, error: className(error) });
    }
  }
}

function className(error: unknown): string {
  return error instanceof Error ? error.constructor.name : typeof error;
}
