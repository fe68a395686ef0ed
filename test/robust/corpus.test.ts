/**
 * The corpus of bad input: every case must exit 2 with one clear line naming where the problem is, print no
 * stack trace, train nothing and leave no run folder. The CLI runs in-process (test/helpers.ts runMain); a case that
 * needs a process of its own (its /proc/self/environ) is spawned.
 */
import { spawnSync } from "node:child_process";
import { existsSync, lstatSync, mkdirSync, readdirSync, readFileSync, rmSync, symlinkSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { runCli, runMain, tempDir, writeFile } from "../helpers.js";

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
    /d\.csv:4:3: column 'x2': expected a decimal number \(like 0\.5, -2 or 1e-3\), got 'abc'/,
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
  it.each(CASES)("%s", async (_label, text, args, pattern, files = {}) => {
    const dir = tempDir();
    for (const [name, content] of Object.entries(files)) writeFile(dir, name, content);
    const cfg = writeFile(dir, _label.includes("JSON") && !_label.includes("model") ? "bad.json" : "bad.yaml", text);
    const runs = join(dir, "runs");
    const r = await runMain(["train", cfg, "--runs", runs, ...args]);
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
  ])("bad --shard %s", async (shard, pattern) => {
    const dir = tempDir();
    const cfg = writeFile(dir, "s.yaml", MOONS);
    const r = await runMain(["sweep", cfg, "--grid", "train.lr=0.1,0.2", "--shard", shard, "--out", join(dir, "sw")]);
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
  ])("%j exits 2 with a clear line", async (args, pattern) => {
    const r = await runMain(args);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(pattern);
    expect(r.stderr).not.toMatch(/internal error|^\s+at /m);
  });

  it("compare with a misspelt --metric trains nothing and leaves no folder", async () => {
    const dir = tempDir();
    const cfg = writeFile(dir, "m.yaml", MOONS);
    const r = await runMain(["compare", cfg, cfg, "--metric", "bogus", "--runs", join(dir, "cmp")]);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/--metric bogus: no run has such a metrics\.csv column/);
    expect(existsSync(join(dir, "cmp"))).toBe(false);
  });

  it("sweep --out and schema --out never overwrite what a user has", async () => {
    const dir = tempDir();
    const cfg = writeFile(dir, "m.yaml", MOONS);
    const mine = join(dir, "mine");
    mkdirSync(mine);
    writeFile(mine, "sweep.csv", "precious");
    const r = await runMain(["sweep", cfg, "--grid", "train.lr=0.1", "--out", mine]);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/the folder is not empty and holds no sweep/);
    expect(readFileSync(join(mine, "sweep.csv"), "utf8")).toBe("precious");
    const schema = writeFile(dir, "s.json", "precious");
    expect((await runMain(["schema", "--out", schema])).code).toBe(2);
    expect(readFileSync(schema, "utf8")).toBe("precious");
    expect((await runMain(["schema", "--out", schema, "--overwrite"])).code).toBe(0);
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
  setup: (dir: string) => string[] | Promise<string[]>;
  /** Spawn the CLI: the case reads its own process (/proc/self/environ holds the environment it was started with). */
  ownProcess?: true;
  pattern: RegExp;
  code?: number;
  env?: Record<string, string>;
  after?: (dir: string) => void;
}

const XOR = "data: {kind: xor}\ntrain: {epochs: 2}\n";

/** A finished two-run sweep in dir/sw (and its config dir/x.yaml). */
async function sweepIn(dir: string, name = "sw", grid = "train.lr=0.1,0.2"): Promise<string> {
  const cfg = existsSync(join(dir, "x.yaml")) ? join(dir, "x.yaml") : writeFile(dir, "x.yaml", XOR);
  const out = join(dir, name);
  const r = await runMain(["sweep", cfg, "--grid", grid, "--jobs", "1", "--out", out, "--quiet"]);
  if (r.code !== 0) throw new Error(`sweep failed: ${r.stderr}`);
  return out;
}

