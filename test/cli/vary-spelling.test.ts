/**
 * One idea, one spelling (issue 23): `--vary key=v1,v2` — one run per value, several make the grid — on compare and
 * on sweep, with `--grid` kept as an alias on both (listed in each command's --help). What this proves: either
 * spelling, or a mix, gives the same runs in the same order (run folders named by the axes in the order given),
 * and errors name the flag as --vary.
 */
import { readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { runMain, tempDir, writeFile } from "../helpers.js";

const XOR = "name: x\ndata: {kind: xor}\nmodel: {layers: [2]}\ntrain: {epochs: 2}\n";
/** sweep.csv without its train_ms column (timings differ between two runs). */
const table = (dir: string) => {
  const rows = readFileSync(join(dir, "sweep.csv"), "utf8")
    .trimEnd()
    .split("\n")
    .map((l) => l.split(","));
  const t = rows[0].indexOf("train_ms");
  return rows.map((r) => r.filter((_, i) => i !== t).join(","));
};

describe("--vary, and --grid as its alias, on compare and sweep", () => {
  it.each(["compare", "sweep"])("nn-lab %s --help lists both spellings", async (command) => {
    const r = await runMain([command, "--help"]);
    expect(r.stdout).toMatch(/^ {2}--vary <key=v1,v2> +one run per value/m);
    expect(r.stdout).toMatch(/^ {2}--grid <key=v1,v2> +the same as --vary$/m);
  });

  it("sweep: --vary, --grid and a mix give the same sweep, axes in the order given", async () => {
    const dir = tempDir();
    const cfg = writeFile(dir, "x.yaml", XOR);
    const sweep = async (name: string, a: string, b: string) => {
      const r = await runMain([
        "sweep",
        cfg,
        a,
        "train.lr=0.1,0.2",
        b,
        "model.activation=relu,tanh",
        "--jobs",
        "1",
        "--out",
        join(dir, name),
        "--quiet",
      ]);
      expect(r.code, r.stderr).toBe(0);
      return join(dir, name);
    };
    const vary = await sweep("vary", "--vary", "--vary");
    expect(readdirSync(vary).filter((f) => /^\d{4}-/.test(f))[0]).toBe("0000-lr=0.1,activation=relu,seed=0");
    expect(table(vary)).toHaveLength(5);
    for (const [a, b] of [
      ["--grid", "--grid"],
      ["--grid", "--vary"],
      ["--vary", "--grid"],
    ])
      expect(table(await sweep(`${a}${b}`, a, b))).toEqual(table(vary));
  });

  it("compare: --grid is --vary", async () => {
    const dir = tempDir();
    const cfg = writeFile(dir, "x.yaml", XOR);
    const csv = async (flag: string) => {
      const out = join(dir, flag);
      const r = await runMain(["compare", cfg, flag, "train.lr=0.1,0.2", "--out", out, "--quiet"]);
      expect(r.code, r.stderr).toBe(0);
      return readFileSync(join(out, "compare.csv"), "utf8");
    };
    const vary = await csv("--vary");
    expect(vary.split("\n")[0]).toBe("epoch,lr=0.1,lr=0.2");
    expect(await csv("--grid")).toBe(vary);
  });

  it("errors name the flag --vary on both commands", async () => {
    const cfg = writeFile(tempDir(), "x.yaml", XOR);
    const s = await runMain(["sweep", cfg, "--grid", "train.lr=0.1", "--grid", "train.lr=0.2", "--dry-run"]);
    expect(s.code).toBe(2);
    expect(s.stderr).toBe("nn-lab: error: --vary train.lr: given more than once; list every value in one --vary train.lr=0.1,0.2\n");
    const c = await runMain(["compare", cfg, "--grid", "lr"]);
    expect(c.code).toBe(2);
    expect(c.stderr).toMatch(/^nn-lab: error: --vary lr: expected key\.path=v1,v2/);
  });
});
