/**
 * Sweep worker threads get what the CLI read from the environment through their workerData, not from the
 * environment: a pool given a 16-byte input limit refuses a longer config, and one given a 1 MiB memory limit
 * refuses a network that needs more, with no NN_LAB_* variable set; given the defaults, the same run trains.
 */
import { spawnSync } from "node:child_process";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { ROOT, tempDir, writeFile } from "../helpers.js";

/** Run one request through a real WorkerPool (the built one, in dist/) with these settings; the reply as JSON. */
function poolReply(config: string, runDir: string, settings: unknown): { summary: { status: string } | null; error: string | null } {
  const script = `
    import { WorkerPool } from ${JSON.stringify(join(ROOT, "dist", "sweep", "pool.js"))};
    const pool = new WorkerPool(1, ${JSON.stringify(settings)});
    const replies = [];
    await pool.runAll([{ configFile: ${JSON.stringify(config)}, overrides: [], runDir: ${JSON.stringify(runDir)}, index: 0 }], (r) => replies.push(r));
    await pool.close();
    process.stdout.write(JSON.stringify(replies[0]));
  `;
  const env = Object.fromEntries(Object.entries(process.env).filter(([k]) => !k.startsWith("NN_LAB_")));
  const r = spawnSync(process.execPath, ["--input-type=module", "-e", script], { env, encoding: "utf8", timeout: 60_000 });
  expect(r.status, r.stderr).toBe(0);
  return JSON.parse(r.stdout);
}

const DEFAULTS = { inputs: { maxBytes: 256 * 2 ** 20, dataRoot: null }, memoryLimitMb: 4096, evalThread: "off" };

describe("sweep worker settings", () => {
  const dir = tempDir();
  const config = writeFile(dir, "x.yaml", "data: {kind: xor}\nmodel: {layers: [64, 64]}\ntrain: {epochs: 2}\n");

  it("with the defaults the run trains", () => {
    const reply = poolReply(config, join(dir, "ok"), DEFAULTS);
    expect(reply.error).toBeNull();
    expect(reply.summary?.status).toBe("completed");
  });

  it("the input limit comes from workerData", () => {
    const reply = poolReply(config, join(dir, "small"), { ...DEFAULTS, inputs: { maxBytes: 16, dataRoot: null } });
    expect(reply.summary).toBeNull();
    expect(reply.error).toMatch(/x\.yaml: cannot read the config \(larger than .* MiB/);
  });

  it("the memory limit comes from workerData", () => {
    const big = writeFile(dir, "big.yaml", "data: {kind: xor}\nmodel: {layers: [2000, 2000]}\ntrain: {epochs: 1}\n");
    const reply = poolReply(big, join(dir, "big"), { ...DEFAULTS, memoryLimitMb: 1 });
    expect(reply.summary).toBeNull();
    expect(reply.error).toMatch(/over the limit of 1 MiB/);
  });
});
