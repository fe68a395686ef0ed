import { spawnSync } from "node:child_process";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { ROOT } from "../helpers.js";

/** Run a module script against the built library in a child process; a worker left running would make it time out. */
function runScript(body: string) {
  const lib = join(ROOT, "dist", "index.js");
  const script = `import { loadConfig, resolveExperiment, train } from ${JSON.stringify(lib)};\n${body}`;
  return spawnSync(process.execPath, ["--input-type=module", "-e", script], { encoding: "utf8", timeout: 45_000, cwd: ROOT });
}

/**
 * The three cases below in one process, one output line each (a process each cost ~0.3 s of CPU for start-up and
 * imports): a worker that outlived any of the three runs would keep this process from exiting, so its exit (no
 * timeout, status 0) proves for each case what a process of its own proved.
 */
let script: ReturnType<typeof runScript> | undefined;
function threeCases() {
  script ??= runScript(`
    const exp = () => resolveExperiment(loadConfig("bench/w2-small.yaml"));
    for (const at of [0, 3]) {
      try {
        await train(exp(), { evalThread: "on", onEpoch: (row) => { if (row.epoch === at) throw new Error("boom"); } });
        console.log("no error");
      } catch (e) { console.log("caught " + e.message); }
    }
    const rows = async (mode) => { const out = []; await train(exp(), { evalThread: mode, onEpoch: (row) => out.push(row) }); return out; };
    const on = await rows("on"), off = await rows("off");
    console.log(JSON.stringify({ same: JSON.stringify(on) === JSON.stringify(off), epochs: on.map((x) => x.epoch).join(",") }));
  `);
  expect(script.error).toBeUndefined(); // not killed by the timeout
  expect(script.status, script.stderr).toBe(0);
  return script.stdout.trim().split("\n");
}

describe("the evaluation thread never outlives its run", () => {
  it.each([0, 3])("a hook that throws at epoch %i: train() rejects and the process exits", (at) => {
    expect(threeCases()[at === 0 ? 0 : 1]).toBe("caught boom");
  });

  it("rows come back in epoch order with the thread on, the same rows as with it off", () => {
    const lines = threeCases();
    expect(lines).toHaveLength(3);
    const out = JSON.parse(lines[2]);
    expect(out.same).toBe(true);
    expect(out.epochs).toBe(Array.from({ length: 51 }, (_, i) => i).join(","));
  });
});
