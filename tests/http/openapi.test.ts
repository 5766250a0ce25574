import { Validator } from '@seriousme/openapi-schema-validator';
import { describe, expect, it } from 'vitest';
import * as z from 'zod';
import { signUpSchema } from '../../src/core/input-schemas.js';
import { createOpenApiDocument, OPENAPI_PATH } from '../../src/http/index.js';
import { call, signUp } from './support/client.js';
import { checkAgainstOpenApi } from './support/openapi-check.js';
import { describeExamples } from './support/servers.js';

// biome-ignore lint/suspicious/noExplicitAny: the document is read as plain JSON.
const document = createOpenApiDocument({ serverUrl: 'https://api.example' }) as any;

describe('the OpenAPI document', () => {
  it('is a valid OpenAPI 3.1 document', async () => {
    const result = await new Validator().validate(structuredClone(document));
    expect(result).toEqual({ valid: true });
  });

  it('describes every route and method the servers answer', () => {
    const described = Object.entries(document.paths).flatMap(([path, item]) =>
      Object.keys(item as object).map((method) => `${method.toUpperCase()} ${path}`),
    );
    expect(described).toEqual([
      'POST /api/accounts/signup/',
      'POST /api/accounts/token/',
      'POST /api/accounts/token/refresh/',
      'POST /api/accounts/token/verify/',
      'POST /api/accounts/token/blacklist/',
      'POST /api/accounts/api/token/blacklist/',
      'GET /api/accounts/info/',
      'PUT /api/accounts/info/',
      'PATCH /api/accounts/info/',
      'PUT /api/accounts/profile/update/',
      'PATCH /api/accounts/profile/update/',
      'GET /api/accounts/{id}/info/',
      'GET /api/accounts/{id}/followers/',
      'GET /api/accounts/{id}/following/',
      'POST /api/accounts/follow_unfollow/{id}/',
      'PUT /api/accounts/{id}/follow/',
      'DELETE /api/accounts/{id}/follow/',
      'GET /api/accounts/sessions/',
      'DELETE /api/accounts/sessions/{session}/',
      'GET /.well-known/jwks.json',
      'POST /api/accounts/password/reset/',
      'POST /api/accounts/password/reset/confirm/',
      'POST /api/accounts/registration/verify-email/',
      'POST /api/accounts/registration/resend-email/',
      'POST /api/accounts/email/verification/',
      'GET /api/accounts/openapi.json',
    ]);
  });

  it('takes request bodies from the zod schemas the services validate with', () => {
    const { $schema: _dialect, ...signUp } = z.toJSONSchema(signUpSchema, {
      io: 'input',
      unrepresentable: 'any',
    });
    const body = document.paths['/api/accounts/signup/'].post.requestBody;
    expect(body.content['application/json'].schema).toEqual(signUp);
  });

  it('describes the session id of DELETE sessions/{session}/ with the pattern ids have', () => {
    const parameters = document.paths['/api/accounts/sessions/{session}/'].delete.parameters;
    expect(parameters).toEqual([
      {
        name: 'session',
        in: 'path',
        required: true,
        schema: { type: 'string', pattern: '^[0-9a-f]{32}$' },
        description: 'A session id, as sessions/ lists it',
      },
    ]);
  });

  it('names the server it was built for', () => {
    expect(document.servers).toEqual([{ url: 'https://api.example' }]);
  });

  it('catches an answer that does not match (the HTTP suite checks every answer this way)', () => {
    const user = {
      id: 1,
      username: 'a',
      date_joined: 'now',
      email: '',
      profile_pic: null,
      following: 0,
      cover_image: null,
    };
    const url = 'http://127.0.0.1/api/accounts/info/';
    expect(() => checkAgainstOpenApi(url, 'GET', 200, user)).toThrow(
      /does not match the OpenAPI document: data must have required property 'followers'/,
    );
    expect(() => checkAgainstOpenApi(url, 'GET', 200, { ...user, followers: 0 })).not.toThrow();
    expect(() => checkAgainstOpenApi(url, 'GET', 401, { code: 'NOPE', message: 'x' })).toThrow(
      /does not match/,
    );
  });
});

describeExamples('the OpenAPI document over HTTP', (context) => {
  it(`is served at ${OPENAPI_PATH} without a token`, async () => {
    const answer = await call(context().origin, 'GET', OPENAPI_PATH);
    expect(answer.status).toBe(200);
    expect(answer.body).toEqual(createOpenApiDocument());
  });

  it('matches the answers of a signed-up user', async () => {
    const { origin } = context();
    const user = await signUp(origin);
    const answer = await call(origin, 'GET', `${user.id}/info/`, { token: user.access });
    expect(answer.status).toBe(200);
  });
});
