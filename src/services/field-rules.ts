import { type UsernameRules, usernameRuleIssues } from '../core/username-rules.js';
import { ValidationError, type ValidationIssue } from '../errors/errors.js';
import type { AccountsDeps } from './deps.js';

/** What the per-field rules look at, each field already accepted by its schema. @internal */
export interface FieldRuleInput {
  /** A new username (sign-up or rename), or `undefined` when none is set. */
  readonly newUsername: string | undefined;
  /** A new password, or `undefined` when none is set. */
  readonly newPassword: string | undefined;
  /** What the password must not resemble: the account's name and email as they will be. */
  readonly attributes: { readonly username: string; readonly email: string };
}

/**
 * The issues of the rules that run on a field once its schema accepted it: the opt-in username
 * rules on a new username, then the password policy on a new password. Each runs whatever the
 * state of the other fields, as Django REST Framework ran each field's validators, so one answer
 * lists every field's problems. Neither reads storage.
 * @internal
 */
export async function fieldRuleIssues(
  deps: AccountsDeps,
  input: FieldRuleInput,
): Promise<ValidationIssue[]> {
  const rules: UsernameRules = deps.settings.usernameRules ?? {};
  const usernameIssues =
    input.newUsername === undefined ? [] : usernameRuleIssues(input.newUsername, rules);
  const passwordIssues =
    input.newPassword === undefined
      ? []
      : await policyIssues(deps, input.newPassword, input.attributes);
  return [...usernameIssues, ...passwordIssues];
}

async function policyIssues(
  deps: AccountsDeps,
  password: string,
  attributes: FieldRuleInput['attributes'],
): Promise<readonly ValidationIssue[]> {
  try {
    await deps.checkPassword(password, attributes);
    return [];
  } catch (error) {
    if (error instanceof ValidationError) return error.issues;
    throw error;
  }
}
