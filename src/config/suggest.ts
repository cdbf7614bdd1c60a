// "Did you mean …?" for misspelt keys, operators, severities and metric names in the config file.

/** Case, `_` and `-` do not matter when comparing (`time_window` is `timeWindow` misspelt). */
const normalize = (text: string) => text.toLowerCase().replace(/[\s_-]+/g, '');

/** Edit distance counting a swap of two neighbours as one edit (`serverity` → `severity`). */
export function editDistance(a: string, b: string): number {
  const rows = a.length + 1;
  const cols = b.length + 1;
  const d: number[][] = Array.from({ length: rows }, (_, i) =>
    Array.from({ length: cols }, (_, j) => i || j),
  );
  const at = (i: number, j: number) => d[i]?.[j] ?? Number.POSITIVE_INFINITY;
  for (let i = 1; i < rows; i++) {
    const row = d[i] as number[];
    for (let j = 1; j < cols; j++) {
      const cost = a[i - 1] === b[j - 1] ? 0 : 1;
      let best = Math.min(at(i - 1, j) + 1, at(i, j - 1) + 1, at(i - 1, j - 1) + cost);
      if (i > 1 && j > 1 && a[i - 1] === b[j - 2] && a[i - 2] === b[j - 1])
        best = Math.min(best, at(i - 2, j - 2) + 1);
      row[j] = best;
    }
  }
  return at(a.length, b.length);
}

/**
 * The candidate the input most likely meant, or undefined when none is close. `synonyms` maps words people
 * write for the same thing (`greater`, `>`) to a candidate; they win over spelling distance.
 */
export function nearest(
  input: string,
  candidates: readonly string[],
  synonyms: Readonly<Record<string, string>> = {},
): string | undefined {
  const wanted = normalize(input);
  if (wanted === '') return undefined;
  // Own entries only: `constructor` is no synonym of anything.
  const own = (key: string) => (Object.hasOwn(synonyms, key) ? synonyms[key] : undefined);
  const synonym = own(wanted) ?? own(input.trim());
  if (synonym !== undefined) return synonym;
  let best: { candidate: string; distance: number } | undefined;
  for (const candidate of candidates) {
    const distance = editDistance(wanted, normalize(candidate));
    if (!best || distance < best.distance) best = { candidate, distance };
  }
  if (!best) return undefined;
  // Short names need a close match, or every two-letter typo would "mean" some operator.
  const allowed = Math.max(1, Math.floor(Math.max(wanted.length, normalize(best.candidate).length) / 3));
  return best.distance <= allowed ? best.candidate : undefined;
}

/** ` (did you mean "gte"?)`, or nothing when no candidate is close. */
export function didYouMean(
  input: string,
  candidates: readonly string[],
  synonyms?: Readonly<Record<string, string>>,
): string {
  const match = nearest(input, candidates, synonyms);
  return match !== undefined && match !== input ? ` (did you mean "${match}"?)` : '';
}

/** `a, b or c` */
export function listWords(words: readonly string[], conjunction = 'or'): string {
  if (words.length <= 1) return words.join('');
  return `${words.slice(0, -1).join(', ')} ${conjunction} ${words[words.length - 1]}`;
}
