/**
 * Typed errors. Only `src/cli` decides exit codes: it maps InputError → 2, everything unexpected → 1
 * ("internal error"). Messages are one line each and name where the bad value came from.
 */
export class InputError extends Error {
  override readonly name = "InputError";
  /** One line per problem. */
  readonly problems: string[];
  constructor(problems: string | string[]) {
    const list = Array.isArray(problems) ? problems : [problems];
    super(list.join("\n"));
    this.problems = list;
  }
}

/** Levenshtein distance, for did-you-mean suggestions. */
export function editDistance(a: string, b: string): number {
  const prev = Array.from({ length: b.length + 1 }, (_, j) => j);
  for (let i = 1; i <= a.length; i++) {
    let diag = prev[0];
    prev[0] = i;
    for (let j = 1; j <= b.length; j++) {
      const tmp = prev[j];
      prev[j] = Math.min(prev[j] + 1, prev[j - 1] + 1, diag + (a[i - 1] === b[j - 1] ? 0 : 1));
      diag = tmp;
    }
  }
  return prev[b.length];
}

/** " (did you mean 'relu'?)" when a candidate is close to `got`, else "". */
export function didYouMean(got: string, candidates: readonly string[]): string {
  let best = "";
  let bestDist = Infinity;
  for (const c of candidates) {
    const d = editDistance(got.toLowerCase(), c.toLowerCase());
    if (d < bestDist) {
      best = c;
      bestDist = d;
    }
  }
  const limit = Math.max(1, Math.floor(Math.max(got.length, best.length) / 3));
  return best !== "" && bestDist <= limit ? ` (did you mean '${best}'?)` : "";
}
