/**
 * Issue 22 item 4: nothing read from a file (or a folder listing, or a typed name) reaches the terminal raw. Control
 * characters are planted everywhere a command reads text — a run folder's name, a CSV's column names, sweep.json's
 * grid values, a baseline's point values, a claim's host and start time, a summary's status, a metrics.csv column —
 * and every command that prints file content is walked: its stdout and stderr may hold no C0/C1 control character
 * (but the newline), no DEL, no bidirectional override or zero-width mark. Where the command prints the planted
 * text, it must be there in its escaped form (\x1b]0;TITLE\x07…), so the walk cannot pass by printing nothing.
 */
import { cpSync, mkdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { beforeAll, describe, expect, it } from "vitest";
import { runMain, tempDir, writeFile } from "../helpers.js";

/** A window title (OSC 0 … BEL), a screen clear (CSI 2J) and a right-to-left override. */
const EVIL = "\x1b]0;TITLE\x07\x1b[2J\u202e";
// eslint-disable-next-line no-control-regex
const RAW = /[\u0000-\u0009\u000b-\u001f\u007f-\u009f\u061c\u200b-\u200f\u2028-\u202e\u2066-\u2069\ufeff]/u;

let dir = "";
const at = (...p: string[]) => join(dir, ...p);

function editJson(path: string, change: (j: Record<string, unknown>) => void): void {
  const j = JSON.parse(readFileSync(path, "utf8")) as Record<string, unknown>;
  change(j);
  writeFileSync(path, JSON.stringify(j, null, 2));
}

beforeAll(async () => {
  dir = tempDir();
  writeFile(dir, "x.yaml", "data: {kind: xor}\ntrain: {epochs: 2}\n");
  // a CSV whose column names carry the escapes: the boundary map and the fit chart name their axes after them
  const rows = ["0,0,0", "1,1,0", "0,1,1", "1,0,1", "0.1,0.9,1", "0.9,0.1,1", "0.1,0.1,0", "0.9,0.9,0"];
  writeFile(dir, "d.csv", `a${EVIL},b${EVIL},label\n${rows.join("\n")}\n`);
  writeFile(dir, "c.yaml", "data: {kind: csv, path: d.csv, target: label, test: 0}\nmodel: {layers: [4]}\ntrain: {epochs: 2}\n");
  writeFile(dir, "s.csv", `x${EVIL},y\n0,0\n1,1\n2,4\n3,9\n`);
  writeFile(dir, "s.yaml", "data: {kind: csv, path: s.csv, target: y, test: 0}\nmodel: {layers: [4]}\ntrain: {epochs: 2, loss: mse}\n");
  const setup = async (args: string[]) => {
    const r = await runMain(args, { cwd: dir });
    if (r.code !== 0) throw new Error(`${args.join(" ")}: ${r.stderr}`);
  };
  await setup(["train", "x.yaml", "--run-dir", "r1", "--quiet"]);
  await setup(["sweep", "x.yaml", "--grid", "train.lr=0.1,0.2", "--seeds", "1,2", "--jobs", "1", "--out", "sw", "--quiet"]);
  await setup(["check", "sw", "--write-baseline", "sw-base.json"]);

  // a run folder whose name, status and an extra metrics.csv column carry the escapes
  cpSync(at("r1"), at(`run${EVIL}`), { recursive: true });
  cpSync(at("r1"), at("odd"), { recursive: true });
  editJson(at("odd", "summary.json"), (j) => (j.status = `completed${EVIL}`));
  const metrics = readFileSync(at("r1", "metrics.csv"), "utf8").trimEnd().split("\n");
  writeFileSync(at("odd", "metrics.csv"), metrics.map((l, i) => `${l},${i === 0 ? `m${EVIL}` : "1"}`).join("\n") + "\n");

  // a sweep whose grid values carry them (sweep.json), and a baseline whose point values do
  cpSync(at("sw"), at("sw2"), { recursive: true });
  editJson(at("sw2", "sweep.json"), (j) => ((j.axes as { values: unknown[] }[])[0].values = [`0.1${EVIL}`, 0.2]));
  editJson(at("sw-base.json"), (j) => ((j.points as { point: Record<string, string> }[])[0].point["train.lr"] = `0.1${EVIL}`));

  // a sweep whose run is claimed by a process on another host with an escape-laden host name and start time
  cpSync(at("sw"), at("sw3"), { recursive: true });
  rmSync(at("sw3", "0000-lr=0.1,seed=1"), { recursive: true });
  writeFileSync(at("sw3", "0000-lr=0.1,seed=1.lock"), JSON.stringify({ pid: 1, host: `node${EVIL}`, started: `t${EVIL}` }));
  mkdirSync(at("empty"));
});

interface Case {
  args: string[];
  /** The planted text is printed (escaped): it must be there. */
  shows: boolean;
}

const CASES: Case[] = [
  { args: ["train", "c.yaml", "--run-dir", `t${EVIL}`], shows: true },
  { args: ["train", "s.yaml", "--run-dir", "t-fit"], shows: true },
  { args: ["train", "c.yaml", "--run-dir", "t-json", "--json"], shows: false },
  { args: ["trace", "c.yaml"], shows: false },
  { args: ["gradcheck", "c.yaml"], shows: false },
  { args: ["play", "x.yaml", "--out", `p${EVIL}.html`], shows: true },
  { args: ["compare", `run${EVIL}`, "r1"], shows: true },
  { args: ["compare", `run${EVIL}`, "odd", "--json"], shows: true },
  { args: ["compare", "c.yaml", "--vary", "train.lr=0.1,0.2", "--runs", "cmp"], shows: true },
  { args: ["check", `run${EVIL}`, "--expect", "train_loss<5"], shows: true },
  { args: ["check", "odd", "--expect", "train_loss<5", "--allow", "interrupted"], shows: true },
  { args: ["check", "odd", "--expect", "train_loss<5", "--json"], shows: true },
  { args: ["check", "r1", "--baseline", `run${EVIL}`, "--write-baseline", `b${EVIL}.json`], shows: true },
  { args: ["check", "sw2", "--expect", "train_loss<5"], shows: true },
  { args: ["check", "sw2", "--expect", "train_loss<5", "--json"], shows: true },
  { args: ["check", "sw", "--baseline", "sw-base.json", "--tolerance", "10%"], shows: true },
  { args: ["check", "sw", "--baseline", "sw-base.json", "--json"], shows: true },
  { args: ["report", `run${EVIL}`, "odd", "--out", `o${EVIL}.html`], shows: true },
  { args: ["report", "sw2", "--out", "o2.html"], shows: false },
  { args: ["sweep", "x.yaml", "--grid", "train.lr=0.1,0.2", "--seeds", "1,2", "--jobs", "1", "--out", "sw3"], shows: true },
  { args: ["sweep", "x.yaml", "--grid", "train.lr=0.1,0.2", "--seeds", "1,2", "--out", "sw2"], shows: false },
  { args: ["sweep", "x.yaml", "--grid", "train.lr=0.1", "--dry-run", "--out", `sw${EVIL}`], shows: true },
  { args: ["sweep", "merge", "sw", "sw3", "--out", `m${EVIL}`], shows: true },
  { args: ["data", "moons", "--out", `d${EVIL}.csv`], shows: true },
  { args: ["schema", "--out", `s${EVIL}.json`], shows: false },
  { args: ["lesson", `n${EVIL}`], shows: true },
  { args: ["plot", `n${EVIL}`], shows: true },
  { args: ["softmax", `1${EVIL}`], shows: true },
];

describe("no text read from a file reaches the terminal raw (issue 22 item 4)", () => {
  it.each(CASES)("nn-lab $args.0 $args.1 …", async ({ args, shows }) => {
    const r = await runMain(args, { cwd: dir });
    const both = r.stdout + r.stderr;
    expect(r.stderr).not.toMatch(/internal error/);
    const raw = both.split("\n").filter((l) => RAW.test(l));
    expect(raw.map((l) => JSON.stringify(l))).toEqual([]);
    if (shows) expect(both.replaceAll("\\\\", "\\")).toMatch(/\\(x1b|u001b)\]0;TITLE\\(x07|u0007)/);
  });
});
