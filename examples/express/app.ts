/**
 * The account API in Express 5: every request under the API's paths goes to the route table
 * of `accountkit/http`, which reads the body itself (mount no body parser before it). Copy
 * this file into your app as it is.
 */

import type { Accounts } from 'accountkit';
import { createHttpApi, type HttpApiOptions, type HttpResponse } from 'accountkit/http';
import { accessLine, trustProxySetting } from 'accountkit/server';
import express, { type NextFunction, type Request, type Response, type Router } from 'express';

/** Options of {@link accountsRouter} and {@link createExpressApp}. */
export interface ExpressAccountsOptions extends HttpApiOptions {
  readonly accounts: Accounts;
}

/**
 * A router answering the API's paths, and the API's 404 for any other path it is given: mount
 * it on `/api/accounts/` and `/.well-known/jwks.json`, or last, for every path.
 */
export function accountsRouter(options: ExpressAccountsOptions): Router {
  const api = createHttpApi(options.accounts, options);
  const router = express.Router();
  router.use(async (req: Request, res: Response) => {
    send(
      res,
      await api.handle({
        method: req.method,
        url: req.originalUrl,
        headers: req.headers,
        body: req,
        address: req.ip,
      }),
    );
  });
  router.use((error: unknown, _req: Request, res: Response, _next: NextFunction) =>
    send(res, api.error(error)),
  );
  return router;
}

/**
 * An Express application serving the account API on its own, the client address from the
 * socket unless `trustProxy` names the proxies to believe.
 */
export function createExpressApp(
  options: ExpressAccountsOptions & {
    readonly trustProxy?: string | undefined;
    readonly accessLog?: (line: string) => void;
  },
): express.Express {
  const app = express();
  app.disable('x-powered-by');
  app.set('etag', false);
  app.set('trust proxy', trustProxySetting(options.trustProxy));
  const { accessLog } = options;
  if (accessLog) {
    app.use((req, res, next) => {
      const started = Date.now();
      // Read now: once the answer is sent, the socket may be gone.
      const { method, originalUrl: url, ip } = req;
      res.on('finish', () => {
        accessLog(
          accessLine({ method, url, status: res.statusCode, ms: Date.now() - started, ip }),
        );
      });
      next();
    });
  }
  app.use(accountsRouter(options));
  return app;
}

function send(res: Response, response: HttpResponse): void {
  res.status(response.status).set(response.headers).end(response.body);
}
