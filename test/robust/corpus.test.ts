/**
 * The corpus of bad input: every case must exit 2 with one clear line naming where the problem is, print no
 * stack trace, train nothing and leave no run folder.
 */
import { spawnSync } from "node:child_process";
import { existsSync, lstatSync, mkdirSync, readdirSync, readFileSync, rmSync, symlinkSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { runCli, tempDir, writeFile } from "../helpers.js";

const MOONS = "data: {kind: moons, n: 40}\ntrain: {epochs: 1}\n";

/** [label, config text (or null: no config written), extra args, expected stderr pattern, extra files] */
const CASES: [string, string, string[], RegExp, Record<string, string>?][] = [
  ["malformed YAML", "data: {kind: moons\ntrain: {lr: 1}\n", [], /bad\.yaml:\d+:\d+: YAML syntax error/],
  ["an unknown YAML tag", "data: !weird {kind: moons}\n", [], /bad\.yaml:1:7: YAML syntax error: Unresolved tag: !weird/],
  ["malformed JSON", '{"data": {"kind": "moons"},}', [], /bad\.json:1:\d+: JSON syntax error/],
  ["empty file", "", [], /bad\.yaml: the file is empty/],
  ["a list", "- data\n- model\n", [], /expected a mapping of config keys .* got a list/],
  ["a scalar", "hello\n", [], /expected a mapping .* got 'hello'/],
  ["wrong type", "data: {kind: moons}\ntrain: {epochs: ten}\n", [], /bad\.yaml:2:9: train\.epochs: expected a number, got 'ten'/],
  ["unknown key", "data: {kind: moons}\ntrain: {epoch: 3}\n", [], /train\.epoch: unknown key 'epoch' \(did you mean 'epochs'\?\)/],
  ["typo in a name", "data: {kind: moons}\nmodel: {activation: rleu}\n", [], /got 'rleu' \(did you mean 'relu'\?\)/],
  ["lr <= 0", "data: {kind: moons}\ntrain: {lr: 0}\n", [], /train\.lr: must be > 0, got 0/],
  ["batch 0", "data: {kind: moons}\ntrain: {batch: 0}\n", [], /train\.batch: .*got 0/],
  ["a layer of 0 units", "data: {kind: moons}\nmodel: {layers: [8, 0]}\n", [], /model\.layers\[1\]: .*got 0/],
  ["test fraction >= 1", "data: {kind: moons, test: 1.5}\n", [], /data\.test: must be < 1, got 1\.5/],
  ["fewer samples than classes", "data: {kind: spirals, n: 2, classes: 3}\n", [], /data\.n: 2 samples cannot cover 3 classes/],
  ["negative noise", "data: {kind: moons, noise: -0.1}\n", [], /data\.noise: must be >= 0, got -0\.1/],
  ["missing CSV file", "data: {kind: csv, path: none.csv}\n", [], /data\.path: cannot read the CSV file none\.csv \(no such file\)/],
  ["CSV without header", "data: {kind: csv, path: d.csv}\n", [], /d\.csv:1: expected a header row/, { "d.csv": "1,2,0\n3,4,1\n" }],
  [
    "ragged CSV row",
    "data: {kind: csv, path: d.csv}\n",
    [],
    /d\.csv:3: expected 3 cells \(as the header\), got 2/,
    { "d.csv": "x1,x2,label\n1,2,0\n3,1\n" },
  ],
  [
    "non-numeric CSV cell",
    "data: {kind: csv, path: d.csv}\n",
    [],
    /d\.csv:4: column 'x2': expected a number, got 'abc'/,
    { "d.csv": "x1,x2,label\n1,2,0\n\n3,abc,1\n" },
  ],
  [
    "missing target column",
    "data: {kind: csv, path: d.csv, target: y}\n",
    [],
    /no target column 'y' in the header \(columns: x1, x2, label\)/,
    { "d.csv": "x1,x2,label\n1,2,0\n" },
  ],
  [
    "labels not 0..K-1",
    "data: {kind: csv, path: d.csv}\ntrain: {loss: bce}\n",
    [],
    /class labels must be integers 0\.\.K−1, got 1\.5/,
    { "d.csv": "x1,label\n1,0\n2,1.5\n" },
  ],
  ["too few CSV rows", "data: {kind: csv, path: d.csv}\n", [], /no data rows after the header/, { "d.csv": "x1,label\n" }],
  [
    "model.json of the wrong format",
    "data: {kind: moons}\nmodel: {init: {from: m.json}}\n",
    [],
    /m\.json: not an nn-lab model/,
    { "m.json": '{"format": "other"}' },
  ],
  [
    "model.json with mismatched shapes",
    "data: {kind: moons}\nmodel: {layers: [3], init: {from: m.json}}\n",
    [],
    /m\.json: layers\[0\]\.weight: expected 3×2 \(out×in\) to match the config, got 4×2/,
    {
      "m.json": JSON.stringify({
        format: "nn-lab.model.v1",
        inputs: 2,
        layers: [
          {
            weight: [
              [1, 1],
              [1, 1],
              [1, 1],
              [1, 1],
            ],
            bias: null,
          },
          { weight: [[1, 1, 1, 1]], bias: null },
        ],
      }),
    },
  ],
  ["bad --set path", MOONS, ["--set", "train..lr=1"], /--set train\.\.lr=1: 'train\.\.lr' is not a key path/],
  ["bad --set value", MOONS, ["--set", "train.lr=[1"], /--set train\.lr=\[1: cannot read the value/],
  ["--set to an unknown key", MOONS, ["--set", "train.lrr=1"], /--set train\.lrr=1: train\.lrr: unknown key 'lrr' \(did you mean 'lr'\?\)/],
  ["unknown flag", MOONS, ["--bogus"], /unknown option '--bogus'/],
  ["a name that escapes the runs folder", "name: ../../etc\n" + MOONS, [], /name: must be letters, digits/],
  [
    "a --set path through __proto__",
    MOONS,
    ["--set", "__proto__.polluted=1"],
    /--set __proto__\.polluted=1: '__proto__' is not a config key/,
  ],
  ["a --set path through constructor", MOONS, ["--set", "train.constructor.x=1"], /'constructor' is not a config key/],
  [
    "an activation parameter out of range",
    "data: {kind: moons}\nmodel: {activation: {name: softplus, beta: 0}}\n",
    [],
    /model\.activation\.beta: must be > 0, got 0/,
  ],
  [
    "early stopping on test_loss without a test set",
    "data: {kind: xor}\ntrain: {early_stop: {metric: test_loss}}\n",
    [],
    /train\.early_stop\.metric: test_loss needs a test set/,
  ],
  ["too many generated rows", "data: {kind: moons, n: 60000000}\n", [], /data\.n: must be <= 1000000, got 60000000/],
  [
    "init.from set over a named init",
    "data: {kind: moons}\nmodel: {init: he}\n",
    ["--set", "model.init.from=missing.json"],
    /missing\.json: model\.init\.from: cannot read the model file \(no such file\)/,
  ],
  ["absurd memory", "data: {kind: moons}\nmodel: {layers: [100000, 100000]}\n", [], /needs about .* GiB .* over the limit of 4096 MiB/],
];

describe("bad input corpus: exit 2, one clear line, nothing left behind", () => {
  it.each(CASES)("%s", (_label, text, args, pattern, files = {}) => {
    const dir = tempDir();
    for (const [name, content] of Object.entries(files)) writeFile(dir, name, content);
    const cfg = writeFile(dir, _label.includes("JSON") && !_label.includes("model") ? "bad.json" : "bad.yaml", text);
    const runs = join(dir, "runs");
    const r = runCli(["train", cfg, "--runs", runs, ...args]);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(pattern);
    expect(r.stderr).not.toMatch(/^\s+at /m);
    expect(r.stderr.trim().split("\n").length).toBeLessThanOrEqual(3);
    expect(r.stdout).toBe("");
    expect(existsSync(runs) ? readdirSync(runs) : []).toEqual([]);
  });

  it.each([
    ["0/3", /between 1 and 3, got 0/],
    ["4/3", /between 1 and 3, got 4/],
    ["x", /expected I\/N/],
  ])("bad --shard %s", (shard, pattern) => {
    const dir = tempDir();
    const cfg = writeFile(dir, "s.yaml", MOONS);
    const r = runCli(["sweep", cfg, "--grid", "train.lr=0.1,0.2", "--shard", shard, "--out", join(dir, "sw")]);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(pattern);
    expect(existsSync(join(dir, "sw"))).toBe(false);
  });
});

describe("more bad input, on the other commands", () => {
  it.each([
    [["plot", "constructor"], /plot: unknown activation 'constructor'|'constructor'/],
    [["plot", "softplus:beta=0"], /beta must be > 0, got 0/],
    [["plot", "relu", "--from", "-1e308", "--to", "1e308"], /--from: expected a number between -1e6 and 1e6/],
    [["softmax", "1", "2", "--temperature", "1e-320"], /--temperature: must be between 1e-6 and 1e6/],
    [["data", "moons", "--seed", "1e300"], /--seed: expected a whole number from 0 to 2\^53/],
    [["data", "moons", "--n", "100000000"], /--n: must be <= 1000000/],
    [["gradcheck", "configs/moons.yaml", "--rows", "abc"], /--rows abc: expected a whole number >= 1/],
    [["gradcheck", "configs/moons.yaml", "--rows", "0"], /--rows 0: expected a whole number >= 1/],
  ])("%j exits 2 with a clear line", (args, pattern) => {
    const r = runCli(args);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(pattern);
    expect(r.stderr).not.toMatch(/internal error|^\s+at /m);
  });

  it("compare with a misspelt --metric trains nothing and leaves no folder", () => {
    const dir = tempDir();
    const cfg = writeFile(dir, "m.yaml", MOONS);
    const r = runCli(["compare", cfg, cfg, "--metric", "bogus", "--runs", join(dir, "cmp")]);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/--metric bogus: no run has such a metrics\.csv column/);
    expect(existsSync(join(dir, "cmp"))).toBe(false);
  });

  it("sweep --out and schema --out never overwrite what a user has", () => {
    const dir = tempDir();
    const cfg = writeFile(dir, "m.yaml", MOONS);
    const mine = join(dir, "mine");
    mkdirSync(mine);
    writeFile(mine, "sweep.csv", "precious");
    const r = runCli(["sweep", cfg, "--grid", "train.lr=0.1", "--out", mine]);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/the folder is not empty and holds no sweep/);
    expect(readFileSync(join(mine, "sweep.csv"), "utf8")).toBe("precious");
    const schema = writeFile(dir, "s.json", "precious");
    expect(runCli(["schema", "--out", schema]).code).toBe(2);
    expect(readFileSync(schema, "utf8")).toBe("precious");
    expect(runCli(["schema", "--out", schema, "--overwrite"]).code).toBe(0);
  });
});

