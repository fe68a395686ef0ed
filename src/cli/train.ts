/** `nn-lab train CONFIG...`: validate every config first, then train each into its own run folder. */
import { loadConfig, parseOverride } from "../config/load.js";
import { resolveExperiment, type Experiment } from "../config/resolve.js";
import { join } from "node:path";
import { InputError } from "../errors.js";
import { writeReport } from "../report/sweep-data.js";
import { runBoundary } from "../terminal/boundary.js";
import { regressionFit } from "../terminal/fit.js";
import { GradientFlowTracker, layerActivations } from "../terminal/gradflow.js";
import { LiveRun, trainFrame } from "../terminal/live.js";
import { emptyHistory, recordLoss, type LossHistory } from "../terminal/chart.js";
import { colorDepth, terminalWidth } from "../terminal/colors.js";
import { parseExpectation, type Expectation } from "../run/expect.js";
import { epochProgress, NO_PROGRESS, wantsProgress, type ProgressSink } from "../terminal/progress.js";
import { runExperiment, type RunOutcome } from "../run/run-experiment.js";
import { inSession, type LiveSession } from "./live-session.js";
import { nextTurn } from "../run/run-experiment.js";
import { EXIT } from "./exit.js";
import type { CommonOptions, ConfigOptions, ExpectOptions } from "./options.js";
import { dumbTerminal, formatOutcome, wantsLive, yScale } from "./output.js";
import { environment } from "./environment.js";
import { jsonShown, shown } from "../files.js";

export interface TrainOptions extends CommonOptions, ConfigOptions, ExpectOptions {
  runs: string;
  runDir?: string;
  overwrite?: boolean;
  /** --log-y: the loss chart on a log scale. */
  logY?: boolean;
  /** --linear-y: on a linear scale (default: log when the loss spans more than two decades). */
  linearY?: boolean;
  /** false with --no-boundary. */
  boundary?: boolean;
  /** --live: redraw the loss chart, boundary map and gradient flow in place while training (on a terminal). */
  live?: boolean;
  /** --report: write report.html into each run folder. */
  report?: boolean;
}

export async function trainCommand(files: string[], opts: TrainOptions): Promise<number> {
  if (opts.runDir && files.length > 1)
    throw new InputError(`--run-dir names one folder, but ${files.length} configs were given; use --runs for several`);
  yScale(opts); // contradictory flags fail before anything trains
  const overrides = opts.set.map(parseOverride);
  const expectations = opts.expect.map((e) => parseExpectation(e));
  // Validate everything before training anything: a typo in the third config must not cost two runs.
  const experiments: Experiment[] = [];
  const problems: string[] = [];
  for (const file of files) {
    try {
      experiments.push(resolveExperiment(loadConfig(file, overrides), { memoryLimitMb: environment().memoryLimitMb }));
    } catch (e) {
      if (e instanceof InputError) problems.push(...e.problems);
      else throw e;
    }
  }
  if (problems.length > 0) throw new InputError(problems);

  let progress: ProgressSink = NO_PROGRESS;
  let stopCode = 0;
  const outcomes = await inSession(
    { live: wantsLive(opts), color: opts.color, logY: yScale(opts) },
    async (session) => {
      const done: RunOutcome[] = [];
      for (const experiment of experiments) {
        await nextTurn();
        if (session.stopped()) break;
        const { name, train } = experiment.config;
        progress =
          !session.live && !dumbTerminal() && wantsProgress(process.stderr, opts)
            ? epochProgress(process.stderr, name, train.epochs)
            : NO_PROGRESS;
        const trained = await trainOne(experiment, session, progress, opts, expectations);
        done.push(trained.outcome);
        printOne(experiment, trained, { index: done.length, count: experiments.length, live: session.live }, opts);
      }
      stopCode = session.stopCode;
      return done;
    },
    () => progress.stop(),
  );
  if (opts.json) {
    const docs = outcomes.map((o) => o.summary);
    process.stdout.write(jsonShown(docs.length === 1 ? docs[0] : docs, 2) + "\n");
  }
  const interrupted = outcomes.length < experiments.length || outcomes.some((o) => o.summary.status === "interrupted");
  // 128+N only when a run really was cut short (a signal after the last epoch leaves complete runs)
  if (interrupted) return stopCode;
  const failed = outcomes.some((o) => o.summary.status === "diverged" || o.summary.expect.some((e) => !e.pass));
  return failed ? EXIT.failed : EXIT.ok;
}

