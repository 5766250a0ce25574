/**
 * The account API as an Express 5 application: one `app.all` per path of the shared table,
 * JSON read as text under the shared limit and parsed by the shared parser (so limits, errors
 * and the prototype-key rule match the Fastify example), multipart through multer, every error
 * rendered by `toErrorResponse`.
 */
import express, { type NextFunction, type Request, type Response } from 'express';
import multer from 'multer';
import type { Accounts } from '../../src/create-accounts.js';
import {
  bodyErrorFor,
  isJsonContentType,
  JSON_BODY_LIMIT_BYTES,
  parseJsonBody,
  unsupportedMediaType,
} from '../../src/http/body.js';
import { DEFAULT_MAX_IMAGE_BYTES } from '../../src/options.js';
import {
  API_METHODS,
  type ApiOptions,
  type ApiResponse,
  addMultipartField,
  createApi,
  type MultipartBody,
  refusePrototypeKey,
} from '../shared/api.js';
import { asBodyError } from '../shared/body-errors.js';
import { accessLine, trustProxySetting } from '../shared/startup.js';

/** Options of {@link createExpressApp}. */
export interface ExpressAccountsOptions extends ApiOptions {
  readonly accounts: Accounts;
  /** Largest image in a multipart upload; match the service's `media.maxBytes`. Default 5 MiB. */
  readonly mediaLimitBytes?: number;
  /** Which proxies' `X-Forwarded-For` to believe; default none (the socket address). */
  readonly trustProxy?: string | undefined;
  readonly accessLog?: (line: string) => void;
}

const MULTIPART_TYPE = /^multipart\/form-data\s*;/i;

/**
 * An Express application serving the account API: case-sensitive paths with the trailing
 * slash required (as Django), no `X-Powered-By`, no ETag on API answers.
 */
export function createExpressApp(options: ExpressAccountsOptions): express.Express {
  const api = createApi(options.accounts, options);
  const mediaLimit = options.mediaLimitBytes ?? DEFAULT_MAX_IMAGE_BYTES;
  const app = express();
  app.disable('x-powered-by');
  app.set('etag', false);
  app.set('strict routing', true);
  app.set('case sensitive routing', true);
  app.set('trust proxy', trustProxySetting(options.trustProxy));

  const { accessLog } = options;
  if (accessLog) {
    app.use((req, res, next) => {
      const started = performance.now();
      res.on('finish', () =>
        accessLog(
          accessLine({
            method: req.method,
            url: req.originalUrl,
            status: res.statusCode,
            ms: performance.now() - started,
            ip: req.ip,
          }),
        ),
      );
      next();
    });
  }

  const readJson = express.text({
    type: (req) => isJsonContentType(req.headers['content-type']),
    limit: JSON_BODY_LIMIT_BYTES,
  });
  const upload = multer({
    storage: multer.memoryStorage(),
    limits: { fileSize: mediaLimit, files: 2, fields: 20, fieldSize: 64 * 1024, parts: 22 },
  }).any();

  for (const route of api.routes) {
    app.all(
      route.path,
      knownMethod,
      onlyJsonOrMultipart,
      readJson,
      async (req: Request, res: Response) => {
        let body: unknown;
        try {
          body = typeof req.body === 'string' ? parseJsonBody(req.body) : undefined;
        } catch (error) {
          return send(res, api.fail(error));
        }
        const multipart = MULTIPART_TYPE.test(req.headers['content-type'] ?? '');
        const answer = await api.handle(route, {
          method: req.method,
          path: req.path,
          params: req.params as Record<string, string>,
          query: new URLSearchParams(req.originalUrl.split('?')[1] ?? ''),
          authorization: req.headers.authorization,
          address: req.ip,
          body,
          readMultipart: multipart ? () => readMultipart(req, res, upload) : null,
        });
        send(res, answer);
      },
    );
  }
  app.use((_req: Request, res: Response) => send(res, api.notFound()));
  app.use((error: unknown, _req: Request, res: Response, _next: NextFunction) =>
    send(res, api.fail(expressBodyError(error))),
  );
  return app;
}

/** Other methods (PROPFIND, ...) fall through to 404, as Fastify routes them. */
function knownMethod(req: Request, _res: Response, next: NextFunction): void {
  next(API_METHODS.includes(req.method) ? undefined : 'route');
}

/** A body that is neither JSON nor multipart gets 415, as Fastify answers it. */
function onlyJsonOrMultipart(req: Request, _res: Response, next: NextFunction): void {
  const type = req.headers['content-type'];
  const hasBody =
    req.headers['transfer-encoding'] !== undefined ||
    (req.headers['content-length'] !== undefined && req.headers['content-length'] !== '0');
  const bodyless = req.method === 'GET' || req.method === 'HEAD';
  if (bodyless || !hasBody || isJsonContentType(type) || MULTIPART_TYPE.test(type ?? '')) {
    next();
    return;
  }
  next(unsupportedMediaType());
}

function readMultipart(
  req: Request,
  res: Response,
  upload: express.RequestHandler,
): Promise<MultipartBody> {
  return new Promise((resolve, reject) => {
    upload(req, res, (error?: unknown) => {
      if (error !== undefined) {
        reject(expressBodyError(error));
        return;
      }
      try {
        const fields: Record<string, string> = Object.create(null);
        for (const [name, value] of Object.entries(req.body ?? {})) {
          addMultipartField(fields, name, String(value));
        }
        const uploads = (req.files ?? []) as Express.Multer.File[];
        for (const file of uploads) refusePrototypeKey(file.fieldname);
        const files = uploads
          // A form's empty file input arrives as a nameless, empty part: nothing was chosen.
          .filter((file) => file.originalname !== '' || file.size > 0)
          .map((file) => ({
            field: file.fieldname,
            filename: file.originalname,
            bytes: file.buffer,
          }));
        resolve({ fields, files });
      } catch (failure) {
        reject(failure);
      }
    });
  });
}

/** body-parser's, multer's and busboy's own refusals, as accountkit codes. */
function expressBodyError(error: unknown): unknown {
  if (error instanceof multer.MulterError) {
    return bodyErrorFor(error.code === 'LIMIT_UNEXPECTED_FILE' ? 400 : 413);
  }
  return asBodyError(error, (error as { status?: unknown }).status);
}

function send(res: Response, response: ApiResponse): void {
  res.status(response.status).set(response.headers);
  if (response.body === undefined) res.end();
  else res.json(response.body);
}