/**
 * Round two (issue 12): bad input found by an adversarial pass, on every command. Each case builds what it needs
 * in a fresh folder and returns the command line; every case exits 2 (unless it says otherwise) with at most
 * three lines, no stack trace, no "internal error", and nothing the user had is changed (`after`).
 */
interface Case2 {
  family: string;
  label: string;
  setup: (dir: string) => string[];
  pattern: RegExp;
  code?: number;
  env?: Record<string, string>;
  after?: (dir: string) => void;
}

const XOR = "data: {kind: xor}\ntrain: {epochs: 2}\n";

/** A finished two-run sweep in dir/sw (and its config dir/x.yaml). */
function sweepIn(dir: string, name = "sw", grid = "train.lr=0.1,0.2"): string {
  const cfg = existsSync(join(dir, "x.yaml")) ? join(dir, "x.yaml") : writeFile(dir, "x.yaml", XOR);
  const out = join(dir, name);
  const r = runCli(["sweep", cfg, "--grid", grid, "--jobs", "1", "--out", out, "--quiet"]);
  if (r.code !== 0) throw new Error(`sweep failed: ${r.stderr}`);
  return out;
}

/** One finished run folder dir/run. */
function runIn(dir: string, text = XOR): string {
  const cfg = writeFile(dir, "r.yaml", text);
  const r = runCli(["train", cfg, "--run-dir", join(dir, "run"), "--quiet"]);
  if (r.code !== 0) throw new Error(`train failed: ${r.stderr}`);
  return join(dir, "run");
}

