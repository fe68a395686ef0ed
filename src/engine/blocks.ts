/**
 * The forward and backward pass of a network whose hidden layers are blocks with batch normalization and/or a
 * residual connection (Mlp sends only such networks here; a plain network keeps its own two loops in mlp.ts).
 * Hidden layer l, as PyTorch's x → x + act(bn(linear(x))):
 *   z = W·h_prev + b        u = bn(z)  (u = z without norm)        a = f(u)        h = h_prev + a  (skip)  or  h = a
 * The skip is on when the layer's input and output widths match (never on the output layer, which is z = W·h_prev + b).
 * Backward, from δh = ∂L/∂h (= Wᵀ·∂L/∂z of the layer above):
 *   ∂L/∂u = δh · f′(u)      ∂L/∂z = bn′(∂L/∂u) (batchnorm.ts)      ∂L/∂W = ∂L/∂zᵀ·h_prev      ∂L/∂b = Σᵣ ∂L/∂z
 *   ∂L/∂h_prev = Wᵀ·∂L/∂z  + δh   ← the skip's "+1" path: the gradient reaches the layer below undiminished.
 */
import { batchNormBackward, batchNormEval, batchNormTrain, type BatchNormCache } from "./batchnorm.js";
import type { Layer, LayerBuffers } from "./layer.js";
import { linearBackwardInputs, linearBackwardWeights, linearForward } from "./matmul.js";

/**
 * The block buffers, per hidden layer: u (the activation's input: bn(z), or z itself without norm), du = ∂L/∂u
 * (dz itself without norm), h (the layer's output: h_prev + a with a skip, else a itself), and the batch-norm cache.
 */
export class BlockBuffers {
  readonly u: Float64Array[];
  readonly du: Float64Array[];
  readonly h: Float64Array[];
  readonly norm: (BatchNormCache | null)[];

  constructor(layers: readonly Layer[], ws: LayerBuffers, capacity: number) {
    const hidden = layers.slice(0, -1);
    const rowsOf = (l: Layer) => new Float64Array(capacity * l.outDim);
    this.u = hidden.map((l, i) => (l.norm ? rowsOf(l) : ws.z[i]));
    this.du = hidden.map((l, i) => (l.norm ? rowsOf(l) : ws.dz[i]));
    this.h = hidden.map((l, i) => (l.skip ? rowsOf(l) : ws.a[i]));
    this.norm = hidden.map((l) =>
      l.norm ? { xhat: rowsOf(l), mean: new Float64Array(l.outDim), variance: new Float64Array(l.outDim) } : null,
    );
  }
}

/** Forward pass; `training` normalises with the batch's statistics (and updates the running ones), else the running ones. */
export function blockForward(
  layers: readonly Layer[],
  ws: LayerBuffers,
  b: BlockBuffers,
  x: Float64Array,
  rows: number,
  training: boolean,
): Float64Array {
  const last = layers.length - 1;
  let input = x;
  for (let l = 0; l < last; l++) {
    const layer = layers[l];
    const n = rows * layer.outDim;
    linearForward(input, layer.weight, layer.bias, ws.z[l], rows, layer.inDim, layer.outDim);
    const norm = layer.norm;
    if (norm !== null) (training ? batchNormTrain : batchNormEval)(norm, b.norm[l]!, ws.z[l], b.u[l], rows);
    layer.activation!.forward(b.u[l], ws.a[l], n);
    if (layer.skip) {
      const h = b.h[l];
      const a = ws.a[l];
      for (let i = 0; i < n; i++) h[i] = input[i] + a[i];
    }
    input = b.h[l];
  }
  const out = layers[last];
  linearForward(input, out.weight, out.bias, ws.z[last], rows, out.inDim, out.outDim);
  return ws.z[last];
}

/** Backward pass after a training-mode `blockForward` on the same x, from ws.dz of the output layer. */
export function blockBackward(layers: readonly Layer[], ws: LayerBuffers, b: BlockBuffers, x: Float64Array, rows: number): void {
  for (let l = layers.length - 1; l >= 0; l--) {
    const layer = layers[l];
    linearBackwardWeights(ws.dz[l], l === 0 ? x : b.h[l - 1], layer.weightGrad, layer.biasGrad, rows, layer.inDim, layer.outDim);
    if (l === 0) break;
    const below = layers[l - 1];
    const dh = ws.da[l - 1];
    linearBackwardInputs(ws.dz[l], layer.weight, dh, rows, layer.inDim, layer.outDim);
    if (layer.skip) {
      // h_l = h_{l−1} + a_l: ∂h_l/∂h_{l−1} = 1, so ∂L/∂h_l flows to h_{l−1} as it is
      const above = ws.da[l];
      const n = rows * layer.inDim;
      for (let i = 0; i < n; i++) dh[i] += above[i];
    }
    below.activation!.backward(b.u[l - 1], ws.a[l - 1], dh, b.du[l - 1], rows * below.outDim);
    if (below.norm !== null) batchNormBackward(below.norm, b.norm[l - 1]!, b.du[l - 1], ws.dz[l - 1], rows);
  }
}
