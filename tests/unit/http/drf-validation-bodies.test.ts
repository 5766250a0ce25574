import { describe, expect, it } from 'vitest';
import { parseInput, profileUpdateSchema, signUpSchema } from '../../../src/core/input-schemas.js';
import { ValidationError } from '../../../src/errors/errors.js';
import { toErrorResponse } from '../../../src/http/error-body.js';
import { createPasswordPolicy } from '../../../src/passwords/password-policy.js';
import api from '../../fixtures/api.json' with { type: 'json' };

const drf = { style: 'drf' } as const;

/** The body the Django app answered to `method path` with `body`, as recorded. */
function recorded(method: string, path: string, body: unknown): unknown {
  const exchange = api.exchanges.find(
    (candidate) =>
      candidate.request.method === method &&
      candidate.request.path === path &&
      JSON.stringify(candidate.request.body) === JSON.stringify(body),
  );
  if (exchange === undefined) throw new Error(`no recorded ${method} ${path}`);
  return exchange.body;
}

function thrown(run: () => unknown): ValidationError {
  try {
    run();
  } catch (error) {
    if (error instanceof ValidationError) return error;
    throw error;
  }
  throw new Error('expected a ValidationError');
}

describe('every field’s errors at once, in both styles', () => {
  it('sign-up with an invalid username and a blank password: DRF’s recorded body, exactly', () => {
    const body = { username: 'bad name!', password: '' };
    const error = thrown(() => parseInput(signUpSchema, body));
    expect(toErrorResponse(error, drf)).toMatchObject({
      status: 400,
      body: recorded('POST', '/api/accounts/signup/', body),
    });
    expect(toErrorResponse(error).body).toEqual({
      code: 'VALIDATION_FAILED',
      message:
        'Enter a valid username. This value may contain only letters, numbers, and @/./+/-/_ characters.',
      fields: {
        username: [
          {
            code: 'USERNAME_INVALID',
            message:
              'Enter a valid username. This value may contain only letters, numbers, and @/./+/-/_ characters.',
          },
        ],
        password: [{ code: 'REQUIRED', message: 'This field may not be blank.' }],
      },
    });
  });

  it('sign-up with a 151-character username and a bad email: DRF’s recorded body', () => {
    const body = { username: 'x'.repeat(151), email: 'not-an-email', password: 'x' };
    expect(
      toErrorResponse(
        thrown(() => parseInput(signUpSchema, body)),
        drf,
      ).body,
    ).toEqual(recorded('POST', '/api/accounts/signup/', body));
  });

  it('a profile update with a blank password: DRF’s recorded body', () => {
    const body = { password: '' };
    expect(
      toErrorResponse(
        thrown(() => parseInput(profileUpdateSchema, body)),
        drf,
      ).body,
    ).toEqual(recorded('PATCH', '/api/accounts/info/', body));
  });

  it('schema issues, then the password policy’s, grouped per field in both styles', () => {
    const error = new ValidationError([
      ...thrown(() => parseInput(signUpSchema, { username: '', email: 'x', password: 'p' })).issues,
      ...createPasswordPolicy().check('12345'),
    ]);
    expect(toErrorResponse(error, drf).body).toEqual({
      username: ['This field may not be blank.'],
      email: ['Enter a valid email address.'],
      password: [
        'This password is too short. It must contain at least 8 characters.',
        'This password is too common.',
        'This password is entirely numeric.',
      ],
    });
    expect(toErrorResponse(error).body).toEqual({
      code: 'VALIDATION_FAILED',
      message: 'This field may not be blank.',
      fields: {
        username: [{ code: 'REQUIRED', message: 'This field may not be blank.' }],
        email: [{ code: 'EMAIL_INVALID', message: 'Enter a valid email address.' }],
        password: [
          {
            code: 'PASSWORD_TOO_SHORT',
            message: 'This password is too short. It must contain at least 8 characters.',
          },
          { code: 'PASSWORD_TOO_COMMON', message: 'This password is too common.' },
          { code: 'PASSWORD_ENTIRELY_NUMERIC', message: 'This password is entirely numeric.' },
        ],
      },
    });
  });
});

describe('image issues in DRF’s words', () => {
  const issue = (
    code: 'INVALID_IMAGE_CONTENT' | 'IMAGE_EMPTY' | 'IMAGE_NAME_MISSING',
    message: string,
  ) => new ValidationError([{ path: ['profile_pic'], code, message }]);

  it('a file that is not an image: DRF’s recorded body; accountkit keeps its own message', () => {
    const error = issue('INVALID_IMAGE_CONTENT', 'The file is not an image of its extension type.');
    expect(toErrorResponse(error, drf).body).toEqual(
      recorded('PATCH', '/api/accounts/info/', { profile_pic: '<file notes.png>' }),
    );
    expect(toErrorResponse(error).body).toEqual({
      code: 'VALIDATION_FAILED',
      message: 'The file is not an image of its extension type.',
      fields: {
        profile_pic: [
          {
            code: 'INVALID_IMAGE_CONTENT',
            message: 'The file is not an image of its extension type.',
          },
        ],
      },
    });
  });

  it.each([
    ['IMAGE_EMPTY', 'The file is empty.', 'The submitted file is empty.'],
    ['IMAGE_NAME_MISSING', 'The file has no name.', 'No filename could be determined.'],
  ] as const)('%s reads as DRF’s FileField said it', (code, message, drfMessage) => {
    expect(toErrorResponse(issue(code, message), drf).body).toEqual({ profile_pic: [drfMessage] });
    expect(toErrorResponse(issue(code, message)).body).toEqual({
      code: 'VALIDATION_FAILED',
      message,
      fields: { profile_pic: [{ code, message }] },
    });
  });

  it('issues DRF had no words for keep accountkit’s message in the DRF style', () => {
    const error = new ValidationError([
      {
        path: ['cover_image'],
        code: 'INVALID_IMAGE_EXTENSION',
        message: 'Allowed extensions are: jpg, jpeg, png, gif, webp.',
      },
      {
        path: ['profile_pic'],
        code: 'IMAGE_TOO_LARGE',
        message: 'The image is larger than 10 bytes.',
      },
    ]);
    expect(toErrorResponse(error, drf).body).toEqual({
      cover_image: ['Allowed extensions are: jpg, jpeg, png, gif, webp.'],
      profile_pic: ['The image is larger than 10 bytes.'],
    });
  });
});
