/**
 * A multilayer perceptron on one flat parameter vector. Layer l computes z = W·a + b with W stored out×in
 * (as torch.nn.Linear.weight); hidden layers apply their activation, the output layer leaves z to the head
 * (loss + output activation, see losses.ts). Parameters are laid out W₁, b₁, W₂, b₂, … — the order of
 * torch's `model.parameters()` — as views into `params`, and likewise their gradients in `grads`.
 * With batch normalization each hidden layer's γ, β follow its bias (W₁, b₁, γ₁, β₁, W₂, …, as torch's
 * Sequential(Linear, BatchNorm1d, act)), and the running statistics (buffers, not trained) come after every
 * parameter: `params` = trainable ‖ buffers, `grads` covers the trainable part. Networks with norm or residual
 * hidden layers take the block passes of blocks.ts; a plain network keeps the two loops below.
 */
import type { Activation } from "./activations.js";
import type { BatchNorm } from "./batchnorm.js";
import { blockBackward, blockForward, BlockBuffers } from "./blocks.js";
import type { Layer, LayerBuffers } from "./layer.js";
import { linearBackwardInputs, linearBackwardWeights, linearForward } from "./matmul.js";

/** Hidden-layer normalization: none, or BatchNorm1d on z before the activation (batchnorm.ts). */
export const NORMS = ["none", "batch"] as const;
export type NormName = (typeof NORMS)[number];

export interface MlpShape {
  inputs: number;
  /** One entry per hidden layer. */
  hidden: { units: number; activation: Activation }[];
  outputs: number;
  bias: boolean;
  /** h = h_prev + f(z) on hidden layers whose widths match (default false). */
  residual?: boolean;
  /** Default "none". */
  norm?: NormName;
}

export class Mlp {
  /** Every parameter, then the buffers (running statistics). */
  readonly params: Float64Array;
  /** The trained part of `params` (what the optimizer updates; `params` itself when there are no buffers). */
  readonly trainable: Float64Array;
  /** The running statistics at the end of `params` (empty without batch norm). */
  readonly buffers: Float64Array;
  readonly grads: Float64Array;
  readonly layers: readonly Layer[];
  /** True when some hidden layer has batch norm or a skip: the passes are blocks.ts's. */
  readonly blocks: boolean;

  constructor(readonly shape: MlpShape) {
    // `| 0` keeps every dimension a small integer (a V8 "Smi") even when the caller computed it as a double — a class
    // count taken from a Float64Array of labels is one. A double in a layer's inDim/outDim turns the layer objects'
    // field representation to double, and every kernel's index arithmetic with it: W3 (3 classes) trained 1.7× slower.
    const dims = [shape.inputs, ...shape.hidden.map((h) => h.units), shape.outputs].map(smallInt);
    const hidden = shape.hidden.length;
    const norm = shape.norm === "batch";
    const normed = (l: number) => norm && l < hidden;
    let size = 0;
    let buffers = 0;
    for (let l = 0; l + 1 < dims.length; l++) {
      size += dims[l + 1] * dims[l] + (shape.bias ? dims[l + 1] : 0) + (normed(l) ? 2 * dims[l + 1] : 0);
      if (normed(l)) buffers += 2 * dims[l + 1];
    }
    this.params = new Float64Array(size + buffers);
    this.trainable = buffers === 0 ? this.params : this.params.subarray(0, size);
    this.buffers = this.params.subarray(size);
    this.grads = new Float64Array(size);
    const layers: Layer[] = [];
    let offset = 0;
    let bufferOffset = size;
    for (let l = 0; l + 1 < dims.length; l++) {
      const inDim = dims[l];
      const outDim = dims[l + 1];
      const wEnd = offset + outDim * inDim;
      const bEnd = wEnd + (shape.bias ? outDim : 0);
      const bn = normed(l) ? this.batchNorm(outDim, bEnd, bufferOffset) : null;
      if (bn) bufferOffset += 2 * outDim;
      layers.push({
        inDim,
        outDim,
        activation: l < hidden ? shape.hidden[l].activation : null,
        weight: this.params.subarray(offset, wEnd),
        bias: shape.bias ? this.params.subarray(wEnd, bEnd) : null,
        weightGrad: this.grads.subarray(offset, wEnd),
        biasGrad: shape.bias ? this.grads.subarray(wEnd, bEnd) : null,
        offset,
        norm: bn,
        skip: shape.residual === true && l < hidden && inDim === outDim,
      });
      offset = bEnd + (bn ? 2 * outDim : 0);
    }
    this.layers = layers;
    this.blocks = layers.some((l) => l.norm !== null || l.skip);
  }

