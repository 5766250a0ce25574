import { readFileSync } from 'node:fs';

/** One Django verdict: a value, or the exception Django raised instead. */
export interface DjangoOutcome<T> {
  readonly value?: T;
  readonly raises?: string;
}

export interface DjangoVector {
  readonly label: string;
  readonly algorithm: string;
  readonly password: string;
  readonly note?: string;
  readonly encoded?: string;
  readonly encode?: DjangoOutcome<string>;
  readonly all_hashers_enabled?: {
    readonly must_update: boolean;
    readonly check_password_correct: boolean;
    readonly upgrade_on_login: boolean;
    readonly is_password_usable: boolean;
  };
  readonly wrong_password_checks?: readonly {
    readonly password: string | null;
    readonly check_password: DjangoOutcome<boolean>;
  }[];
}

export interface PasswordVectors {
  readonly vectors: readonly DjangoVector[];
  readonly malformed_encodings: readonly {
    readonly encoded: string | null;
    readonly is_password_usable: boolean;
    readonly check_password: DjangoOutcome<boolean>;
  }[];
  readonly make_password: { readonly default_salt_length: number };
}

/** Django 3.2's own output, copied into tests/fixtures (see its README). */
export const passwordVectors: PasswordVectors = JSON.parse(
  readFileSync(new URL('../../fixtures/passwords.json', import.meta.url), 'utf8'),
);
