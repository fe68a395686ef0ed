/**
 * The shared forward pass (train.ts): full-batch, unshuffled training on at most one evaluation chunk (512 rows),
 * without batch norm, lets a step reuse the forward pass and dL/dz the epoch's evaluation left in the workspace.
 * Taken anywhere else it would train on the wrong numbers, so these runs check the loop's weights against ones
 * worked out independently: mini-batches in order against the step by hand (step-by-hand.test.ts: w = 1.82,
 * b = 0.74 after one epoch), and full batches (with batch norm, beyond one chunk, with a test set larger than the
 * training set) against the same run with the rows shuffled: one full-batch step sums the same terms in another
 * order, so the two runs agree to rounding.
 */
import { describe, expect, it } from "vitest";
import { loadConfigText } from "../../src/config/load.js";
import { resolveExperiment } from "../../src/config/resolve.js";
import type { MetricsRow } from "../../src/metrics.js";
import { train } from "../../src/train/train.js";

async function run(yaml: string) {
  const rows: MetricsRow[] = [];
  const result = await train(resolveExperiment(loadConfigText(yaml, "/nowhere/c.yaml")), {
    evalThread: "off",
    onEpoch: (r) => rows.push(r),
  });
  expect(result.status).toBe("completed");
  return { params: Array.from(result.mlp.params), rows };
}

/** The largest difference between two runs' weights, relative to the largest weight. */
function apart(a: number[], b: number[]): number {
  expect(a).toHaveLength(b.length);
  const scale = Math.max(...a.map(Math.abs));
  return Math.max(...a.map((v, i) => Math.abs(v - b[i]))) / scale;
}

async function shuffledAgainstInOrder(yaml: (shuffle: boolean) => string) {
  const inOrder = await run(yaml(false));
  const shuffled = await run(yaml(true));
  // rounding only: the order of a sum's terms moves its last bits
  expect(apart(inOrder.params, shuffled.params)).toBeLessThan(1e-9);
  const last = (r: MetricsRow[]) => r[r.length - 1];
  expect(last(inOrder.rows).train_loss).toBeCloseTo(last(shuffled.rows).train_loss, 9);
  return { inOrder, shuffled };
}

describe("a step's forward pass shared with the evaluation only where it is the same pass", () => {
  it("mini-batches in order (2 of 3 rows): one epoch by the loop gives the step-by-hand weights w = 1.82, b = 0.74", async () => {
    const { params } = await run(
      "seed: 5\ndata: {kind: inline, x: [[1], [2], [3]], y: [1, 2, 4]}\nmodel: {layers: [], output: linear, init: zeros}\n" +
        "train: {loss: mse, optimizer: sgd, lr: 0.1, batch: 2, shuffle: false, epochs: 1}\n",
    );
    expect(params[0]).toBeCloseTo(1.82, 14);
    expect(params[1]).toBeCloseTo(0.74, 14);
  });

  const moons = (n: number, test: number, model: string, shuffle: boolean) =>
    `seed: 7\ndata: {kind: moons, n: ${n}, test: ${test}}\nmodel: ${model}\ntrain: {epochs: 15, batch: full, lr: 0.3, shuffle: ${shuffle}}\n`;

  it("full batch, in order and shuffled, agree (60 rows, no batch norm)", async () => {
    await shuffledAgainstInOrder((s) => moons(60, 0.25, "{layers: [8]}", s));
  });

  it("full batch with batch norm, in order and shuffled, agree (a step normalises with the batch's statistics, the evaluation with the running ones)", async () => {
    await shuffledAgainstInOrder((s) => moons(60, 0.25, "{layers: [8], norm: batch}", s));
  });

  it("full batch of 600 rows (two evaluation chunks), in order and shuffled, agree", async () => {
    await shuffledAgainstInOrder((s) => moons(750, 0.2, "{layers: [4]}", s));
  });

  it("full batch with a test set larger than the training set (30 train, 90 test rows): test metrics finite and the same both ways", async () => {
    const { inOrder, shuffled } = await shuffledAgainstInOrder((s) => moons(120, 0.75, "{layers: [8]}", s));
    const test = (r: MetricsRow[]) => r.map((x) => x.test_loss!);
    expect(test(inOrder.rows).every(Number.isFinite)).toBe(true);
    test(inOrder.rows).forEach((v, i) => expect(v).toBeCloseTo(test(shuffled.rows)[i], 9));
  });
});
