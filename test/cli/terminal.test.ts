/**
 * The terminal experience of the built CLI (docs/spec.md §7) with stdout and stderr not terminals: main(argv)
 * in-process (test/helpers.ts runMain, which hides the test's own terminal), one smoke test per command in a real
 * process with piped stdio, and the progress bar on a real pseudo-terminal. What these tests prove:
 *  - `train` draws no progress bar when stderr is not a terminal (stderr stays empty) and, on a pseudo-terminal,
 *    does draw one (where `script` is there to make one);
 *  - after training: a loss chart with a legend, the decision-boundary map for 2-D classification (also through
 *    derived features; none for regression, none with --no-boundary), the metrics table, the PASS/FAIL lines and
 *    the run folder, all within 80 columns and without colour escapes when colour is off;
 *  - the map counts as misclassified exactly the training points the run's train_acc says it gets wrong;
 *  - `--json` prints exactly one JSON document on stdout and nothing else; `--quiet` prints nothing;
 *  - `plot`, `softmax` and `data --plot`: numbers, negative logits as arguments, unknown names exit 2 with a
 *    did-you-mean.
 */
import { spawnSync } from "node:child_process";
import { join } from "node:path";
import { beforeAll, describe, expect, it } from "vitest";
import { BIN, onlyRunDir, readJson, runCli, runMain, tempDir, writeFile } from "../helpers.js";
import { needs, SCRIPT } from "../system-tools.js";

const MOONS = `
seed: 2
data: {kind: moons, n: 200, noise: 0.1, test: 0.2}
model: {layers: [8], activation: tanh}
train: {epochs: 60, optimizer: adam, lr: 0.03}
expect: {train_loss: "< 5"}
`;

const ESC = "\x1b[";
const widest = (s: string) => Math.max(...s.split("\n").map((l) => [...l].length));

async function train(config: string, args: string[] = [], env: Record<string, string> = {}) {
  const dir = tempDir();
  const cfg = writeFile(dir, "run.yaml", config);
  const runs = join(dir, "runs");
  const r = await runMain(["train", cfg, "--runs", runs, ...args], { env });
  return { ...r, runs };
}

describe("nn-lab train in a pipe", () => {
  let r: Awaited<ReturnType<typeof train>>;
  beforeAll(async () => {
    r = await train(MOONS);
  });

  it("draws no progress bar when stderr is not a terminal", () => {
    expect(r.code).toBe(0);
    expect(r.stderr).toBe("");
  });

  it("prints the loss chart with a legend, the map, the table, the expectations and the run folder", () => {
    const out = r.stdout;
    expect(out).toMatch(/^run: completed after 60 epochs/);
    expect(out).toMatch(/^loss$/m);
    expect(out).toContain("── train_loss   ━━ test_loss");
    expect(out).toMatch(/^ +0 +epoch +60$/m);
    expect(out).toMatch(/^decision boundary · train set: 160 points · \d+ misclassified$/m);
    expect(out).toMatch(/^ {2}metric +final +best +at epoch$/m);
    expect(out).toMatch(/^ {2}train_acc +\d\.\d{3} +\d\.\d{3} +\d+$/m);
    expect(out).toMatch(/^ {2}PASS {2}train_loss < 5 {2}\(got \d\.\d{4}\)$/m);
    expect(out).toContain(`  run folder: ${onlyRunDir(r.runs)}`);
    const order = ["loss\n", "decision boundary", "metric", "PASS", "run folder"].map((s) => out.indexOf(s));
    expect(order).toEqual([...order].sort((a, b) => a - b));
  });

  it("fits 80 columns and has no colour escapes (NO_COLOR)", () => {
    const body = r.stdout.split("\n").filter((l) => !l.includes("run folder:"));
    expect(widest(body.join("\n"))).toBeLessThanOrEqual(80);
    expect(r.stdout).not.toContain(ESC);
  });

  it("counts as misclassified exactly what train_acc says", () => {
    const s = readJson<{ final: { train_acc: number } }>(join(onlyRunDir(r.runs), "summary.json"));
    const wrong = Number(/(\d+) misclassified/.exec(r.stdout)![1]);
    expect(wrong).toBe(Math.round((1 - s.final.train_acc) * 160));
  });
});

