/**
 * Parsers of configuration values that appear in several variables: durations, limits, keys.
 * Each returns the value or a problem text (without the variable's name, which the caller adds).
 */
import type { ThrottleRule } from '../rate-limit/index.js';
import { TOKEN_ALGORITHMS, type TokenAlgorithm, type TokenKey } from '../tokens/options.js';

/** A parsed value, or why it cannot be used. */
export type Parsed<T> =
  | { readonly ok: true; readonly value: T }
  | { readonly ok: false; readonly problem: string };

/** One configuration variable: its name, its default as text, and what it means. */
export interface ServerVariable {
  readonly name: string;
  readonly default: string;
  readonly meaning: string;
}

/** Reads one variable of the table: its parsed value, or `fallback` when unset. @internal */
export type ReadVariable = <T>(name: string, parse: (text: string) => Parsed<T>, fallback: T) => T;

/** The entries whose value is set, so library defaults apply to the others. @internal */
export function definedOnly<T extends Record<string, unknown>>(
  entries: T,
): { [K in keyof T]?: Exclude<T[K], undefined> } {
  return Object.fromEntries(Object.entries(entries).filter(([, value]) => value !== undefined)) as {
    [K in keyof T]?: Exclude<T[K], undefined>;
  };
}

const ok = <T>(value: T): Parsed<T> => ({ ok: true, value });
const bad = <T>(problem: string): Parsed<T> => ({ ok: false, problem });

const UNIT_SECONDS: Readonly<Record<string, number>> = { s: 1, m: 60, h: 3600, d: 86_400 };

/** `300`, `300s`, `15m`, `12h`, `30d`: whole seconds, at least `min`. */
export function parseDuration(text: string, min = 1): Parsed<number> {
  const match = /^([0-9]{1,9})([smhd]?)$/.exec(text.trim());
  const seconds = match ? Number(match[1]) * (UNIT_SECONDS[match[2] || 's'] ?? 1) : Number.NaN;
  return Number.isSafeInteger(seconds) && seconds >= min
    ? ok(seconds)
    : bad(`expected a duration such as 300, 15m, 12h or 30d (at least ${min} s)`);
}

/** `off`, or `<attempts>/<window>` such as `10/15m`. */
export function parseLimit(text: string): Parsed<ThrottleRule | false> {
  if (text.trim() === 'off') return ok(false);
  const [count, window] = text.split('/');
  const limit = Number(count);
  const duration = window === undefined ? bad<number>('') : parseDuration(window);
  if (!Number.isSafeInteger(limit) || limit < 1 || !duration.ok) {
    return bad('expected "off" or attempts per window, such as 10/15m');
  }
  return ok({ limit, windowSeconds: duration.value });
}

/** `1`, `true`, `0`, `false`. */
export function parseFlag(text: string): Parsed<boolean> {
  if (text === '1' || text === 'true') return ok(true);
  if (text === '0' || text === 'false') return ok(false);
  return bad('expected 1, true, 0 or false');
}

/** An integer from `min` to `max`. */
export function parseInteger(text: string, min: number, max: number): Parsed<number> {
  const value = Number(text);
  return /^[0-9]+$/.test(text) && value >= min && value <= max
    ? ok(value)
    : bad(`expected an integer from ${min} to ${max}`);
}

/** One of `choices`. */
export function parseChoice<C extends string>(text: string, choices: readonly C[]): Parsed<C> {
  return (choices as readonly string[]).includes(text)
    ? ok(text as C)
    : bad(`expected ${choices.map((choice) => `"${choice}"`).join(', ')}`);
}

/**
 * A signing or verifying key: a PEM key (`-----BEGIN ...`), a JWK as JSON, or an HS256 secret.
 * PEM and JWK keys take `alg` (default EdDSA); a JWK's own `kid` is used unless `kid` is given.
 */
export function parseKey(
  text: string,
  alg: TokenAlgorithm | undefined,
  kid: string | undefined,
): Parsed<TokenKey> {
  const trimmed = text.trim();
  const withKid = (key: TokenKey): TokenKey => (kid === undefined ? key : { ...key, kid });
  if (trimmed.startsWith('-----BEGIN')) return ok(withKid({ alg: alg ?? 'EdDSA', key: trimmed }));
  if (trimmed.startsWith('{')) {
    try {
      const jwk = JSON.parse(trimmed) as Record<string, unknown>;
      const own = typeof jwk.kid === 'string' ? { kid: jwk.kid } : {};
      return ok(withKid({ ...own, alg: alg ?? 'EdDSA', key: jwk }));
    } catch {
      return bad('a JWK must be valid JSON');
    }
  }
  if (alg !== undefined && alg !== 'HS256') return bad(`an ${alg} key must be PEM or a JWK`);
  return ok(withKid({ alg: 'HS256', key: text }));
}

/**
 * Verify-only keys: a JSON array of `{ "kid", "alg", "key" }` (`key`: PEM text, a JWK object or
 * an HS256 secret), for tokens signed with keys being rotated out.
 */
export function parseKeyList(text: string): Parsed<TokenKey[]> {
  let list: unknown;
  try {
    list = JSON.parse(text);
  } catch {
    return bad('expected a JSON array of {"kid", "alg", "key"}');
  }
  if (!Array.isArray(list)) return bad('expected a JSON array of {"kid", "alg", "key"}');
  const keys: TokenKey[] = [];
  for (const [index, entry] of list.entries()) {
    const { kid, alg, key } = (entry ?? {}) as Record<string, unknown>;
    if (alg !== undefined && !(TOKEN_ALGORITHMS as readonly unknown[]).includes(alg)) {
      return bad(`entry ${index}: alg must be one of ${TOKEN_ALGORITHMS.join(', ')}`);
    }
    if (kid !== undefined && typeof kid !== 'string')
      return bad(`entry ${index}: kid must be text`);
    const material = typeof key === 'object' && key !== null ? JSON.stringify(key) : key;
    if (typeof material !== 'string' || material === '') {
      return bad(`entry ${index}: key must be PEM text, a JWK or a secret`);
    }
    const parsed = parseKey(material, alg as TokenAlgorithm | undefined, kid);
    if (!parsed.ok) return bad(`entry ${index}: ${parsed.problem}`);
    keys.push(parsed.value);
  }
  return ok(keys);
}