const RUN0 = "0000-lr=0.1,seed=0";
const unchanged = (path: string, text: string) => () => expect(readFileSync(path, "utf8")).toBe(text);

const ROUND2: Case2[] = [
  // finding 2: --out --overwrite replaces only regular files
  ...(["fifo", "device", "symlink", "folder"] as const).map((kind): Case2 => ({
    family: "--out onto a special file",
    label: `data --out onto a ${kind} with --overwrite`,
    setup: (dir) => {
      const target = join(dir, "t");
      if (kind === "fifo") spawnSync("mkfifo", [target]);
      if (kind === "device") spawnSync("mknod", [target, "c", "1", "7"]); // a copy of /dev/full
      if (kind === "symlink") symlinkSync(writeFile(dir, "real.csv", "keep"), target);
      if (kind === "folder") mkdirSync(target);
      return ["data", "xor", "--out", target, "--overwrite"];
    },
    pattern: new RegExp(`--out .*/t: .*/t is a (FIFO|device|symbolic link|folder).*not a regular file`),
    after: (dir) => {
      const st = lstatSync(join(dir, "t"));
      expect(
        kind === "fifo"
          ? st.isFIFO()
          : kind === "device"
            ? st.isCharacterDevice()
            : kind === "symlink"
              ? st.isSymbolicLink()
              : st.isDirectory(),
      ).toBe(true);
      if (kind === "symlink") expect(readFileSync(join(dir, "real.csv"), "utf8")).toBe("keep");
    },
  })),
  {
    family: "--out onto a special file",
    label: "schema --out onto a symlink with --overwrite",
    setup: (dir) => {
      symlinkSync(writeFile(dir, "real.json", "keep"), join(dir, "s.json"));
      return ["schema", "--out", join(dir, "s.json"), "--overwrite"];
    },
    pattern: /s\.json is a symbolic link, not a regular file/,
    after: (dir) => expect(readFileSync(join(dir, "real.json"), "utf8")).toBe("keep"),
  },
  // finding 3: silent overwrites by merge and compare
  {
    family: "silent overwrite",
    label: "sweep merge A --out B where B is another sweep",
    setup: (dir) => {
      const a = sweepIn(dir, "a");
      const b = sweepIn(dir, "b", "train.lr=0.3");
      writeFileSync(join(dir, "b.csv"), readFileSync(join(b, "sweep.csv")));
      return ["sweep", "merge", a, "--out", b];
    },
    pattern: /--out .*\/b: holds a different sweep .*pass --overwrite/,
    after: (dir) => expect(readFileSync(join(dir, "b", "sweep.csv"), "utf8")).toBe(readFileSync(join(dir, "b.csv"), "utf8")),
  },
  {
    family: "silent overwrite",
    label: "sweep merge A --out mine (a user's sweep.csv)",
    setup: (dir) => {
      const a = sweepIn(dir, "a");
      mkdirSync(join(dir, "mine"));
      writeFile(join(dir, "mine"), "sweep.csv", "precious");
      return ["sweep", "merge", a, "--out", join(dir, "mine")];
    },
    pattern: /--out .*mine: .*mine\/sweep\.csv exists; pick another name or pass --overwrite/,
    after: (dir) => unchanged(join(dir, "mine", "sweep.csv"), "precious")(),
  },
  {
    family: "silent overwrite",
    label: "compare RUN --out mine (a user's compare.csv)",
    setup: (dir) => {
      const run = runIn(dir);
      mkdirSync(join(dir, "mine"));
      writeFile(join(dir, "mine"), "compare.csv", "precious");
      return ["compare", run, "--out", join(dir, "mine")];
    },
    pattern: /mine\/compare\.csv exists; pick another name or pass --overwrite/,
    after: (dir) => unchanged(join(dir, "mine", "compare.csv"), "precious")(),
  },
  // finding 13: run folders read back are validated
  {
    family: "corrupted run files",
    label: "sweep merge with summary.json = {status: completed}",
    setup: (dir) => {
      const sw = sweepIn(dir);
      writeFile(join(sw, RUN0), "summary.json", '{"status":"completed"}');
      return ["sweep", "merge", sw];
    },
    pattern: /summary\.json: not a valid nn-lab summary\.json: name: /,
  },
  ...[
    ['{"test_acc":">>1"}', /expect\.test_acc: expected a condition like/],
    ['"abc"', /expect: expected a mapping, got 'abc'/],
    ["null", /expect: expected a mapping, got null/],
    ["[]", /expect: expected a mapping, got a list/],
  ].map(([expectJson, pattern]): Case2 => ({
    family: "corrupted run files",
    label: `check on a run whose config.json has "expect": ${expectJson as string}`,
    setup: (dir) => {
      const run = runIn(dir);
      const cfg = JSON.parse(readFileSync(join(run, "config.json"), "utf8")) as Record<string, unknown>;
      writeFileSync(join(run, "config.json"), JSON.stringify({ ...cfg, expect: JSON.parse(expectJson as string) }));
      return ["check", run];
    },
    pattern: pattern as RegExp,
  })),
  {
    family: "corrupted run files",
    label: "compare on a run whose metrics.csv is a folder",
    setup: (dir) => {
      const run = runIn(dir);
      rmSync(join(run, "metrics.csv"));
      mkdirSync(join(run, "metrics.csv"));
      return ["compare", run, run];
    },
    pattern: /metrics\.csv: cannot read the run's metrics \(it is a folder\)/,
  },
  {
    family: "corrupted run files",
    label: "a JSON config nested 5000 deep",
    setup: (dir) => [
      "train",
      writeFile(dir, "deep.json", '{"data": {"kind": "xor"}, "x": ' + "[".repeat(5000) + "]".repeat(5000) + "}"),
      "--runs",
      join(dir, "runs"),
    ],
    pattern: /deep\.json: nested deeper than 64 levels/,
  },
];

describe("bad input corpus, round two (issue 12)", () => {
  it.each(ROUND2.map((c) => [`${c.family}: ${c.label}`, c] as const))("%s", (_name, c) => {
    const dir = tempDir();
    const args = c.setup(dir);
    const r = runCli(args, { env: c.env });
    expect(r.stderr).toMatch(c.pattern);
    expect(r.code).toBe(c.code ?? 2);
    expect(r.stderr).not.toMatch(/internal error|^\s+at /m);
    expect(r.stderr.trim().split("\n").length).toBeLessThanOrEqual(3);
    c.after?.(dir);
  });
});