describe("nn-lab train options", () => {
  it("--json prints exactly one JSON document on stdout, nothing else", async () => {
    const r = await train(MOONS, ["--json"]);
    expect(r.code).toBe(0);
    expect(r.stderr).toBe("");
    const doc = JSON.parse(r.stdout);
    expect(doc.status).toBe("completed");
    expect(r.stdout.trim().startsWith("{")).toBe(true);
    expect(r.stdout.trim().endsWith("}")).toBe(true);
  });

  it("--quiet prints nothing", async () => {
    const r = await train(MOONS, ["--quiet"]);
    expect([r.code, r.stdout, r.stderr]).toEqual([0, "", ""]);
  });

  it("--log-y draws the chart on a log scale; --no-boundary leaves the map out", async () => {
    const r = await train(MOONS, ["--log-y", "--no-boundary"]);
    expect(r.stdout).toContain("loss (log scale)");
    expect(r.stdout).not.toContain("decision boundary");
  });

  it("colour: FORCE_COLOR turns it on in a pipe, --no-color turns it off again", async () => {
    const on = await train(MOONS, [], { NO_COLOR: "", FORCE_COLOR: "3" });
    expect(on.stdout).toContain(`${ESC}38;2;`);
    expect(on.stdout).toContain(`${ESC}48;2;`); // the map's shaded background
    const off = await train(MOONS, ["--no-color"], { NO_COLOR: "", FORCE_COLOR: "3" });
    expect(off.stdout).not.toContain(ESC);
  });

  it("maps a model on derived features over its two raw inputs", async () => {
    const r = await train(MOONS.replace("test: 0.2}", "test: 0.2, features: [x1, x2, x1^2, x2^2, x1*x2]}"));
    expect(r.code).toBe(0);
    expect(r.stdout).toContain("decision boundary");
  });

  it("draws three classes, and no map for regression", async () => {
    const spirals = await train(
      "data: {kind: spirals, n: 150, classes: 3}\nmodel: {layers: [16]}\ntrain: {epochs: 20, optimizer: adam, lr: 0.02}\n",
    );
    expect(spirals.stdout).toContain("v class 2");
    const sine = await train(
      "data: {kind: sine, n: 100}\nmodel: {layers: [8], activation: tanh}\ntrain: {epochs: 20, optimizer: adam, lr: 0.02}\n",
    );
    expect(sine.code).toBe(0);
    expect(sine.stdout).toContain("── train_loss");
    expect(sine.stdout).not.toContain("decision boundary");
  });
});

const hasScript = needs(SCRIPT, "the progress bar on a terminal");

describe("nn-lab train on a terminal", () => {
  it.runIf(hasScript)("draws the progress bar on stderr when it is a terminal", () => {
    const dir = tempDir();
    const cfg = writeFile(dir, "bar.yaml", MOONS);
    const cmd = `${JSON.stringify(process.execPath)} ${JSON.stringify(BIN)} train ${JSON.stringify(cfg)} --runs ${JSON.stringify(join(dir, "runs"))}`;
    const r = spawnSync("script", ["-qec", cmd, "/dev/null"], {
      encoding: "utf8",
      env: { ...process.env, NO_COLOR: "1" },
      timeout: 60_000,
    });
    expect(r.status).toBe(0);
    expect(r.stdout).toMatch(/bar {2}epoch \d+\/60 [█░]+ loss/);
    expect(r.stdout).toContain("decision boundary");
  });
});

