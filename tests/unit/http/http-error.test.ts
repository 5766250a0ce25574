import { describe, expect, it } from 'vitest';
import { isAccountsError } from '../../../src/errors/index.js';
import { HttpError, toErrorResponse } from '../../../src/http/index.js';

describe("the HTTP layer's own refusals", () => {
  it('render with their code and status', () => {
    const answer = toErrorResponse(
      new HttpError('METHOD_NOT_ALLOWED', 'Method "PATCH" not allowed.'),
    );
    expect({ status: answer.status, body: answer.body, expected: answer.expected }).toEqual({
      status: 405,
      body: { code: 'METHOD_NOT_ALLOWED', message: 'Method "PATCH" not allowed.' },
      expected: true,
    });
  });

  it('are not service errors', () => {
    expect(isAccountsError(new HttpError('NOT_FOUND', 'Not found.'))).toBe(false);
  });

  it('are not faked by another error with the same code', () => {
    const foreign = Object.assign(new Error('no such row'), { code: 'NOT_FOUND' });
    expect(toErrorResponse(foreign)).toMatchObject({
      status: 500,
      body: { code: 'INTERNAL', message: 'Internal server error.' },
      expected: false,
    });
  });
});
