import { createRequire } from 'node:module';

let commonPasswords: ReadonlySet<string> | undefined;

/**
 * The 49,233 most common passwords of `@zxcvbn-ts/language-common` (lower case), built once on
 * first use: the dictionary takes about 100 ms to decompress, which an application that never
 * checks a password should not pay at import.
 * @internal
 */
export function getCommonPasswords(): ReadonlySet<string> {
  if (commonPasswords === undefined) {
    const { dictionary } = createRequire(import.meta.url)('@zxcvbn-ts/language-common') as {
      dictionary: { 'passwords-common': readonly string[] };
    };
    commonPasswords = new Set(dictionary['passwords-common']);
  }
  return commonPasswords;
}
