/**
 * `data … --out FILE` and `schema --out FILE` as make would (issue 23): on a fresh clone, whose datasets/moons.csv
 * and configs/nn-lab.schema.json are committed, the README's tour commands succeed and change nothing (the file is
 * neither rewritten nor touched: same bytes, same mtime); a file holding anything else is still refused without
 * --overwrite (exit 2, kept as it was) and replaced with it.
 */
import { cpSync, readFileSync, statSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { ROOT, runMain, tempDir } from "../helpers.js";

const CASES = [
  { file: "datasets/moons.csv", args: ["data", "moons", "--n", "400", "--noise", "0.1", "--test", "0.2", "--seed", "1"] },
  { file: "configs/nn-lab.schema.json", args: ["schema"] },
];

/** The committed datasets/ and configs/, as a fresh clone has them. */
function freshCopy(): string {
  const dir = tempDir("nn-lab-out-");
  for (const d of ["configs", "datasets"]) cpSync(join(ROOT, d), join(dir, d), { recursive: true });
  return dir;
}

describe.each(CASES)("$args.0 --out $file", ({ file, args }) => {
  it("succeeds and changes nothing when the file already holds what would be written", async () => {
    const cwd = freshCopy();
    const path = join(cwd, file);
    const before = { text: readFileSync(path, "utf8") };
    writeFileSync(path, before.text); // a fresh mtime to compare with
    const mtime = statSync(path).mtimeMs;
    await new Promise((r) => setTimeout(r, 20));
    const r = await runMain([...args, "--out", file], { cwd });
    expect(r.code, r.stderr).toBe(0);
    expect(r.stderr).toBe(
      `${file} is up to date (it holds ${args[0] === "data" ? "these 400 rows (320 train, 80 test)" : "this schema already"})\n`,
    );
    expect(readFileSync(path, "utf8")).toBe(before.text);
    expect(statSync(path).mtimeMs).toBe(mtime);
  });

  it("refuses a file holding anything else without --overwrite (kept), and replaces it with", async () => {
    const cwd = freshCopy();
    const path = join(cwd, file);
    const expected = readFileSync(path, "utf8");
    writeFileSync(path, expected.replace(/\n$/, "\n\n"));
    const r = await runMain([...args, "--out", file], { cwd });
    expect(r.code).toBe(2);
    expect(r.stderr).toBe(`nn-lab: error: --out ${file}: ${file} exists; pick another name or pass --overwrite\n`);
    expect(readFileSync(path, "utf8")).toBe(expected + "\n");
    const again = await runMain([...args, "--out", file, "--overwrite"], { cwd });
    expect(again.code, again.stderr).toBe(0);
    expect(readFileSync(path, "utf8")).toBe(expected);
  });
});

describe("check --write-baseline ci/baseline.json after the CI run (docs/ci-gates.md)", () => {
  it("succeeds and changes nothing when the file holds this baseline; another baseline needs --overwrite", async () => {
    const cwd = tempDir("nn-lab-out-");
    for (const d of ["configs", "ci"]) cpSync(join(ROOT, d), join(cwd, d), { recursive: true });
    const train = await runMain(["train", "configs/moons.yaml", "--run-dir", "runs/ci", "--quiet"], { cwd });
    expect(train.code, train.stderr).toBe(0);
    const committed = readFileSync(join(cwd, "ci", "baseline.json"), "utf8");
    const r = await runMain(["check", "runs/ci", "--write-baseline", "ci/baseline.json"], { cwd });
    expect(r.code, r.stderr).toBe(0);
    expect(r.stdout).toContain("  baseline ci/baseline.json is up to date (it holds this baseline already)\n");
    expect(readFileSync(join(cwd, "ci", "baseline.json"), "utf8")).toBe(committed);
    const other = await runMain(["train", "configs/moons.yaml", "--run-dir", "runs/short", "--set", "train.epochs=5", "--quiet"], { cwd });
    expect(other.code).toBe(1);
    const refused = await runMain(["check", "runs/short", "--write-baseline", "ci/baseline.json", "--allow", "diverged"], { cwd });
    expect(refused.code).toBe(2);
    expect(refused.stderr).toBe("nn-lab: error: --write-baseline ci/baseline.json: the file exists; pass --overwrite to replace it\n");
    expect(readFileSync(join(cwd, "ci", "baseline.json"), "utf8")).toBe(committed);
  });
});
