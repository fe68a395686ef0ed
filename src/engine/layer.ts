/**
 * One weight layer of an Mlp (mlp.ts), as its forward and backward passes read it — the plain loops in mlp.ts and
 * the block passes in blocks.ts alike — and the per-batch buffers those passes share.
 */
import type { Activation } from "./activations.js";
import type { BatchNorm } from "./batchnorm.js";

export interface Layer {
  readonly inDim: number;
  readonly outDim: number;
  /** Hidden activation; null for the output layer. */
  readonly activation: Activation | null;
  readonly weight: Float64Array;
  readonly bias: Float64Array | null;
  readonly weightGrad: Float64Array;
  readonly biasGrad: Float64Array | null;
  /** Offset of the weight (then the bias) in the flat vectors. */
  readonly offset: number;
  /** Batch normalization of z before the activation (hidden layers with norm: batch), else null. */
  readonly norm: BatchNorm | null;
  /** Residual: h = h_prev + f(·) — a hidden layer with residual on whose input and output widths match. */
  readonly skip: boolean;
}

/** The per-batch buffers of a pass, per layer (rows × outDim each): z, a, da = ∂L/∂a (∂L/∂h in a block), dz = ∂L/∂z. */
export interface LayerBuffers {
  readonly z: Float64Array[];
  readonly a: Float64Array[];
  readonly da: Float64Array[];
  readonly dz: Float64Array[];
}