/** One finished run folder dir/run. */
async function runIn(dir: string, text = XOR): Promise<string> {
  const cfg = writeFile(dir, "r.yaml", text);
  const r = await runMain(["train", cfg, "--run-dir", join(dir, "run"), "--quiet"]);
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
    setup: async (dir) => {
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
    setup: async (dir) => {
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
    setup: async (dir) => {
      const a = await sweepIn(dir, "a");
      const b = await sweepIn(dir, "b", "train.lr=0.3");
      writeFileSync(join(dir, "b.csv"), readFileSync(join(b, "sweep.csv")));
      return ["sweep", "merge", a, "--out", b];
    },
    pattern: /--out .*\/b: holds a different sweep .*pick another --out/,
    after: (dir) => expect(readFileSync(join(dir, "b", "sweep.csv"), "utf8")).toBe(readFileSync(join(dir, "b.csv"), "utf8")),
  },
  {
    family: "silent overwrite",
    label: "sweep merge A --out mine (a user's sweep.csv)",
    setup: async (dir) => {
      const a = await sweepIn(dir, "a");
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
    setup: async (dir) => {
      const run = await runIn(dir);
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
    setup: async (dir) => {
      const sw = await sweepIn(dir);
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
    setup: async (dir) => {
      const run = await runIn(dir);
      const cfg = JSON.parse(readFileSync(join(run, "config.json"), "utf8")) as Record<string, unknown>;
      writeFileSync(join(run, "config.json"), JSON.stringify({ ...cfg, expect: JSON.parse(expectJson as string) }));
      return ["check", run];
    },
    pattern: pattern as RegExp,
  })),
  {
    family: "corrupted run files",
    label: "compare on a run whose metrics.csv is a folder",
    setup: async (dir) => {
      const run = await runIn(dir);
      rmSync(join(run, "metrics.csv"));
      mkdirSync(join(run, "metrics.csv"));
      return ["compare", run, run];
    },
    pattern: /metrics\.csv: cannot read the run's metrics \(it is a folder\)/,
  },
  {
    family: "corrupted run files",
    label: "a JSON config nested 5000 deep",
    setup: async (dir) => [
      "train",
      writeFile(dir, "deep.json", '{"data": {"kind": "xor"}, "x": ' + "[".repeat(5000) + "]".repeat(5000) + "}"),
      "--runs",
      join(dir, "runs"),
    ],
    pattern: /deep\.json: nested deeper than 64 levels/,
  },
  {
    family: "corrupted run files",
    label: "sweep merge on a sweep.json that is not a plan",
    setup: async (dir) => {
      const sw = await sweepIn(dir);
      writeFile(sw, "sweep.json", '{"format": "nn-lab.sweep.v1", "axes": "x"}');
      return ["sweep", "merge", sw];
    },
    pattern: /sweep\.json: not a valid nn-lab sweep\.json: config: missing/,
  },
  // finding 4: file contents are never echoed
  {
    family: "file contents in messages",
    label: "data.path: /proc/self/environ with a secret in the environment",
    setup: async (dir) => ["train", writeFile(dir, "e.yaml", "data: {kind: csv, path: /proc/self/environ}\n"), "--runs", join(dir, "runs")],
    env: { NN_LAB_TEST_SECRET: "s3cr3t-t0ken" },
    ownProcess: true,
    pattern: /data\.path: cannot read the CSV file \/proc\/self\/environ \(binary content/,
    after: () => undefined,
  },
  {
    family: "file contents in messages",
    label: "data.path: a CSV whose one header cell is a long secret line",
    setup: async (dir) => {
      writeFile(dir, "p.csv", `root:x:0:0:${"s3cr3t-t0ken".repeat(3)}:/root:/bin/bash\nx:1\n`);
      return ["train", writeFile(dir, "p.yaml", "data: {kind: csv, path: p.csv}\n"), "--runs", join(dir, "runs")];
    },
    pattern: /no target column 'label' in the header \(columns: root:x:0:0:s3cr3t-t0…\); set data\.target/,
  },
  {
    family: "file contents in messages",
    label: "a CSV with 40 columns names five of them",
    setup: async (dir) => {
      writeFile(dir, "w.csv", Array.from({ length: 40 }, (_, i) => `c${i}`).join(",") + "\n" + "1,".repeat(39) + "1\n");
      return ["train", writeFile(dir, "w.yaml", "data: {kind: csv, path: w.csv}\n"), "--runs", join(dir, "runs")];
    },
    pattern: /\(columns: c0, c1, c2, c3, c4, … 40 in all\)/,
  },
  {
    family: "file contents in messages",
    label: "init.from: a file that is not JSON",
    setup: async (dir) => {
      writeFile(dir, "passwd", "root:x:0:0:s3cr3t-t0ken:/root:/bin/bash\n");
      return ["train", writeFile(dir, "i.yaml", "data: {kind: xor}\nmodel: {init: {from: passwd}}\n"), "--runs", join(dir, "runs")];
    },
    pattern: /passwd: model\.init\.from: not an nn-lab model \(not valid JSON\)/,
  },
  {
    family: "file contents in messages",
    label: "a JSON config with a syntax error does not quote the file",
    setup: async (dir) => ["train", writeFile(dir, "s.json", 's3cr3t-t0ken {"data": 1}'), "--runs", join(dir, "runs")],
    pattern: /s\.json: JSON syntax error: Unexpected token 's'$/m,
  },
  {
    family: "confinement",
    label: "NN_LAB_DATA_ROOT: data.path outside it",
    setup: async (dir) => {
      mkdirSync(join(dir, "root"));
      writeFile(dir, "d.csv", "x,label\n1,0\n2,1\n");
      return ["train", writeFile(join(dir, "root"), "c.yaml", "data: {kind: csv, path: ../d.csv}\n"), "--runs", join(dir, "runs")];
    },
    env: { NN_LAB_DATA_ROOT: "{dir}/root" },
    pattern: /data\.path: .*d\.csv is outside NN_LAB_DATA_ROOT/,
  },
  {
    family: "confinement",
    label: "NN_LAB_DATA_ROOT: a symlink inside it pointing outside",
    setup: async (dir) => {
      mkdirSync(join(dir, "root"));
      symlinkSync("/etc/passwd", join(dir, "root", "m.json"));
      return [
        "train",
        writeFile(join(dir, "root"), "c.yaml", "data: {kind: xor}\nmodel: {init: {from: m.json}}\n"),
        "--runs",
        join(dir, "runs"),
      ];
    },
    env: { NN_LAB_DATA_ROOT: "{dir}/root" },
    pattern: /m\.json: model\.init\.from: .*m\.json is outside NN_LAB_DATA_ROOT/,
  },
  // finding 6: only regular files, a size cap checked before reading
  ...[
    ["train /dev/zero", () => ["train", "/dev/zero"], /\/dev\/zero: cannot read the config \(it is a device, not a regular file\)/],
    ["check /dev/urandom", () => ["check", "/dev/urandom"], /\/dev\/urandom: cannot read the run summary \(it is a device/],
    [
      "data.path: /dev/zero",
      (dir: string) => ["train", writeFile(dir, "z.yaml", "data: {kind: csv, path: /dev/zero}\n"), "--runs", join(dir, "runs")],
      /cannot read the CSV file \/dev\/zero \(it is a device/,
    ],
    [
      "init.from: /dev/urandom",
      (dir: string) => [
        "train",
        writeFile(dir, "u.yaml", "data: {kind: xor}\nmodel: {init: {from: /dev/urandom}}\n"),
        "--runs",
        join(dir, "runs"),
      ],
      /cannot read the model file \(it is a device/,
    ],
    [
      "a FIFO as the config",
      (dir: string) => {
        spawnSync("mkfifo", [join(dir, "f.yaml")]);
        return ["train", join(dir, "f.yaml"), "--runs", join(dir, "runs")];
      },
      /f\.yaml: cannot read the config \(it is a FIFO \(named pipe\), not a regular file\)/,
    ],
    [
      "a FIFO as the CSV",
      (dir: string) => {
        spawnSync("mkfifo", [join(dir, "f.csv")]);
        return ["train", writeFile(dir, "c.yaml", "data: {kind: csv, path: f.csv}\n"), "--runs", join(dir, "runs")];
      },
      /cannot read the CSV file f\.csv \(it is a FIFO/,
    ],
    [
      "a sparse 5 GB CSV",
      (dir: string) => {
        spawnSync("truncate", ["-s", "5G", join(dir, "big.csv")]);
        return ["train", writeFile(dir, "b.yaml", "data: {kind: csv, path: big.csv}\n"), "--runs", join(dir, "runs")];
      },
      /cannot read the CSV file big\.csv \(larger than 256 MiB \(set NN_LAB_MAX_INPUT_MB to raise the limit\)\)/,
    ],
  ].map(([label, setup, pattern]): Case2 => ({
    family: "special and huge files",
    label: label as string,
    setup: setup as (dir: string) => string[],
    pattern: pattern as RegExp,
  })),
  {
    family: "special and huge files",
    label: "a config over NN_LAB_MAX_INPUT_MB",
    setup: async (dir) => ["train", writeFile(dir, "c.yaml", `data: {kind: xor}\n# ${"x".repeat(2000)}\n`), "--runs", join(dir, "runs")],
    env: { NN_LAB_MAX_INPUT_MB: "0.001" },
    pattern: /c\.yaml: cannot read the config \(larger than 0\.0010 MiB/,
  },
  // finding 7: list indices in --set and in a config's sweep.grid
  ...["99999999", "3000000", "100000", "4294967295"].map((i): Case2 => ({
    family: "huge list indices",
    label: `--set model.layers.${i}=4`,
    setup: async (dir) => ["train", writeFile(dir, "x.yaml", XOR), "--set", `model.layers.${i}=4`, "--runs", join(dir, "runs")],
    pattern: new RegExp(`--set model\\.layers\\.${i}=4: model\\.layers has 0 items; an index can be at most 0`),
  })),
  {
    family: "huge list indices",
    label: "a config's sweep.grid with model.layers.99999999",
    setup: async (dir) => [
      "sweep",
      writeFile(dir, "g.yaml", `${XOR}sweep: {grid: {model.layers.99999999: [4]}}\n`),
      "--out",
      join(dir, "sw"),
    ],
    pattern: /g\.yaml: sweep\.grid model\.layers\.99999999: model\.layers has 0 items/,
    after: (dir) => expect(existsSync(join(dir, "sw"))).toBe(false),
  },
  // finding 8: the grid is counted before it is expanded
  {
    family: "grid size",
    label: "--seeds 0-100000000 --dry-run",
    setup: async (dir) => ["sweep", writeFile(dir, "x.yaml", XOR), "--grid", "train.lr=0.1", "--seeds", "0-100000000", "--dry-run"],
    pattern: /--seeds 0-100000000: 100,000,001 seeds, more than a sweep's limit of 100,000 runs/,
  },
  {
    family: "grid size",
    label: "four 100-value axes --dry-run",
    setup: async (dir) => [
      "sweep",
      writeFile(dir, "x.yaml", XOR),
      ...["train.lr", "train.l2", "train.l1", "model.bias_init"].flatMap((k) => [
        "--grid",
        `${k}=${Array.from({ length: 100 }, (_, i) => (i + 1) / 1000).join(",")}`,
      ]),
      "--dry-run",
    ],
    pattern:
      /sweep: the grid has 100,000,000 runs \(100 train\.lr × 100 train\.l2 × 100 train\.l1 × 100 model\.bias_init × 1 seed\), more than the limit of 100,000/,
  },
  // finding 9: deep networks
  {
    family: "deep networks",
    label: "layers: 3,000,000 ones (a 6 MB JSON config)",
    setup: async (dir) => [
      "train",
      writeFile(dir, "deep.json", `{"data": {"kind": "xor"}, "model": {"layers": [${"1,".repeat(2999999)}1]}}`),
      "--runs",
      join(dir, "runs"),
    ],
    pattern: /deep\.json: model\.layers: expected a list of <= 1000 items, got 3000000/,
  },
  {
    family: "deep networks",
    label: "1001 hidden layers",
    setup: async (dir) => [
      "train",
      writeFile(dir, "x.yaml", XOR),
      "--set",
      `model.layers=[${"1,".repeat(1000)}1]`,
      "--runs",
      join(dir, "runs"),
    ],
    pattern: /model\.layers: expected a list of <= 1000 items, got 1001/,
  },
  // finding 12: every flag is checked before anything trains
  {
    family: "flags checked first",
    label: "sweep --rank bogus",
    setup: async (dir) => ["sweep", writeFile(dir, "x.yaml", XOR), "--grid", "train.lr=0.1", "--rank", "bogus", "--out", join(dir, "sw")],
    pattern: /--rank bogus: expected one of/,
    after: (dir) => expect(existsSync(join(dir, "sw"))).toBe(false),
  },
  // finding 15: one YAML document, unique JSON keys
  {
    family: "multiple documents and duplicate keys",
    label: "a two-document YAML config",
    setup: async (dir) => ["train", writeFile(dir, "m.yaml", "data: {kind: xor}\n---\ntrain: {epochs: 1}\n"), "--runs", join(dir, "runs")],
    pattern: /m\.yaml:3:1: YAML error: a second document \(after '---' or '\.\.\.'\); a config is one YAML document/,
  },
  {
    family: "multiple documents and duplicate keys",
    label: "a two-document YAML config with logLevel silent's favourite: '...'",
    setup: async (dir) => ["train", writeFile(dir, "m.yaml", "data: {kind: xor}\n...\ntrain: {epochs: 1}\n"), "--runs", join(dir, "runs")],
    pattern: /m\.yaml:3:1: YAML error: a second document/,
  },
  {
    family: "multiple documents and duplicate keys",
    label: "a --set value of two documents",
    setup: async (dir) => ["train", writeFile(dir, "x.yaml", XOR), "--set", "train.lr=0.1\n---\n5", "--runs", join(dir, "runs")],
    pattern: /--set train\.lr=0\.1\\n---\\n5: cannot read the value .*: it holds more than one YAML document/,
  },
  {
    family: "multiple documents and duplicate keys",
    label: "a JSON config with a duplicate key",
    setup: async (dir) => [
      "train",
      writeFile(dir, "d.json", '{"data": {"kind": "xor"},\n "train": {"epochs": 1, "lr": 0.1, "epochs": 5}}'),
      "--runs",
      join(dir, "runs"),
    ],
    pattern: /d\.json:2:36: JSON error: the key 'epochs' appears twice in one object/,
  },
  // finding 18: environment values
  ...[
    ["NN_LAB_MEMORY_LIMIT_MB", "abc"],
    ["NN_LAB_MEMORY_LIMIT_MB", "-5"],
    ["NN_LAB_MAX_INPUT_MB", "lots"],
  ].map(([name, value]): Case2 => ({
    family: "environment values",
    label: `${name}=${value}`,
    setup: async (dir) => [
      "train",
      writeFile(dir, "x.yaml", "data: {kind: xor}\nmodel: {layers: [1000000000]}\n"),
      "--runs",
      join(dir, "runs"),
    ],
    env: { [name]: value },
    pattern: new RegExp(`${name}=${value}: expected a number from`),
  })),
  // finding 20: a wrong type inside a {name: …} choice
  ...[
    ["model: {init: {name: normal, mean: '1'}}", /^nn-lab: error: .*c\.yaml:2:\d+: model\.init\.mean: expected a number, got '1'\n$/],
    [
      "model: {activation: {name: leaky_relu, alpha: x}}",
      /^nn-lab: error: .*c\.yaml:2:\d+: model\.activation\.alpha: expected a number, got 'x'\n$/,
    ],
    [
      "train: {optimizer: {name: adam, beta1: x}}",
      /^nn-lab: error: .*c\.yaml:2:\d+: train\.optimizer\.beta1: expected a number, got 'x'\n$/,
    ],
    ["train: {schedule: {name: step, every: x}}", /^nn-lab: error: .*c\.yaml:2:\d+: train\.schedule\.every: expected a number, got 'x'\n$/],
  ].map(([block, pattern]): Case2 => ({
    family: "wrong type inside a named choice",
    label: block as string,
    setup: async (dir) => ["train", writeFile(dir, "c.yaml", `data: {kind: xor}\n${block as string}\n`), "--runs", join(dir, "runs")],
    pattern: pattern as RegExp,
  })),
  // finding 21: encodings and terminal control characters
  ...(["UTF-16LE", "UTF-16"] as const).map((enc): Case2 => ({
    family: "encodings and control characters",
    label: `a ${enc} config${enc === "UTF-16" ? " (with a BOM)" : " (no BOM)"}`,
    setup: async (dir) => {
      const text = "data: {kind: xor}\n";
      const body = Buffer.from(text, "utf16le");
      writeFileSync(join(dir, "u.yaml"), enc === "UTF-16" ? Buffer.concat([Buffer.from([0xff, 0xfe]), body]) : body);
      return ["train", join(dir, "u.yaml"), "--runs", join(dir, "runs")];
    },
    pattern: /u\.yaml: cannot read the config \(UTF-16 text; save it as UTF-8\)/,
  })),
  {
    family: "encodings and control characters",
    label: "a UTF-16 CSV",
    setup: async (dir) => {
      writeFileSync(join(dir, "u.csv"), Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from("x,label\n1,0\n", "utf16le")]));
      return ["train", writeFile(dir, "c.yaml", "data: {kind: csv, path: u.csv}\n"), "--runs", join(dir, "runs")];
    },
    pattern: /cannot read the CSV file u\.csv \(UTF-16 text; save it as UTF-8\)/,
  },
  {
    family: "encodings and control characters",
    label: "ANSI escapes and a bidi override in a CSV header",
    setup: async (dir) => {
      writeFile(dir, "a.csv", "x\u001b[2J\u001b[31mred\u202egnp.exe,label\n1,0\n2,1\n");
      return ["train", writeFile(dir, "c.yaml", "data: {kind: csv, path: a.csv, target: y}\n"), "--runs", join(dir, "runs")];
    },
    pattern: /\(columns: x\\x1b\[2J\\x1b\[31mred\\u202egnp\.ex…, label\)/,
    after: () => undefined,
  },
  {
    family: "encodings and control characters",
    label: "a control character in an unknown --set key and value",
    setup: async (dir) => ["train", writeFile(dir, "x.yaml", XOR), "--set", "train.lr=\u001b[31m", "--runs", join(dir, "runs")],
    pattern: /train\.lr: expected a number, got '\\x1b\[31m'/,
  },
  {
    family: "encodings and control characters",
    label: "an ANSI escape in an unknown option",
    setup: async () => ["train", "--\u001b[31mbogus"],
    pattern: /unknown option '--\\x1b\[31mbogus'/,
  },
  // finding 22: CSV and grid messages
  {
    family: "CSV and grid messages",
    label: "CSV labels {0, 5}",
    setup: async (dir) => {
      writeFile(dir, "l.csv", "x,label\n1,0\n2,5\n");
      return ["train", writeFile(dir, "c.yaml", "data: {kind: csv, path: l.csv}\n"), "--runs", join(dir, "runs")];
    },
    pattern: /l\.csv: 2 rows cannot cover 6 classes \(labels 0\.\.5\); class labels must be 0\.\.K−1/,
  },
  {
    family: "CSV and grid messages",
    label: "a duplicate label column",
    setup: async (dir) => {
      writeFile(dir, "d.csv", "x,label,label\n1,0,0\n2,1,1\n");
      return ["train", writeFile(dir, "c.yaml", "data: {kind: csv, path: d.csv}\n"), "--runs", join(dir, "runs")];
    },
    pattern: /d\.csv:1: the column name 'label' appears twice \(columns 2 and 3\); column names must be unique/,
  },
  {
    family: "CSV and grid messages",
    label: "a quoted newline in a CSV cell",
    setup: async (dir) => {
      writeFile(dir, "q.csv", 'x,label\n"1\nabc",0\n2,1\n');
      return ["train", writeFile(dir, "c.yaml", "data: {kind: csv, path: q.csv}\n"), "--runs", join(dir, "runs")];
    },
    pattern: /q\.csv:2:1: column 'x': expected a decimal number \(like 0\.5, -2 or 1e-3\), got '1\\nabc'$/m,
  },
  {
    family: "CSV and grid messages",
    label: "--seeds 2^60",
    setup: async (dir) => ["sweep", writeFile(dir, "x.yaml", XOR), "--grid", "train.lr=0.1", "--seeds", String(2n ** 60n), "--dry-run"],
    pattern: /^nn-lab: error: --seeds 1152921504606846976: expected whole numbers >= 0/,
  },
  {
    family: "CSV and grid messages",
    label: "an empty key in a config's sweep.grid",
    setup: async (dir) => ["sweep", writeFile(dir, "g.yaml", `${XOR}sweep: {grid: {"": [1]}}\n`), "--dry-run"],
    pattern: /g\.yaml: sweep\.grid: '' is not a key path/,
  },
  // every other input named in the text (the attacks re-run on a fresh clone, this session)
  {
    family: "file contents in messages",
    label: "data.path: /etc/passwd (at most a 20-character piece of one column)",
    setup: async (dir) => ["train", writeFile(dir, "p.yaml", "data: {kind: csv, path: /etc/passwd}\n"), "--runs", join(dir, "runs")],
    pattern: /\/etc\/passwd: no target column 'label' in the header \(columns: [^,)]{1,20}…\)/,
    after: (dir) => expect(existsSync(join(dir, "runs"))).toBe(false),
  },
  {
    family: "file contents in messages",
    label: "init.from: /etc/passwd",
    setup: async (dir) => [
      "train",
      writeFile(dir, "i.yaml", "data: {kind: xor}\nmodel: {init: {from: /etc/passwd}}\n"),
      "--runs",
      join(dir, "runs"),
    ],
    pattern: /^nn-lab: error: \/etc\/passwd: model\.init\.from: not an nn-lab model \(not valid JSON\)\n$/,
  },
  {
    family: "file contents in messages",
    label: "the config itself: /proc/self/environ with a secret in the environment",
    setup: async () => ["train", "/proc/self/environ"],
    env: { NN_LAB_TEST_SECRET: "s3cr3t-t0ken" },
    ownProcess: true,
    pattern: /\/proc\/self\/environ: cannot read the config \(binary content/,
  },
  {
    family: "special and huge files",
    label: "check /dev/zero",
    setup: async () => ["check", "/dev/zero"],
    pattern: /\/dev\/zero: cannot read the run summary \(it is a device, not a regular file\)/,
  },
  {
    family: "special and huge files",
    label: "check RUN --baseline /dev/zero",
    setup: async (dir) => ["check", await runIn(dir), "--baseline", "/dev/zero"],
    pattern: /\/dev\/zero: cannot read the baseline \(it is a device, not a regular file\)/,
  },
  {
    family: "deep networks",
    label: "layers: 1,000,000 ones",
    setup: async (dir) => [
      "train",
      writeFile(dir, "deep.json", `{"data": {"kind": "xor"}, "model": {"layers": [${"1,".repeat(999999)}1]}}`),
      "--runs",
      join(dir, "runs"),
    ],
    pattern: /deep\.json: model\.layers: expected a list of <= 1000 items, got 1000000/,
  },
  {
    family: "environment values",
    label: "layers: [1e9] with NN_LAB_MEMORY_LIMIT_MB empty (the default limit applies; abc is refused above)",
    setup: async (dir) => [
      "train",
      writeFile(dir, "x.yaml", "data: {kind: xor}\nmodel: {layers: [1000000000]}\n"),
      "--runs",
      join(dir, "runs"),
    ],
    env: { NN_LAB_MEMORY_LIMIT_MB: "" },
    pattern: /model\.layers: this network needs about .* GiB .*over the limit of 4096 MiB/,
  },
  {
    family: "flags checked first",
    label: "sweep --jobs 1e9",
    setup: async (dir) => ["sweep", writeFile(dir, "x.yaml", XOR), "--grid", "train.lr=0.1", "--jobs", "1e9", "--out", join(dir, "sw")],
    pattern: /--jobs 1e9: expected a whole number >= 1/,
    after: (dir) => expect(existsSync(join(dir, "sw"))).toBe(false),
  },
  {
    family: "flags checked first",
    label: "sweep --grid seed=5,6",
    setup: async (dir) => ["sweep", writeFile(dir, "x.yaml", XOR), "--grid", "seed=5,6", "--out", join(dir, "sw")],
    pattern: /--vary seed=5,6: seeds are not a grid axis; use --seeds 5,6/,
    after: (dir) => expect(existsSync(join(dir, "sw"))).toBe(false),
  },
  {
    family: "corrupted run files",
    label: 'check SWEEP whose run has summary.json = {"status":"completed"}',
    setup: async (dir) => {
      const sw = await sweepIn(dir);
      writeFile(join(sw, RUN0), "summary.json", '{"status":"completed"}');
      return ["check", sw, "--expect", "train_acc>=0"];
    },
    pattern: /summary\.json: not a valid nn-lab summary\.json: name: missing/,
  },
  {
    family: "vacuous checks",
    label: 'check RUN --baseline {"status":"completed","final":{}}',
    setup: async (dir) => ["check", await runIn(dir), "--baseline", writeFile(dir, "bare.json", '{"status":"completed","final":{}}')],
    pattern: /bare\.json: not a valid nn-lab summary\.json/,
  },
];

describe("bad input corpus, round two (issue 12)", () => {
  it.each(ROUND2.map((c) => [`${c.family}: ${c.label}`, c] as const))("%s", async (_name, c) => {
    const dir = tempDir();
    const args = await c.setup(dir);
    const env = c.env && Object.fromEntries(Object.entries(c.env).map(([k, v]) => [k, v.replace("{dir}", dir)]));
    const r = c.ownProcess ? runCli(args, { env }) : await runMain(args, { env });
    expect(r.stderr).toMatch(c.pattern);
    expect(r.code).toBe(c.code ?? 2);
    expect(r.stderr).not.toMatch(/internal error|^\s+at /m);
    expect(r.stderr.trim().split("\n").length).toBeLessThanOrEqual(3);
    // eslint-disable-next-line no-control-regex -- the point: no raw ESC or RLO reaches the terminal
    expect(r.stderr).not.toMatch(/s3cr3t-t0ken|\u001b|\u202e/);
    c.after?.(dir);
  });
});
