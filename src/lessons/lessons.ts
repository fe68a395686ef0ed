/**
 * The guided lessons of `nn-lab lessons` / `nn-lab lesson NAME`. Each runs its experiment(s) now, narrates from
 * the numbers it measured (never canned ones), checks its claims against them, and ends with an exercise.
 * Experiments are kept tiny (a second or less) so that a lesson can be followed live, and run on ten seeds
 * (`--seeds 1-10`, and the test) in seconds.
 */
import { activations, backprop, softmax } from "./basics.js";
import { linearCollapse, xor } from "./capacity.js";
import { threeCures } from "./cures.js";
import { exploding, initialisation, vanishing } from "./gradients.js";
import { dyingRelu, sigmoidVsRelu } from "./relu.js";
import type { Lesson } from "./run-lesson.js";

/** The lessons, in the order a course takes them. */
export const LESSONS: readonly Lesson[] = [
  activations,
  softmax,
  backprop,
  sigmoidVsRelu,
  vanishing,
  dyingRelu,
  exploding,
  initialisation,
  threeCures,
  xor,
  linearCollapse,
];
