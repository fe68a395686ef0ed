/**
 * nn-lab's exit codes (docs/commands.md, spec.md §6): 0 success; 1 a failed expectation, check or divergence — and
 * nothing else; 2 bad usage, bad input, or an output that cannot be written; 128+N stopped by signal N (see
 * interrupt.ts exitCodeOf). Only `src/cli` returns them.
 */
export const EXIT = { ok: 0, failed: 1, usage: 2 } as const;

export type ExitCode = (typeof EXIT)[keyof typeof EXIT];
