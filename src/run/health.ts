/**
 * Training health: plain-language findings with the numbers behind them and a suggestion, derived from the
 * metrics rows of a run. Silent when training is healthy. Thresholds (documented in docs/commands.md "Training health"):
 *   vanishing gradients   first trained epoch: ‖∇W₁‖ / ‖∇W_H‖ < 1/100 (H = last hidden layer, H ≥ 2)
 *   exploding gradients   first trained epoch: ‖∇W₁‖ / ‖∇W_H‖ > 100, or a divergence
 *   dead units            final dead_frac_layerK ≥ 50% (ReLU family), unless the run diverged (the blow-up
 *                         kills them; the divergence is the finding); dead from the start (epoch 0 had at least half
 *                         as many) is told apart from died in training: a start that kills units is not cured by lr
 *   saturation            final sat_frac_layerK ≥ 50% (sigmoid/tanh)
 *   stalled               ≥ 20 epochs and final train loss > 90% of epoch 0's; a linear model (no hidden layer, or
 *                         only linear activations) is told to add a hidden non-linear layer, not to raise lr
 *   clipping dominates    clipping changed ≥ 90% of the last epoch's steps
 *   overfitting           final test loss > 1.5 × the best, reached before 2/3 of the run
 */
import { batchRows } from "../config/derived.js";
import type { ResolvedConfig } from "../config/resolve.js";
import { makeActivation } from "../engine/activations.js";
import type { MetricsRow } from "../metrics.js";
import type { DivergedAt } from "../train/train.js";
import { EXP_3, significant } from "../format.js";

export type FindingKind =
  "vanishing_gradients" | "exploding_gradients" | "dead_units" | "saturation" | "stalled" | "clipping" | "overfitting" | "diverged";

export interface Finding {
  kind: FindingKind;
  /** 1-based layer the finding is about, when it is about one. */
  layer: number | null;
  value: number;
  message: string;
}

/** What health needs of a run, gathered as rows stream by (memory does not grow with epochs). */
export class HealthTracker {
  first: MetricsRow | null = null;
  firstTrained: MetricsRow | null = null;
  last: MetricsRow | null = null;
  bestTest: { value: number; epoch: number } | null = null;

  observe(row: MetricsRow): void {
    this.first ??= row;
    if (row.epoch > 0 && row.grad_norm !== null) this.firstTrained ??= row;
    this.last = row;
    if (row.test_loss !== null && Number.isFinite(row.test_loss) && (!this.bestTest || row.test_loss < this.bestTest.value)) {
      this.bestTest = { value: row.test_loss, epoch: row.epoch };
    }
  }
}

const pct = (f: number) => `${Math.round(f * 100)}%`;
/** 3 significant digits; an exponent when the rounded value is ≥ 1e5 or below 1e-3 (99999 → 1e+5, not "100000"). */
const sig = (v: number) => significant(v, 3, EXP_3);

