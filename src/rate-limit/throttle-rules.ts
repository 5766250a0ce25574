import { ConfigurationError } from '../errors/errors.js';

/** One limit: at most `limit` counted attempts per window of `windowSeconds`. */
export interface ThrottleRule {
  /** Attempts allowed in one window; the next one is refused until the window ends. */
  readonly limit: number;
  /** The window's length; a window opens at the first attempt after the previous one ended. */
  readonly windowSeconds: number;
}

/** The operations a throttle guards. */
export type ThrottleAction = 'login' | 'register' | 'refresh' | 'mail';

/**
 * The limits of a throttle. Each is a {@link ThrottleRule}, or `false` to turn it off; an
 * omitted one keeps its default from {@link DEFAULT_THROTTLE_RULES}.
 */
export interface ThrottleRules {
  /** Login attempts per account key (the folded username), counted whether or not it exists. */
  readonly loginPerAccount?: ThrottleRule | false;
  /**
   * Failed login attempts per client address, whichever account they name: every attempt is
   * counted when it starts (so concurrent ones cannot overshoot), and a successful one is taken
   * back.
   */
  readonly loginPerAddress?: ThrottleRule | false;
  /** Sign-ups per client address. */
  readonly registerPerAddress?: ThrottleRule | false;
  /** Refreshes per refresh-token family (one login session). */
  readonly refreshPerFamily?: ThrottleRule | false;
  /** Requests for reset and verification mails per client address. */
  readonly mailPerAddress?: ThrottleRule | false;
  /**
   * Requests for reset and verification mails per address typed (case folded), or per user
   * asking for their own: so nobody can flood one inbox.
   */
  readonly mailPerEmail?: ThrottleRule | false;
}

/** The name of one rule. */
export type ThrottleRuleName = keyof ThrottleRules;

/**
 * The default limits: 10 login attempts per account and 100 failed ones per address per 15
 * minutes, 20 sign-ups per address per hour, 60 refreshes per token family per minute, 20
 * reset or verification mail requests per address and 5 per e-mail address per hour.
 */
export const DEFAULT_THROTTLE_RULES: Readonly<Record<ThrottleRuleName, ThrottleRule>> =
  Object.freeze({
    loginPerAccount: Object.freeze({ limit: 10, windowSeconds: 15 * 60 }),
    loginPerAddress: Object.freeze({ limit: 100, windowSeconds: 15 * 60 }),
    registerPerAddress: Object.freeze({ limit: 20, windowSeconds: 60 * 60 }),
    refreshPerFamily: Object.freeze({ limit: 60, windowSeconds: 60 }),
    mailPerAddress: Object.freeze({ limit: 20, windowSeconds: 60 * 60 }),
    mailPerEmail: Object.freeze({ limit: 5, windowSeconds: 60 * 60 }),
  });

/**
 * What each rule counts, which action it guards, and what a successful login does to it:
 * `reset` forgets the account's count (its owner proved who they are), `refund` takes back the
 * login's own attempt from the address (so an address spends its budget on failures only, and
 * an office behind one NAT can log in all morning), leaving the failures counted.
 * @internal
 */
export const RULE_SUBJECTS: Readonly<
  Record<
    ThrottleRuleName,
    {
      action: ThrottleAction;
      field: 'account' | 'address' | 'family' | 'email';
      onSuccess?: 'reset' | 'refund';
    }
  >
> = {
  loginPerAccount: { action: 'login', field: 'account', onSuccess: 'reset' },
  loginPerAddress: { action: 'login', field: 'address', onSuccess: 'refund' },
  registerPerAddress: { action: 'register', field: 'address' },
  refreshPerFamily: { action: 'refresh', field: 'family' },
  mailPerAddress: { action: 'mail', field: 'address' },
  mailPerEmail: { action: 'mail', field: 'email' },
};

/** What to do when the store fails: refuse the operation, or let it through with a warning. */
export type StoreFailureMode = 'fail-closed' | 'fail-open';

/** The default failure modes: login, sign-up and mail requests fail closed, refresh fails open. */
export const DEFAULT_STORE_FAILURE_MODES: Readonly<Record<ThrottleAction, StoreFailureMode>> =
  Object.freeze({
    login: 'fail-closed',
    register: 'fail-closed',
    refresh: 'fail-open',
    mail: 'fail-closed',
  });

/** A rule as the throttle runs it. @internal */
export interface ActiveRule {
  readonly name: ThrottleRuleName;
  readonly limit: number;
  readonly windowMs: number;
}

const isRuleName = (name: string): name is ThrottleRuleName => Object.hasOwn(RULE_SUBJECTS, name);
const isMode = (mode: unknown): mode is StoreFailureMode =>
  mode === 'fail-closed' || mode === 'fail-open';

function ruleProblems(name: string, rule: unknown): string[] {
  if (rule === false) return [];
  const { limit, windowSeconds } = (rule ?? {}) as Partial<ThrottleRule>;
  const problems: string[] = [];
  if (!Number.isSafeInteger(limit) || (limit as number) < 1) {
    problems.push(`rules.${name}.limit must be a positive integer`);
  }
  if (typeof windowSeconds !== 'number' || !(windowSeconds > 0) || windowSeconds > 86_400 * 366) {
    problems.push(
      `rules.${name}.windowSeconds must be a positive number of seconds (at most a year)`,
    );
  }
  return problems;
}

/**
 * The enabled rules and failure modes, validated once. Every problem is reported together.
 *
 * @throws ConfigurationError `CONFIGURATION_ERROR` for an unknown rule name, a rule that is not
 *   `false` or `{ limit, windowSeconds }` with a positive integer limit, or an unknown mode.
 * @internal
 */
export function resolveThrottleRules(
  rules: ThrottleRules = {},
  onStoreError: StoreFailureMode | Partial<Record<ThrottleAction, StoreFailureMode>> = {},
): { rules: ActiveRule[]; modes: Record<ThrottleAction, StoreFailureMode> } {
  const problems: string[] = [];
  for (const name of Object.keys(rules)) {
    if (!isRuleName(name)) problems.push(`rules.${name} is not a known rule`);
  }
  const active: ActiveRule[] = [];
  for (const name of Object.keys(DEFAULT_THROTTLE_RULES) as ThrottleRuleName[]) {
    const rule = Object.hasOwn(rules, name) ? rules[name] : DEFAULT_THROTTLE_RULES[name];
    const found = ruleProblems(name, rule);
    problems.push(...found);
    if (rule && found.length === 0) {
      active.push({ name, limit: rule.limit, windowMs: Math.ceil(rule.windowSeconds * 1000) });
    }
  }
  const modes = { ...DEFAULT_STORE_FAILURE_MODES };
  if (typeof onStoreError === 'string') {
    if (isMode(onStoreError)) {
      modes.login = modes.register = modes.refresh = modes.mail = onStoreError;
    } else problems.push(`onStoreError must be 'fail-closed' or 'fail-open'`);
  } else if (typeof onStoreError === 'object' && onStoreError !== null) {
    for (const [action, mode] of Object.entries(onStoreError)) {
      if (Object.hasOwn(modes, action) && isMode(mode)) modes[action as ThrottleAction] = mode;
      else
        problems.push(
          `onStoreError.${action} must be a known action set to 'fail-closed' or 'fail-open'`,
        );
    }
  } else {
    problems.push('onStoreError must be a mode or a mode per action');
  }
  if (problems.length > 0) throw new ConfigurationError(problems);
  return { rules: active, modes };
}
