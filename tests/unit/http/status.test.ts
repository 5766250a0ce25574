import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { ACCOUNTS_ERROR_CODES, VALIDATION_ISSUE_CODES } from '../../../src/errors/codes.js';
import { HTTP_ERROR_CODES } from '../../../src/http/http-error.js';
import { HTTP_STATUS_BY_CODE, httpStatusFor } from '../../../src/http/status.js';

const errorsGuide = readFileSync(new URL('../../../docs/errors.md', import.meta.url), 'utf8');
const securityGuide = readFileSync(new URL('../../../docs/security.md', import.meta.url), 'utf8');

function documentedStatuses(guide = errorsGuide): Map<string, number> {
  const rows = guide.matchAll(/^\| `([A-Z_]+)` \| (\d{3}) \|/gm);
  return new Map([...rows].map((row) => [row[1] as string, Number(row[2])]));
}

describe('H-10: one table maps every error code to one HTTP status', () => {
  it('maps every code of the closed list and of the HTTP layer', () => {
    expect(Object.keys(HTTP_STATUS_BY_CODE).sort()).toEqual(
      [...ACCOUNTS_ERROR_CODES, ...HTTP_ERROR_CODES].sort(),
    );
  });

  it("keeps the HTTP layer's codes out of the services' list", () => {
    expect(
      HTTP_ERROR_CODES.filter((code) => (ACCOUNTS_ERROR_CODES as readonly string[]).includes(code)),
    ).toEqual([]);
  });

  it('maps every code to a 4xx or 5xx status', () => {
    for (const code of [...ACCOUNTS_ERROR_CODES, ...HTTP_ERROR_CODES]) {
      expect(httpStatusFor(code)).toBeGreaterThanOrEqual(400);
      expect(httpStatusFor(code)).toBeLessThan(600);
    }
  });

  it('matches the table in docs/errors.md exactly', () => {
    expect(Object.fromEntries(documentedStatuses())).toEqual({ ...HTTP_STATUS_BY_CODE });
  });

  it('matches the table in docs/security.md exactly', () => {
    expect(Object.fromEntries(documentedStatuses(securityGuide))).toEqual({
      ...HTTP_STATUS_BY_CODE,
    });
  });

  it('documents every validation issue code', () => {
    for (const code of VALIDATION_ISSUE_CODES) expect(errorsGuide).toContain(`\`${code}\``);
  });

  it('pins the statuses clients rely on', () => {
    expect([
      httpStatusFor('VALIDATION_FAILED'),
      httpStatusFor('INVALID_CREDENTIALS'),
      httpStatusFor('FORBIDDEN'),
      httpStatusFor('USER_NOT_FOUND'),
      httpStatusFor('USERNAME_TAKEN'),
      httpStatusFor('TOO_MANY_REQUESTS'),
      httpStatusFor('STORAGE_UNAVAILABLE'),
    ]).toEqual([400, 401, 403, 404, 409, 429, 503]);
  });
});
