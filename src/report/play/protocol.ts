/** Messages between the playground page and its training worker (plain data: structured-clone safe). */
import type { MetricsRow } from "../../metrics.js";

/** `files`: imported data sets by the name the config's data.path gives them (a CSV's text). */
export type FromPage =
  | { type: "start"; id: number; yaml: string; paused: boolean; files: Record<string, string> }
  | { type: "pause" | "resume" | "step" | "stop"; id: number };

/** The training points, raw coordinates (x1, x2 per row), their labels, and the plane's bounds [x0, x1, y0, y1]. */
export interface PlanePoints {
  x: number[];
  y: number[];
  bounds: [number, number, number, number];
  classes: number;
}

/** The network at one epoch: each unit's output over a grid × grid plane, weights, widths, unit marks. */
export interface NetworkView {
  epoch: number;
  grid: number;
  /** units[layer][unit][cell]: hidden layers' activations, then the output layer's (probabilities or values). */
  units: number[][][];
  /** weights[layer]: out × in, row-major (as model.json's rows). */
  weights: number[][];
  /** Widths: inputs, each hidden layer, outputs. */
  dims: number[];
  /** marks[hiddenLayer][unit]: "dead" (ReLU family), "saturated" (sigmoid/tanh) or "". */
  marks: string[][];
}

export type ToPage =
  | { type: "error"; id: number; message: string }
  | { type: "started"; id: number; header: string[]; points: PlanePoints; epochs: number }
  | { type: "progress"; id: number; rows: MetricsRow[]; view: NetworkView }
  | { type: "done"; id: number; status: string; epochs: number; metricsCsv: string; modelJson: string };
