import type { RequestContext } from '../services/requests.js';
import type { OperationContext } from './route.js';

/** The JSON body as received, `{}` when there was none; the service validates it. @internal */
export const body = (context: OperationContext): unknown => context.request.body ?? {};

/**
 * Who is calling, as far as the request tells: the address the limits count an attempt
 * against, and the user agent its session and its event record.
 * @internal
 */
export const caller = ({ request }: OperationContext): RequestContext => ({
  ...(request.address === undefined ? {} : { address: request.address }),
  ...(request.userAgent === undefined ? {} : { userAgent: request.userAgent }),
});

/** The authenticated user's id. @internal */
export const actor = (context: OperationContext): number => {
  // Operations with `auth: 'required'` only run with a user.
  if (context.session === null) throw new TypeError('operation ran without a user');
  return context.session.userId;
};
