/**
 * nn-lab's exit codes (docs/commands.md, spec.md §6): 0 success; 1 a failed expectation, check or divergence (or an
 * unwritable output); 2 bad usage or bad input; 130 interrupted. Only `src/cli` returns them.
 */
export const EXIT = { ok: 0, failed: 1, usage: 2, interrupted: 130 } as const;

export type ExitCode = (typeof EXIT)[keyof typeof EXIT];
