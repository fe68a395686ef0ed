/**
 * Two builds of nn-lab, one process: a change's effect on a run, measured where a loaded machine disturbs it least
 * (docs/performance.md, "Loaded figures"). Both builds' dist/index.js are imported side by side, each warmed up by a
 * run, then the same config is trained by each in turn (order alternating) with `runExperiment` — metrics.csv and the
 * run files written, the evaluation thread off — and the CPU time (user + system) of each run is compared.
 *
 *   node bench/ab-runs.js BEFORE_ROOT AFTER_ROOT CONFIG [--rounds 15] [--epochs 5000]
 *
 * BEFORE_ROOT and AFTER_ROOT are checkouts with a build (e.g. `git worktree add /tmp/before <commit> && npm run build`
 * there). Prints the median CPU ms per run of each and the median of the per-round ratios after / before.
 */
import { rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { pathToFileURL } from "node:url";

const args = process.argv.slice(2);
const flag = (name, fallback) => (args.includes(name) ? Number(args[args.indexOf(name) + 1]) : fallback);
const [beforeRoot, afterRoot, config] = args;
const rounds = flag("--rounds", 15);
const epochs = flag("--epochs", null);
if (!config) throw new Error("usage: node bench/ab-runs.js BEFORE_ROOT AFTER_ROOT CONFIG [--rounds 15] [--epochs 5000]");

async function build(root, name) {
  const lib = await import(pathToFileURL(join(resolve(root), "dist", "index.js")).href);
  const overrides = epochs === null ? [] : [lib.parseOverride(`train.epochs=${epochs}`)];
  const runDir = join(tmpdir(), `nn-lab-ab-${name}-${process.pid}`);
  return {
    runDir,
    /** One run; its CPU time in ms. */
    async run() {
      const experiment = lib.resolveExperiment(lib.loadConfig(config, overrides));
      const start = process.cpuUsage();
      await lib.runExperiment(experiment, { runDir, overwrite: true, evalThread: "off" });
      const used = process.cpuUsage(start);
      return (used.user + used.system) / 1000;
    },
  };
}

const median = (xs) => {
  const s = [...xs].sort((a, b) => a - b);
  const m = s.length >> 1;
  return s.length % 2 ? s[m] : (s[m - 1] + s[m]) / 2;
};

const before = await build(beforeRoot, "before");
const after = await build(afterRoot, "after");
try {
  await before.run();
  await after.run();
  const ms = { before: [], after: [] };
  const ratios = [];
  for (let r = 0; r < rounds; r++) {
    const got = {};
    for (const which of r % 2 ? ["after", "before"] : ["before", "after"]) got[which] = await (which === "before" ? before : after).run();
    ms.before.push(got.before);
    ms.after.push(got.after);
    ratios.push(got.after / got.before);
  }
  console.log(
    `${config}${epochs === null ? "" : ` (${epochs} epochs)`}: CPU ms per run, median of ${rounds} rounds: before ${median(ms.before).toFixed(1)}, ` +
      `after ${median(ms.after).toFixed(1)}; after / before per round: median ${median(ratios).toFixed(3)} ` +
      `[${Math.min(...ratios).toFixed(2)}–${Math.max(...ratios).toFixed(2)}]`,
  );
} finally {
  rmSync(before.runDir, { recursive: true, force: true });
  rmSync(after.runDir, { recursive: true, force: true });
}