describe("nn-lab plot", () => {
  // plot's smoke test: the built CLI in a real process (the other tests run main(argv) in-process)
  it("charts activations and their derivatives with a legend", () => {
    const r = runCli(["plot", "sigmoid", "tanh", "leaky_relu:0.2", "--derivative"]);
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/^f'\(z\)$/m);
    expect(r.stdout).toContain("── sigmoid'   ━━ tanh'   ══ leaky_relu:0.2'");
    expect(r.stdout).toMatch(/^ +-6 +z +6$/m);
    expect(widest(r.stdout)).toBeLessThanOrEqual(80);
  });

  it("takes the range from --from and --to, negative numbers included", async () => {
    const r = await runMain(["plot", "relu", "--both", "--from", "-2", "--to", "3"]);
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/^ +-2 +z +3$/m);
    expect(r.stdout).toContain("── relu   ━━ relu'");
  });

  it("an unknown name exits 2 with a did-you-mean", async () => {
    const r = await runMain(["plot", "sigmod"]);
    expect(r.code).toBe(2);
    expect(r.stdout).toBe("");
    expect(r.stderr).toContain("unknown activation 'sigmod' (did you mean 'sigmoid'?)");
  });

  it("a parameter an activation does not take exits 2", async () => {
    expect((await runMain(["plot", "relu:0.1"])).code).toBe(2);
    expect((await runMain(["plot", "leaky_relu:alpah=0.1"])).stderr).toContain("did you mean 'alpha'?");
  });
});

describe("nn-lab softmax", () => {
  // softmax's smoke test: the built CLI in a real process (the other tests run main(argv) in-process)
  it("2.0 1.0 0.1 → 0.659, 0.242, 0.099, summing to 1", () => {
    const r = runCli(["softmax", "2.0", "1.0", "0.1"]);
    expect(r.code).toBe(0);
    // raw exponents e^z, then the shifted ones e^(z − 2), then p
    expect(r.stdout).toMatch(/^ +2\.0 +7\.39 +1\.0000 +0\.659 +█+/m);
    expect(r.stdout).toMatch(/^ +1\.0 +2\.72 +0\.3679 +0\.242 +█+/m);
    expect(r.stdout).toMatch(/^ +0\.1 +1\.11 +0\.1496 +0\.099 +█+/m);
    expect(r.stdout).toMatch(/^ +sum +11\.21 +1\.5174 +1\.000$/m);
  });

  it("takes negative logits as arguments, and several temperatures", async () => {
    const r = await runMain(["softmax", "2", "-1.5", "0.3", "--temperature", "0.5,1,2"]);
    expect(r.stderr).toBe("");
    expect(r.code).toBe(0);
    // 80 columns hold two temperature groups side by side; the third goes in a block below
    expect(r.stdout).toMatch(/T = 0\.5 +T = 1\n/);
    expect(r.stdout).toMatch(/\n\n +T = 2\n/);
    expect(r.stdout.match(/^ +-1\.5 /gm)).toHaveLength(2);
  });

  it("--json gives the numbers", async () => {
    const doc = JSON.parse((await runMain(["softmax", "2", "1", "0.1", "--json"])).stdout);
    expect(doc.temperatures[0].probs.map((p: number) => p.toFixed(3))).toEqual(["0.659", "0.242", "0.099"]);
  });

  it("bad numbers exit 2", async () => {
    expect((await runMain(["softmax", "1", "x"])).code).toBe(2);
    expect((await runMain(["softmax", "1", "2", "--temperature", "0"])).stderr).toContain(
      "--temperature: must be between 1e-6 and 1e6, got '0'",
    );
  });
});

describe("nn-lab data --plot", () => {
  // data's smoke test: the built CLI in a real process (the other tests run main(argv) in-process)
  it("draws the data set instead of printing CSV", () => {
    const r = runCli(["data", "spirals", "--plot", "--n", "90", "--noise", "0.05"]);
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/^spirals: 90 points$/m);
    expect(r.stdout).toContain("o class 0   x class 1");
    expect(r.stdout).not.toContain("label");
    expect(widest(r.stdout)).toBeLessThanOrEqual(80);
  });

  it("draws a regression target as a ramp", async () => {
    const r = await runMain(["data", "plane", "--plot"]);
    expect(r.stdout).toMatch(/y: \.:-=\+\*#%@ from -?\d\.\d\d to \d\.\d\d/);
  });
});
