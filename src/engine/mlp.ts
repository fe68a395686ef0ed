/**
 * A multilayer perceptron on one flat parameter vector. Layer l computes z = W·a + b with W stored out×in
 * (as torch.nn.Linear.weight); hidden layers apply their activation, the output layer leaves z to the head
 * (loss + output activation, see losses.ts). Parameters are laid out W₁, b₁, W₂, b₂, … — the order of
 * torch's `model.parameters()` — as views into `params`, and likewise their gradients in `grads`.
 */
import type { Activation } from "./activations.js";
import { linearBackwardInputs, linearBackwardWeights, linearForward } from "./matmul.js";

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
}

export interface MlpShape {
  inputs: number;
  /** One entry per hidden layer. */
  hidden: { units: number; activation: Activation }[];
  outputs: number;
  bias: boolean;
}

export class Mlp {
  readonly params: Float64Array;
  readonly grads: Float64Array;
  readonly layers: readonly Layer[];

  constructor(readonly shape: MlpShape) {
    // `| 0` keeps every dimension a small integer (a V8 "Smi") even when the caller computed it as a double — a class
    // count taken from a Float64Array of labels is one. A double in a layer's inDim/outDim turns the layer objects'
    // field representation to double, and every kernel's index arithmetic with it: W3 (3 classes) trained 1.7× slower.
    const dims = [shape.inputs, ...shape.hidden.map((h) => h.units), shape.outputs].map(smallInt);
    let size = 0;
    for (let l = 0; l + 1 < dims.length; l++) size += dims[l + 1] * dims[l] + (shape.bias ? dims[l + 1] : 0);
    this.params = new Float64Array(size);
    this.grads = new Float64Array(size);
    const layers: Layer[] = [];
    let offset = 0;
    for (let l = 0; l + 1 < dims.length; l++) {
      const inDim = dims[l];
      const outDim = dims[l + 1];
      const wEnd = offset + outDim * inDim;
      const bEnd = wEnd + (shape.bias ? outDim : 0);
      layers.push({
        inDim,
        outDim,
        activation: l < shape.hidden.length ? shape.hidden[l].activation : null,
        weight: this.params.subarray(offset, wEnd),
        bias: shape.bias ? this.params.subarray(wEnd, bEnd) : null,
        weightGrad: this.grads.subarray(offset, wEnd),
        biasGrad: shape.bias ? this.grads.subarray(wEnd, bEnd) : null,
        offset,
      });
      offset = bEnd;
    }
    this.layers = layers;
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

  /** Forward pass of `rows` samples (x: rows × inputs); returns the output layer's z (rows × outputs). */
  forward(ws: Workspace, x: Float64Array, rows: number): Float64Array {
    if (rows > ws.capacity) throw new RangeError(`batch of ${rows} rows exceeds workspace capacity ${ws.capacity}`);
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

/** Per-batch buffers: z, a, dL/da and dL/dz for every layer, sized once for `capacity` rows. */
export class Workspace {
  readonly z: Float64Array[];
  readonly a: Float64Array[];
  readonly da: Float64Array[];
  readonly dz: Float64Array[];

  constructor(
    mlp: Mlp,
    readonly capacity: number,
  ) {
    const make = () => mlp.layers.map((layer) => new Float64Array(capacity * layer.outDim));
    this.z = make();
    this.a = make();
    this.da = make();
    this.dz = make();
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
