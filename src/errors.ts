/**
 * Typed errors. Only `src/cli` decides exit codes: it maps InputError and OutputError → 2, everything unexpected → 1
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

/** Edit distance with transpositions (optimal string alignment), for did-you-mean: rleu → relu is 1. */
export function editDistance(a: string, b: string): number {
  const d = Array.from({ length: a.length + 1 }, (_, i) => Array.from({ length: b.length + 1 }, (_, j) => (i === 0 ? j : j === 0 ? i : 0)));
  for (let i = 1; i <= a.length; i++) {
    for (let j = 1; j <= b.length; j++) {
      const cost = a[i - 1] === b[j - 1] ? 0 : 1;
      d[i][j] = Math.min(d[i - 1][j] + 1, d[i][j - 1] + 1, d[i - 1][j - 1] + cost);
      if (i > 1 && j > 1 && a[i - 1] === b[j - 2] && a[i - 2] === b[j - 1]) d[i][j] = Math.min(d[i][j], d[i - 2][j - 2] + 1);
    }
  }
  return d[a.length][b.length];
}

/** " (did you mean 'relu'?)" when a candidate is close to `got`, else "". */
export function didYouMean(got: string, candidates: readonly string[]): string {
  let best = "";
  let bestDist = Infinity;
  for (const c of candidates) {
    if (c === got) continue; // never suggest what was typed
    // the distance is at least the difference in length: a candidate that cannot pass the limit below is not measured
    // (a 100 KB name would cost seconds of edit distance per candidate)
    if (Math.abs(got.length - c.length) > Math.max(1, Math.floor(Math.max(got.length, c.length) / 3))) continue;
    const d = editDistance(got.toLowerCase(), c.toLowerCase());
    if (d < bestDist) {
      best = c;
      bestDist = d;
    }
  }
  const limit = Math.max(1, Math.floor(Math.max(got.length, best.length) / 3));
  return best !== "" && bestDist <= limit ? ` (did you mean '${best}'?)` : "";
}

/** A file nn-lab must write could not be written (full disk, permissions, read-only): exit 2 with one clear line. */
export class OutputError extends Error {
  override readonly name = "OutputError";
}

const ERRNO: Record<string, string> = {
  ENOSPC: "no space left on the device",
  EDQUOT: "disk quota exceeded",
  EACCES: "permission denied",
  EPERM: "operation not permitted",
  EROFS: "read-only file system",
  ENOENT: "no such file or folder",
  ENOTDIR: "a part of the path is a file, not a folder",
  EEXIST: "it already exists",
  EIO: "input/output error",
};

/** Wrap a failed file operation as an OutputError naming the file and the reason. */
export function outputError(path: string, e: unknown): OutputError {
  const code = (e as NodeJS.ErrnoException).code;
  return new OutputError(`cannot write ${path}: ${(code && ERRNO[code]) ?? (e as Error).message} (${code ?? "error"})`);
}
