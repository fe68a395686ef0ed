/**
 * The playground's training worker as the page gets it — dist/report/play-worker.js, the esbuild bundle of nn-lab's
 * own config loader, generators, engine and training loop — run here in a bare VM context with only what a Web
 * Worker has (self.postMessage, MessageChannel, performance, timers). What this proves: on the same JavaScript
 * engine as the CLI, the page's training is bit for bit the CLI's — metrics.csv and model.json byte-identical to
 * `nn-lab train` on the exported config, for a shuffled minibatch sigmoid net, a full-batch relu net with Adam,
 * clipping and l2, and a deep sigmoid net with residual connections and batch norm; pausing and stepping change nothing; a bad config gets the CLI's message. (In Chromium the
 * numbers agree to the last bits only: its Math.exp/log differ from Node's; see test/browser/playground.test.ts.)
 */
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { runInNewContext } from "node:vm";
import { describe, expect, it } from "vitest";
import { ROOT, runMain, tempDir, writeFile } from "../helpers.js";

type Message = Record<string, unknown> & { type: string };

/** Load the bundle in a fresh context and return a function that sends a message and collects the replies. */
function worker(): { send: (m: Message) => void; until: (type: string) => Promise<Message>; messages: Message[] } {
  const source = readFileSync(join(ROOT, "dist", "report", "play-worker.js"), "utf8");
  const messages: Message[] = [];
  const waiting: { type: string; resolve: (m: Message) => void }[] = [];
  const self: Record<string, unknown> = {
    postMessage: (m: Message) => {
      messages.push(m);
      for (const w of waiting.filter((x) => x.type === m.type || m.type === "error")) {
        waiting.splice(waiting.indexOf(w), 1);
        w.resolve(m);
      }
    },
  };
  runInNewContext(source, {
    self,
    MessageChannel,
    performance,
    setTimeout,
    clearTimeout,
    console,
    URL,
    TextEncoder,
    TextDecoder,
    structuredClone,
  });
  return {
    send: (m) => (self.onmessage as (e: { data: Message }) => void)({ data: m }),
    until: (type) => new Promise((resolve) => waiting.push({ type, resolve })),
    messages,
  };
}

const SIGMOID = `name: play
seed: 3
data: { kind: moons, n: 150, noise: 0.2, test: 0.2 }
model: { layers: [6, 5], activation: sigmoid }
train: { epochs: 40, batch: 16, optimizer: sgd, lr: 0.2 }
`;

const RELU = `name: play-b
seed: 7
data: { kind: circles, n: 120, noise: 0.1 }
model: { layers: [8], activation: relu, init: he }
train: { epochs: 30, batch: full, optimizer: adam, lr: 0.02, clip: { norm: 0.5 }, l2: 0.001 }
`;

const CURES = `name: play-cures
seed: 5
data: { kind: moons, n: 120, noise: 0.15 }
model: { layers: [8, 8, 8], activation: sigmoid, residual: true, norm: batch }
train: { epochs: 25, batch: 24, optimizer: sgd, lr: 0.3 }
`;

async function trainInWorker(yaml: string, paused = false): Promise<Message> {
  const w = worker();
  const done = w.until("done");
  w.send({ type: "start", id: 1, yaml, paused, files: {} });
  if (paused) {
    // three single steps, then run to the end: pausing must not change a number
    for (let i = 0; i < 3; i++) w.send({ type: "step", id: 1 });
    w.send({ type: "resume", id: 1 });
  }
  return done;
}

describe("the playground's bundled worker, run in Node", () => {
  for (const [name, yaml] of [
    ["sigmoid, minibatches, shuffled", SIGMOID],
    ["relu, full batch, adam, clipping, l2", RELU],
    ["sigmoid with residual connections and batch norm", CURES],
  ] as const) {
    it(`trains ${name} exactly as nn-lab train does: metrics.csv and model.json byte-identical`, async () => {
      const dir = tempDir("nn-lab-play-worker-");
      const config = writeFile(dir, "exported.yaml", yaml);
      const r = await runMain(["train", config, "--run-dir", join(dir, "run"), "--quiet"]);
      expect(r.code).toBe(0);
      const done = await trainInWorker(yaml);
      expect(done.type).toBe("done");
      expect(done.status).toBe("completed");
      expect(done.metricsCsv).toBe(readFileSync(join(dir, "run", "metrics.csv"), "utf8"));
      expect(done.modelJson).toBe(readFileSync(join(dir, "run", "model.json"), "utf8"));
    });
  }

  it("gives the same bytes when paused, stepped three times and resumed", async () => {
    const straight = await trainInWorker(SIGMOID);
    const stepped = await trainInWorker(SIGMOID, true);
    expect([straight.type, stepped.type]).toEqual(["done", "done"]);
    expect(stepped.metricsCsv).toBe(straight.metricsCsv);
    expect(stepped.modelJson).toBe(straight.modelJson);
  });

  it("posts every unit's map over the plane, the weights and the unit marks", async () => {
    const w = worker();
    const progress = w.until("progress");
    w.send({ type: "start", id: 4, yaml: SIGMOID, paused: false, files: {} });
    const view = (await progress).view as { grid: number; units: number[][][]; weights: number[][]; dims: number[]; marks: string[][] };
    expect(view.dims).toEqual([2, 6, 5, 1]);
    expect(view.units.map((layer) => layer.length)).toEqual([6, 5, 1]);
    for (const layer of view.units) for (const unit of layer) expect(unit.length).toBe(view.grid * view.grid);
    expect(view.weights.map((w) => w.length)).toEqual([12, 30, 5]);
    expect(view.marks.map((m) => m.length)).toEqual([6, 5]);
    // a sigmoid unit's outputs lie in (0, 1); the output unit's are probabilities
    for (const unit of view.units[0]) for (const v of unit) expect(v > 0 && v < 1).toBe(true);
    w.send({ type: "stop", id: 4 });
  });

  it("answers a bad config with the CLI's message", async () => {
    const w = worker();
    const error = w.until("error");
    w.send({ type: "start", id: 2, yaml: "data: {kind: moons}\ntrain: {lr: -1, epochs: 5}\n", paused: false, files: {} });
    expect((await error).message).toBe("config.yaml:2:9: train.lr: must be > 0, got -1");
  });
});
