import type { SerializeUserOptions } from '../core/user-serializer.js';
import type { AccountsDeps } from './deps.js';

/** Serializer options of one use case: its single "now" and the configured media URLs. @internal */
export function viewOptions(deps: AccountsDeps, now: Date): SerializeUserOptions {
  return {
    now,
    dateStyle: deps.settings.dateStyle,
    media: { baseUrl: deps.settings.mediaUrl, defaultCoverImage: deps.settings.defaultCoverImage },
  };
}
