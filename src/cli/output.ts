/** Plain-text result lines for the terminal. */
import type { RunOutcome } from "../report/run.js";

export function fmt(v: number | null | undefined, digits = 4): string {
  if (v === null || v === undefined) return "—";
  if (!Number.isFinite(v)) return String(v);
  const a = Math.abs(v);
  return a !== 0 && (a < 1e-3 || a >= 1e5) ? v.toExponential(digits - 1) : v.toFixed(digits);
}

export function formatOutcome({ summary: s, runDir }: RunOutcome): string {
  const f = s.final;
  const lines = [
    `${s.name}: ${s.status} after ${s.epochs} epoch${s.epochs === 1 ? "" : "s"} (${fmt(s.train_ms / 1000, 2)} s)` +
      (s.diverged_at
        ? ` — diverged at epoch ${s.diverged_at.epoch}, step ${s.diverged_at.step} (${s.diverged_at.what}${s.diverged_at.layer ? `, layer ${s.diverged_at.layer}` : ""})`
        : ""),
    `  train_loss ${fmt(f.train_loss)}` +
      (f.train_acc !== null ? `  train_acc ${fmt(f.train_acc, 3)}` : "") +
      (f.test_loss !== null ? `  test_loss ${fmt(f.test_loss)}` : "") +
      (f.test_acc !== null ? `  test_acc ${fmt(f.test_acc, 3)}` : ""),
  ];
  for (const e of s.expect) lines.push(`  ${e.pass ? "PASS" : "FAIL"}  ${e.metric} ${e.op} ${e.threshold}  (got ${fmt(e.value)})`);
  lines.push(`  run folder: ${runDir}`);
  return lines.join("\n") + "\n";
}
