/**
 * The mixed-script test of Unicode's security mechanisms (UTS #39 §5.2), which is what makes
 * `аdmin` (a Cyrillic `а`) stand out next to `admin`.
 */

/**
 * Every script of Unicode 17 by its four-letter code, as regular expressions name them in
 * `\p{Script_Extensions=…}`. A code the running engine does not know yet is skipped; its
 * characters then count as one unknown script (see `scriptsOf`).
 * @internal
 */
export const SCRIPT_CODES: readonly string[] =
  `Adlm Aghb Ahom Arab Armi Armn Avst Bali Bamu Bass Batk Beng Berf Bhks Bopo Brah
  Brai Bugi Buhd Cakm Cans Cari Cham Cher Chrs Copt Cpmn Cprt Cyrl Deva Diak Dogr Dsrt Dupl Egyp
  Elba Elym Ethi Gara Geor Glag Gong Gonm Goth Gran Grek Gujr Gukh Guru Hang Hani Hano Hatr Hebr
  Hira Hluw Hmng Hmnp Hung Ital Java Kali Kana Kawi Khar Khmr Khoj Kits Knda Krai Kthi Lana Laoo
  Latn Lepc Limb Lina Linb Lisu Lyci Lydi Mahj Maka Mand Mani Marc Medf Mend Merc Mero Mlym Modi
  Mong Mroo Mtei Mult Mymr Nagm Nand Narb Nbat Newa Nkoo Nshu Ogam Olck Onao Orkh Orya Osge Osma
  Ougr Palm Pauc Perm Phag Phli Phlp Phnx Plrd Prti Rjng Rohg Runr Samr Sarb Saur Sgnw Shaw Shrd
  Sidd Sidt Sind Sinh Sogd Sogo Sora Soyo Sund Sunu Sylo Syrc Tagb Takr Tale Talu Taml Tang Tavt
  Tayo Telu Tfng Tglg Thaa Thai Tibt Tirh Tnsa Todr Tols Toto Tutg Ugar Vaii Vith Wara Wcho Xpeo
  Xsux Yezi Yiii Zanb`
    .trim()
    .split(/\s+/);

/** UTS #39 augments Han and the scripts written with it by the writing systems they form. */
const AUGMENTED: Readonly<Record<string, readonly string[]>> = {
  Hani: ['Hanb', 'Jpan', 'Kore'],
  Hira: ['Jpan'],
  Kana: ['Jpan'],
  Hang: ['Kore'],
  Bopo: ['Hanb'],
};

/** The script mixes "highly restrictive" still allows: Latin beside a CJK writing system. */
const LATIN_WITH_CJK: readonly (readonly string[])[] = [
  ['Latn', 'Hani', 'Hira', 'Kana'],
  ['Latn', 'Hani', 'Bopo'],
  ['Latn', 'Hani', 'Hang'],
];

/** Common and Inherited characters (digits, `_`, `.`, combining marks) go with any script. */
const ANY_SCRIPT = /^[\p{scx=Zyyy}\p{scx=Zinh}]$/u;
const LATIN: ReadonlySet<string> = new Set(['Latn']);
/** ISO 15924's code for an unknown script. */
const UNKNOWN: ReadonlySet<string> = new Set(['Zzzz']);

// Compiled on first use: most deployments never turn the rule on.
let scriptPatterns: readonly (readonly [string, RegExp])[] | undefined;

/**
 * Whether `text` mixes scripts beyond UTS #39's "highly restrictive" level: true unless all its
 * letters and digits share one script (Han, Hiragana and Katakana count as Japanese, Han and
 * Hangul as Korean, Han and Bopomofo as Chinese) or are Latin beside one of those three. Common
 * characters (ASCII digits, `_ . @ + -`) belong to every script. Judged by each character's
 * Script_Extensions, as the standard asks.
 *
 * A name written wholly in one script is never refused, so whole-script look-alikes (`ѕсоре`,
 * all Cyrillic, beside `scope`) pass: telling those apart needs the confusable skeleton of every
 * stored name.
 *
 * @example
 * ```ts
 * mixesScripts('аdmin'); // true: Cyrillic а, Latin dmin
 * mixesScripts('admin'); // false
 * mixesScripts('山田taro'); // false: Latin beside Han
 * ```
 */
export function mixesScripts(text: string): boolean {
  const sets: ReadonlySet<string>[] = [];
  for (const char of new Set(text)) {
    const scripts = scriptsOf(char);
    if (scripts !== null) sets.push(scripts);
  }
  if (sets.length === 0 || sharesOneScript(sets)) return false;
  return !LATIN_WITH_CJK.some((allowed) =>
    sets.every((scripts) => allowed.some((script) => scripts.has(script))),
  );
}

/** UTS #39's resolved script set is not empty: one (augmented) script is in every set. */
function sharesOneScript(sets: readonly ReadonlySet<string>[]): boolean {
  const [first = new Set<string>(), ...rest] = sets.map(augment);
  return [...first].some((script) => rest.every((scripts) => scripts.has(script)));
}

function augment(scripts: ReadonlySet<string>): ReadonlySet<string> {
  return new Set([...scripts].flatMap((script) => [script, ...(AUGMENTED[script] ?? [])]));
}

/** The Script_Extensions of one character, or `null` for a Common or Inherited one. */
function scriptsOf(char: string): ReadonlySet<string> | null {
  if (char.charCodeAt(0) < 0x80) return /[A-Za-z]/.test(char) ? LATIN : null;
  const scripts = patterns()
    .filter(([, pattern]) => pattern.test(char))
    .map(([code]) => code);
  if (scripts.length > 0) return new Set(scripts);
  return ANY_SCRIPT.test(char) ? null : UNKNOWN;
}

function patterns(): readonly (readonly [string, RegExp])[] {
  scriptPatterns ??= SCRIPT_CODES.flatMap((code) => {
    try {
      return [[code, new RegExp(`^\\p{scx=${code}}$`, 'u')] as const];
    } catch {
      // An engine older than Unicode 17 refuses the newest codes.
      return [];
    }
  });
  return scriptPatterns;
}