/** One config trained into its run folder, with its progress bar or (with --live) its frames. */
async function trainOne(
  experiment: Experiment,
  session: LiveSession,
  bar: ProgressSink,
  opts: TrainOptions,
  expect: Expectation[],
): Promise<Trained> {
  const history = emptyHistory();
  const flow = new GradientFlowTracker();
  const view = session.live ? new LiveRun(experiment.config.name, experiment) : null;
  if (view) session.show((size) => trainFrame(view, size));
  try {
    const outcome = await runExperiment(experiment, {
      runsDir: opts.runs,
      runDir: opts.runDir,
      overwrite: opts.overwrite,
      expect,
      stop: session.interrupt,
      evalThread: environment().evalThread,
      onModel: (mlp) => view && (view.mlp = mlp),
      onEpoch: (row) => {
        recordLoss(history, row);
        flow.observe(row);
        bar.update(row);
        view?.observe(row);
        session.tick();
      },
    });
    session.finish(); // the final picture stays on the screen
    return { outcome, history, flow, hidden: view ? session.hidden : null };
  } finally {
    bar.stop();
  }
}

/** A finished run with the loss history and gradient flow it was watched with, for its printout. */
interface Trained {
  outcome: RunOutcome;
  history: LossHistory;
  flow: GradientFlowTracker;
  /** With --live: the panels the final frame hid; null without --live. */
  hidden: string[] | null;
}

/** What is printed after each run (its report written first when asked). */
function printOne(
  experiment: Experiment,
  trained: Trained,
  { index, count, live }: { index: number; count: number; live: boolean },
  opts: TrainOptions,
): void {
  const { runDir } = trained.outcome;
  const report = opts.report ? writeReport([runDir], join(runDir, "report.html")) : null;
  if (opts.json || opts.quiet) return;
  if (count > 1) process.stdout.write(runSeparator(index, count, experiment.config.name));
  process.stdout.write((live ? "\n" : "") + printOutcome(experiment, trained, opts));
  if (report) process.stdout.write(`report: ${shown(report)}\n`);
}

/** The line above each run's output when `train` was given several configs: "── 2/3 · xor-relu ────…", blank line before all but the first. */
export function runSeparator(index: number, count: number, name: string, width = terminalWidth(process.stdout)): string {
  const head = `── ${index}/${count} · ${name} `;
  return (index > 1 ? "\n" : "") + head + "─".repeat(Math.max(3, Math.min(width, 80) - [...head].length)) + "\n";
}

/**
 * The run's result as the terminal shows it: chart, map (2-D classification) or fit (regression), gradient flow,
 * table, expectations. After a live run (`hidden` given) only the panels its final frame hid: the frame above holds
 * the others, so the scrollback holds every panel once.
 */
function printOutcome(experiment: Experiment, { outcome, history, flow, hidden }: Trained, opts: TrainOptions): string {
  const width = terminalWidth(process.stdout);
  const depth = colorDepth(process.stdout, opts.color, process.env);
  const wanted = (panel: string) => hidden === null || hidden.includes(panel);
  const pictures = opts.boundary !== false;
  const features = experiment.config.data.features ?? null;
  const boundary =
    pictures && wanted("decision boundary") ? runBoundary(outcome.result, experiment.data, features, { width, depth }) : null;
  const fit = pictures && wanted("fit") ? regressionFit(outcome.result, experiment.data, features, { width, depth }) : null;
  const gradients = wanted("gradient flow") ? flow.render(layerActivations(experiment.config), { width, depth }) : null;
  const chart = wanted("loss chart") ? history : undefined;
  return formatOutcome(outcome, { width, depth, history: chart, logY: yScale(opts), boundary, fit, gradientFlow: gradients });
}