export function diagnose(t: HealthTracker, config: ResolvedConfig, diverged: DivergedAt | null, trainRows: number): Finding[] {
  const findings: Finding[] = [];
  const hidden = config.model.layers;
  const H = hidden.length;
  const actOf = (l: number) => hidden[l - 1]?.activation.name ?? config.model.output;
  // the activation registry says which family a layer's activation is in (sigmoid and tanh saturate)
  const saturates = (l: number) => hidden[l - 1] !== undefined && makeActivation(hidden[l - 1].activation).family === "saturating";
  const g = t.firstTrained?.grad_norm_layer;
  // after a divergence the ratio says nothing more than the divergence finding does
  if (!diverged && g && H >= 2 && g[0] !== null && g[H - 1] !== null && g[H - 1]! > 0) {
    const ratio = g[0]! / g[H - 1]!;
    if (ratio < 0.01) {
      findings.push({
        kind: "vanishing_gradients",
        layer: 1,
        value: ratio,
        message: `vanishing gradients: layer 1's gradient norm is 1/${sig(1 / ratio)} of layer ${H}'s (${actOf(1)} hidden layers) — ${
          saturates(1) ? "try relu or he init" : "try he init, fewer layers, or adam"
        }`,
      });
    } else if (ratio > 100) {
      findings.push({
        kind: "exploding_gradients",
        layer: 1,
        value: ratio,
        message: `exploding gradients: layer 1's gradient norm is ${sig(ratio)}× layer ${H}'s — try clip: {norm: 1}, a smaller lr or xavier init`,
      });
    }
  }
  if (diverged) {
    const before = diverged.grad_norm_before;
    findings.push({
      kind: "diverged",
      layer: diverged.layer,
      value: diverged.epoch,
      message: `gradients exploded before divergence at epoch ${diverged.epoch} (step ${diverged.step}${diverged.layer ? `, layer ${diverged.layer}` : ""}${before !== null ? `, gradient norm ${sig(before)} just before` : ""}) — try clip: {norm: 1} or a smaller lr`,
    });
  }
  const last = t.last;
  if (last) {
    last.dead_frac_layer.forEach((f, i) => {
      if (f !== null && f >= 0.5 && !diverged) {
        const atStart = t.first?.dead_frac_layer[i] ?? null;
        findings.push({
          kind: "dead_units",
          layer: i + 1,
          value: f,
          message: `${pct(f)} of layer ${i + 1}'s units are dead (${actOf(i + 1)}) — ${deadAdvice(atStart, f, config)}`,
        });
      }
    });
    last.sat_frac_layer.forEach((f, i) => {
      if (f !== null && f >= 0.5) {
        findings.push({
          kind: "saturation",
          layer: i + 1,
          value: f,
          message: `saturated: ${pct(f)} of ${actOf(i + 1)} activations in layer ${i + 1} — try xavier init, a smaller lr, or relu`,
        });
      }
    });
    const first = t.first!;
    if (!diverged && last.epoch >= 20 && Number.isFinite(last.train_loss) && last.train_loss > 0.9 * first.train_loss) {
      findings.push({
        kind: "stalled",
        layer: null,
        value: last.train_loss / first.train_loss,
        message: `training stalled: train loss went from ${sig(first.train_loss)} to ${sig(last.train_loss)} in ${last.epoch} epochs — ${stalledAdvice(config)}`,
      });
    }
    const batch = batchRows(config.train.batch, trainRows);
    const steps = Math.ceil(trainRows / batch);
    if (last.clipped !== null && config.train.log_every === 1 && steps > 0 && last.clipped / steps >= 0.9) {
      findings.push({
        kind: "clipping",
        layer: null,
        value: last.clipped / steps,
        message: `clipping changed ${pct(last.clipped / steps)} of the last epoch's steps — the clip threshold sets the step size; raise it or lower lr`,
      });
    }
    const best = t.bestTest;
    if (best && last.test_loss !== null && last.test_loss > 1.5 * best.value && best.epoch < (2 / 3) * last.epoch) {
      findings.push({
        kind: "overfitting",
        layer: null,
        value: last.test_loss / best.value,
        message: `overfitting: test loss rose from ${sig(best.value)} (epoch ${best.epoch}) to ${sig(last.test_loss)} — try early_stop, l2, or more data`,
      });
    }
  }
  return findings;
}

/**
 * Units dead from the start (before any update: the initial weights and biases put every sample's z below 0) need
 * a different start; units that died during training were pushed there by the updates.
 */
function deadAdvice(atStart: number | null, now: number, config: ResolvedConfig): string {
  if (atStart === null) return "lower lr or try leaky_relu";
  if (atStart < now / 2) return `they died during training (${pct(atStart)} at epoch 0): lower lr or try leaky_relu`;
  const bias = config.model.bias_init;
  const cause =
    bias < 0
      ? `every bias starts at ${bias} (model.bias_init), which puts their z below 0 on every sample`
      : "the initial weights put their z below 0 on every sample";
  return `${pct(atStart)} were dead at epoch 0, before any update: ${cause}; start the biases at 0${bias < 0 ? "" : " or use he init"}, or use leaky_relu (it keeps a gradient for z < 0); a lower lr will not revive them`;
}

/** Why a stalled run stalled, as far as the config tells: a linear model cannot fit a curved boundary at any lr. */
function stalledAdvice(config: ResolvedConfig): string {
  const hidden = config.model.layers;
  if (hidden.length === 0)
    return "a model without hidden layers is linear and can only draw a straight boundary: add a hidden layer (model.layers: [8]) rather than raising lr";
  if (hidden.every((l) => l.activation.name === "linear"))
    return "its hidden layers are all linear, so the stack is one linear layer: use a non-linear activation (model.activation: relu) rather than raising lr";
  return "try a larger lr, adam, or another init";
}