  /** γ = 1, β = 0 at `offset`; running mean 0 and variance 1 at `buffer` (torch's BatchNorm1d at construction). */
  private batchNorm(width: number, offset: number, buffer: number): BatchNorm {
    const bn: BatchNorm = {
      width,
      gamma: this.params.subarray(offset, offset + width),
      beta: this.params.subarray(offset + width, offset + 2 * width),
      gammaGrad: this.grads.subarray(offset, offset + width),
      betaGrad: this.grads.subarray(offset + width, offset + 2 * width),
      runningMean: this.params.subarray(buffer, buffer + width),
      runningVar: this.params.subarray(buffer + width, buffer + 2 * width),
      offset,
    };
    bn.gamma.fill(1);
    bn.runningVar.fill(1);
    return bn;
  }

  get inputs(): number {
    return this.shape.inputs;
  }
  get outputs(): number {
    return this.shape.outputs;
  }

  /** Buffers for batches of up to `capacity` rows. */
  workspace(capacity: number): Workspace {
    return new Workspace(this, capacity);
  }

  /**
   * Forward pass of `rows` samples (x: rows × inputs); returns the output layer's z (rows × outputs). `training`
   * (a training step) normalises with the batch's statistics and updates the running ones; otherwise (every
   * evaluation) batch norm uses the running statistics, as torch's model.eval(). A plain network ignores it.
   */
  forward(ws: Workspace, x: Float64Array, rows: number, training = false): Float64Array {
    if (rows > ws.capacity) throw new RangeError(`batch of ${rows} rows exceeds workspace capacity ${ws.capacity}`);
    if (ws.blocks !== null) return blockForward(this.layers, ws, ws.blocks, x, rows, training);
    let a = x;
    for (let l = 0; l < this.layers.length; l++) {
      const layer = this.layers[l];
      const z = ws.z[l];
      linearForward(a, layer.weight, layer.bias, z, rows, layer.inDim, layer.outDim);
      if (layer.activation !== null) {
        layer.activation.forward(z, ws.a[l], rows * layer.outDim);
        a = ws.a[l];
      } else {
        a = z;
      }
    }
    return ws.z[this.layers.length - 1];
  }

  /**
   * Backward pass after `forward` on the same x: given dL/dz of the output layer (ws.dz[last]),
   * fills `grads` with dL/dW and dL/db for every layer, chain rule from the top down.
   */
  backward(ws: Workspace, x: Float64Array, rows: number): void {
    if (ws.blocks !== null) return blockBackward(this.layers, ws, ws.blocks, x, rows);
    for (let l = this.layers.length - 1; l >= 0; l--) {
      const layer = this.layers[l];
      const dz = ws.dz[l];
      const aBelow = l === 0 ? x : ws.a[l - 1];
      linearBackwardWeights(dz, aBelow, layer.weightGrad, layer.biasGrad, rows, layer.inDim, layer.outDim);
      if (l === 0) break;
      const below = this.layers[l - 1];
      const da = ws.da[l - 1];
      linearBackwardInputs(dz, layer.weight, da, rows, layer.inDim, layer.outDim);
      below.activation!.backward(ws.z[l - 1], ws.a[l - 1], da, ws.dz[l - 1], rows * below.outDim);
    }
  }
}

/**
 * Per-batch buffers: z, a, dL/da and dL/dz for every layer, sized once for `capacity` rows (with blocks, da is
 * ∂L/∂h of the layer's output h, and `blocks` holds bn(z), h and the batch statistics; null for a plain network).
 */
export class Workspace implements LayerBuffers {
  readonly z: Float64Array[];
  readonly a: Float64Array[];
  readonly da: Float64Array[];
  readonly dz: Float64Array[];
  readonly blocks: BlockBuffers | null;

  constructor(
    mlp: Mlp,
    readonly capacity: number,
  ) {
    const make = () => mlp.layers.map((layer) => new Float64Array(capacity * layer.outDim));
    this.z = make();
    this.a = make();
    this.da = make();
    this.dz = make();
    this.blocks = mlp.blocks ? new BlockBuffers(mlp.layers, this, capacity) : null;
  }

  /** dL/dz of the output layer, to be written by the head before `backward`. */
  get outputGrad(): Float64Array {
    return this.dz[this.dz.length - 1];
  }
}

/** A layer dimension as a small integer; anything else is a caller's bug (configs are validated long before). */
function smallInt(v: number): number {
  if ((v | 0) !== v || v < 0) throw new RangeError(`layer dimension must be a non-negative integer below 2^31, got ${v}`);
  return v | 0;
}
