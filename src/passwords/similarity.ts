/**
 * Django's default `max_similarity` of `UserAttributeSimilarityValidator`.
 * @internal
 */
export const DEFAULT_MAX_SIMILARITY = 0.7;

/**
 * Python's `\W+` on str: runs of anything but letters, numbers and the underscore (Python's `\w`
 * is `isalnum()` or `_`, so combining marks separate parts there too).
 */
const NON_WORD = /[^\p{L}\p{N}_]+/u;

/**
 * Django's `UserAttributeSimilarityValidator` on the given values: each value and each of its
 * `\W`-separated parts is compared, case-insensitively, with `SequenceMatcher.quick_ratio`
 * (2 × shared characters ÷ total length), skipping parts far shorter than the password as
 * Django does since CVE-2021-45115. `quick_ratio` is a character-count bound, so the check is
 * linear in the input: about a millisecond at 4,096 bytes. Returns the first value judged too
 * similar, or undefined.
 * @internal
 */
export function findSimilarValue(
  password: string,
  values: readonly (readonly [name: string, value: string])[],
  maxSimilarity: number,
): string | undefined {
  const lowered = [...password.toLowerCase()];
  const counts = countCodePoints(lowered);
  for (const [name, value] of values) {
    const valueLower = value.toLowerCase();
    for (const part of [...valueLower.split(NON_WORD), valueLower]) {
      const partChars = [...part];
      if (
        partChars.length === 0 ||
        exceedsLengthRatio(lowered.length, partChars.length, maxSimilarity)
      ) {
        continue;
      }
      if (quickRatio(counts, lowered.length, partChars) >= maxSimilarity) return name;
    }
  }
  return undefined;
}

/** Django's `exceeds_maximum_length_ratio`: a much longer password cannot be "similar". */
function exceedsLengthRatio(passwordLength: number, valueLength: number, max: number): boolean {
  return passwordLength >= 10 * valueLength && valueLength < (max / 2) * passwordLength;
}

function countCodePoints(chars: readonly string[]): ReadonlyMap<string, number> {
  const counts = new Map<string, number>();
  for (const char of chars) counts.set(char, (counts.get(char) ?? 0) + 1);
  return counts;
}

/** `difflib.SequenceMatcher(a=password, b=value).quick_ratio()`. */
function quickRatio(
  passwordCounts: ReadonlyMap<string, number>,
  passwordLength: number,
  value: readonly string[],
): number {
  const available = new Map(passwordCounts);
  let matches = 0;
  for (const char of value) {
    const left = available.get(char) ?? 0;
    if (left > 0) {
      matches += 1;
      available.set(char, left - 1);
    }
  }
  const total = passwordLength + value.length;
  return total === 0 ? 1 : (2 * matches) / total;
}
