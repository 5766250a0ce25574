/**
 * Turning a zod parse into accountkit's answer: the parsed value, or typed issues
 * (`ValidationIssue`, each with a stable code) with their field paths. zod's own errors never
 * escape.
 */
import type * as z from 'zod';
import { VALIDATION_ISSUE_CODES, type ValidationIssueCode } from '../errors/codes.js';
import { ValidationError, type ValidationIssue } from '../errors/errors.js';

const KNOWN_ISSUE_CODES: ReadonlySet<string> = new Set(VALIDATION_ISSUE_CODES);

/** Root schemas whose unknown keys are partly read-only fields rather than unknown ones. */
const readOnlyKeysBySchema = new WeakMap<z.ZodType, ReadonlySet<string>>();

/**
 * Report `keys` as `READ_ONLY_FIELD` rather than `UNKNOWN_FIELD` when `schema` refuses them.
 * @internal
 */
export function declareReadOnlyKeys(schema: z.ZodType, keys: readonly string[]): void {
  readOnlyKeysBySchema.set(schema, new Set(keys));
}

/**
 * Parse `raw` with `schema`. Returns the parsed value or throws one `ValidationError` listing
 * every problem with its field path; zod's own errors never escape.
 *
 * Issue codes: a missing field is `REQUIRED`, a wrong JSON type `INVALID_TYPE`, an unexpected
 * key `UNKNOWN_FIELD` (or `READ_ONLY_FIELD` on a profile update), plus the rule codes of the
 * fields (`USERNAME_INVALID`, `USERNAME_TOO_LONG`, `EMAIL_INVALID`, `INVALID_ID`).
 *
 * @throws ValidationError `VALIDATION_FAILED` with the issues above.
 * @example
 * ```ts
 * const input = parseInput(signUpSchema, await request.json());
 * // throws for { username: 'alice', password: 'x', is_staff: true }:
 * // issues [{ path: ['is_staff'], code: 'UNKNOWN_FIELD', ... }]
 * ```
 */
export function parseInput<S extends z.ZodType>(schema: S, raw: unknown): z.output<S> {
  const result = schema.safeParse(raw);
  if (result.success) return result.data;
  throw new ValidationError(issuesOf(schema, result.error, raw));
}

/** Outcome of {@link parseInputFields}. */
export type ParsedFields<T> =
  | { readonly ok: true; readonly value: T }
  | {
      readonly ok: false;
      /** Every issue, as {@link parseInput} would throw them. */
      readonly issues: readonly ValidationIssue[];
      /** The fields that are valid on their own, parsed; absent and invalid ones are left out. */
      readonly validFields: Partial<T>;
    };

/**
 * Parse `raw` with an object schema as {@link parseInput} does, but return the issues instead
 * of throwing them, along with every field that is valid on its own. A service then runs the
 * rules that need a valid field (the password policy, the opt-in username rules) on those
 * fields and reports their issues with the rest, as Django REST Framework ran each field's
 * validators whatever the state of the others.
 *
 * @example
 * ```ts
 * parseInputFields(signUpSchema, { username: 'bad name!', password: 'secret' });
 * // { ok: false, issues: [{ path: ['username'], code: 'USERNAME_INVALID', ... }],
 * //   validFields: { password: 'secret' } }
 * ```
 */
export function parseInputFields<S extends z.ZodObject>(
  schema: S,
  raw: unknown,
): ParsedFields<z.output<S>> {
  const result = schema.safeParse(raw);
  if (result.success) return { ok: true, value: result.data };
  const sent = isObject(raw) ? raw : {};
  const validFields: Record<string, unknown> = {};
  for (const [key, field] of Object.entries(schema.shape)) {
    const parsed = field.safeParse(Object.hasOwn(sent, key) ? sent[key] : undefined);
    if (parsed.success && parsed.data !== undefined) validFields[key] = parsed.data;
  }
  return {
    ok: false,
    issues: issuesOf(schema, result.error, raw),
    validFields: validFields as Partial<z.output<S>>,
  };
}

function issuesOf(schema: z.ZodType, error: z.ZodError, raw: unknown): ValidationIssue[] {
  const readOnly = readOnlyKeysBySchema.get(schema) ?? new Set<string>();
  return error.issues.flatMap((issue) => toIssues(issue, raw, readOnly));
}

function toIssues(
  issue: z.core.$ZodIssue,
  raw: unknown,
  readOnly: ReadonlySet<string>,
): ValidationIssue[] {
  const path = issue.path.map((key) => (typeof key === 'symbol' ? String(key) : key));
  switch (issue.code) {
    case 'unrecognized_keys':
      return issue.keys.map((key) =>
        readOnly.has(key)
          ? { path: [...path, key], code: 'READ_ONLY_FIELD', message: 'This field is read-only.' }
          : { path: [...path, key], code: 'UNKNOWN_FIELD', message: 'Unknown field.' },
      );
    case 'invalid_type':
      return [
        isPresent(raw, path)
          ? { path, code: 'INVALID_TYPE', message: `Expected ${issue.expected}.` }
          : { path, code: 'REQUIRED', message: 'This field is required.' },
      ];
    case 'custom':
      return [{ path, code: customCode(issue.params), message: issue.message }];
    case 'too_big':
      return [{ path, code: 'TOO_LONG', message: issue.message }];
    default:
      return [{ path, code: 'INVALID_VALUE', message: issue.message }];
  }
}

function customCode(params: Record<string, unknown> | undefined): ValidationIssueCode {
  const code = params?.code;
  return typeof code === 'string' && KNOWN_ISSUE_CODES.has(code)
    ? (code as ValidationIssueCode)
    : 'INVALID_VALUE';
}

/** Whether the value at `path` was sent at all (JSON has no `undefined`). */
function isPresent(raw: unknown, path: readonly (string | number)[]): boolean {
  let node = raw;
  for (const key of path) {
    if (typeof node !== 'object' || node === null || !Object.hasOwn(node, key)) return false;
    node = (node as Record<string | number, unknown>)[key];
  }
  return node !== undefined;
}

/** A JSON object: not `null`, not an array. @internal */
export function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}
