#!/usr/bin/python3
"""Cross-check nn-lab's loss and backprop gradients with PyTorch autograd (float64).

`nn-lab gradcheck CONFIG --json` prints, for the config's initial network on its first --rows training rows,
the loss and the gradient of every parameter (flat, in the order W1, b1, W2, b2, ..., each W out x in,
row-major): `gradients.backprop` (nn-lab's hand-written backward pass) and `gradients.numeric` (central
finite differences). This script rebuilds the same network in torch from a run's model.json, feeds it the same
rows, recomputes the loss and lets autograd compute the gradients, and compares them with nn-lab's.

The run must hold the initial weights: train it with `train.epochs: 0`, so that its model.json is exactly the
network gradcheck builds from the same config (same seed, same init). Its data must be a CSV (`data.kind: csv`,
as `nn-lab data KIND ... --out FILE.csv` writes it); for a generated data block pass --data with that CSV.

Commands (from the repository root; `nn-lab` is `node bin/nn-lab.js`):

    nn-lab train configs/classic-pytorch-crosscheck.yaml --run-dir runs/xc --overwrite   # epochs: 0 = initial weights
    nn-lab gradcheck configs/classic-pytorch-crosscheck.yaml --rows 32 --json > runs/xc-gradcheck.json
    /usr/bin/python3 examples/pytorch_crosscheck.py runs/xc runs/xc-gradcheck.json

  or, for any other config with CSV data (the same --set on both commands):

    nn-lab train CONFIG --set train.epochs=0 --run-dir runs/xc2
    nn-lab gradcheck CONFIG --rows 32 --json | /usr/bin/python3 examples/pytorch_crosscheck.py runs/xc2 -

Criterion: for an nn-lab value a and torch's b, err = |a - b| / max(|b|, 1e-6 * max|torch gradient|), i.e. a
relative error, measured against the gradient's scale for entries near 0. The check passes when the loss's
relative error and every backprop gradient's err are <= --tol (default 1e-9; float64 autograd and nn-lab agree
to about 1e-15). Finite differences are shown too (they are accurate to about 1e-7 only, and one-sided on a
ReLU kink), but do not decide the result.

Needs PyTorch (Debian: apt install python3-torch). Exit status: 0 agree, 1 disagree, 2 bad input.
"""

import argparse
import csv
import json
import math
import os
import sys

try:
    import torch
    import torch.nn as nn

    from pytorch_model import load_model
except ImportError:
    print("pytorch_crosscheck.py: PyTorch is not installed for this Python (try /usr/bin/python3, or pip install torch)", file=sys.stderr)
    sys.exit(2)

torch.set_default_dtype(torch.float64)
MODEL_FORMAT = "nn-lab.model.v1"
SCALE_FLOOR = 1e-6


class BadInput(Exception):
    pass


def read_json(path):
    try:
        if path == "-":
            return json.load(sys.stdin)
        with open(path) as f:
            return json.load(f)
    except (OSError, json.JSONDecodeError) as e:
        raise BadInput(f"{path}: {e}")


def read_train_rows(path, target):
    """The training rows of an nn-lab CSV, in nn-lab's order: every row, or those with split=train."""
    try:
        with open(path, newline="") as f:
            rows = [r for r in csv.reader(f) if any(c.strip() for c in r)]
    except OSError as e:
        raise BadInput(f"data: {e}")
    header = [h.strip() for h in rows[0]]
    if target is None:  # a generated data block: `nn-lab data` names the target label (classes) or y (values)
        target = "label" if "label" in header else "y"
    if target not in header:
        raise BadInput(f"{path}: no column '{target}' in {header}")
    t = header.index(target)
    s = header.index("split") if "split" in header else -1
    inputs = [j for j in range(len(header)) if j not in (t, s)]
    xs, ys = [], []
    for r in rows[1:]:
        r = [c.strip() for c in r]
        if s >= 0 and r[s] != "train":
            continue
        xs.append([float(r[j]) for j in inputs])
        ys.append(float(r[t]))
    return xs, ys, len(rows) - 1 > len(xs)


def build_net(model_path, config):
    """The run's network in torch (examples/pytorch_model.py: Linear, BatchNorm1d, activation and skip per hidden
    layer), in training mode: gradcheck differentiates batch norm with the batch's own statistics, as a step does.
    The output layer's activation is left to the loss (nn-lab computes bce from logits, cross-entropy from log-softmax)."""
    net = load_model(model_path, config).train()
    return net, [m for m in net.modules() if isinstance(m, nn.Linear)]


def loss_fn(loss, output, k, ys):
    """(loss on the output layer's pre-activations z, target tensor), mean reduction as nn-lab and torch."""
    if loss == "bce":
        return nn.BCEWithLogitsLoss(), torch.tensor(ys).reshape(-1, 1)
    if loss == "cross_entropy":
        return nn.CrossEntropyLoss(), torch.tensor(ys).long()
    if loss == "mse":
        out = {"sigmoid": torch.sigmoid, "softmax": lambda z: torch.softmax(z, dim=1), "linear": lambda z: z}[output]
        y = nn.functional.one_hot(torch.tensor(ys).long(), k).to(torch.float64) if k > 1 else torch.tensor(ys).reshape(-1, 1)
        return (lambda z, t: nn.functional.mse_loss(out(z), t)), y
    raise BadInput(f"loss {loss} is not supported")


def crosscheck(run_dir, gradcheck, data_path=None, tol=1e-9):
    config = read_json(os.path.join(run_dir, "config.json"))
    model = read_json(os.path.join(run_dir, "model.json"))
    if model.get("format") != MODEL_FORMAT:
        raise BadInput(f"model.json: not an {MODEL_FORMAT} file")
    epochs = config["train"]["epochs"]
    if epochs != 0:
        raise BadInput(
            f"{run_dir} was trained for {epochs} epochs, so its model.json is not the initial network gradcheck "
            "checks; train it again with --set train.epochs=0"
        )
    d = config["data"]
    if d.get("features"):
        raise BadInput("data.features (derived inputs) is not supported")
    if data_path is None:
        if d["kind"] != "csv":
            raise BadInput(f"data.kind {d['kind']}: pass --data with the CSV `nn-lab data` writes for this data block and seed")
        data_path = d["path"]
    xs, ys, has_test = read_train_rows(data_path, d.get("target"))
    if d.get("test", 0) and not has_test:
        raise BadInput("data.test > 0 without a split column: nn-lab shuffles before splitting; write the CSV with `nn-lab data`")
    rows = int(gradcheck["rows"])
    if rows > len(xs):
        raise BadInput(f"gradcheck used {rows} rows, the data has {len(xs)} training rows")

    net, linears = build_net(os.path.join(run_dir, "model.json"), config)
    params = list(net.parameters())  # W1, b1, [gamma1, beta1,] W2, ...: nn-lab's flat order
    k = linears[-1].out_features
    output = config["model"]["output"]
    f, y = loss_fn(config["train"]["loss"], output, k, ys[:rows])
    x = torch.tensor(xs[:rows])
    if x.shape[1] != linears[0].in_features:
        raise BadInput(f"the data has {x.shape[1]} inputs, model.json {linears[0].in_features}")
    loss = f(net(x), y)
    loss.backward()
    grads = torch.cat([p.grad.reshape(-1) for p in params]).tolist()  # W row-major (out x in), then b: nn-lab's order

    backprop = gradcheck["gradients"]["backprop"]
    numeric = gradcheck["gradients"]["numeric"]
    if len(backprop) != len(grads):
        raise BadInput(
            f"gradcheck has {len(backprop)} gradients, model.json {len(grads)} parameters: were they made from the same config?"
        )
    top = max(max(abs(g) for g in grads), 1e-300)
    scale = SCALE_FLOOR * top
    # A bias before batch norm has gradient 0 in exact arithmetic (bn subtracts the batch mean): both sides hold rounding
    # of ~1e-16·|g|, compared against the largest gradient instead
    redundant = set()
    off = 0
    for name, p in net.named_parameters():
        if name.endswith("linear.bias") and getattr(net[int(name.split(".")[0])], "norm", None) is not None:
            redundant.update(range(off, off + p.numel()))
        off += p.numel()

    def err(a, b, j=-1):
        return abs(a - b) / (top if j in redundant else max(abs(b), scale))

    # per-parameter block: layer, weight/bias/gamma/beta, count, backprop vs torch, numeric vs torch
    blocks, off, layer = [], 0, 0
    for name, p in net.named_parameters():
        kind = {"linear.weight": "weight", "linear.bias": "bias", "norm.weight": "gamma", "norm.bias": "beta"}.get(
            name.split(".", 1)[-1], name.rsplit(".", 1)[-1]
        )
        layer += kind == "weight"
        n = p.numel()
        idx = range(off, off + n)
        blocks.append(
            {
                "layer": layer,
                "kind": kind,
                "count": n,
                "max_abs": max(abs(backprop[j] - grads[j]) for j in idx),
                "max_err": max(err(backprop[j], grads[j], j) for j in idx),
                "numeric_max_abs": max(abs(numeric[j] - grads[j]) for j in idx),
            }
        )
        off += n
    worst = max(range(len(grads)), key=lambda j: err(backprop[j], grads[j], j))
    torch_loss = float(loss)
    loss_err = abs(gradcheck["loss"] - torch_loss) / max(abs(torch_loss), 1e-300)
    max_err = err(backprop[worst], grads[worst], worst)
    problems = []
    if not math.isfinite(loss_err) or loss_err > tol:
        problems.append(f"loss: nn-lab {gradcheck['loss']!r}, torch {torch_loss!r} (rel err {loss_err:.3e} > {tol:g})")
    if not math.isfinite(max_err) or max_err > tol:
        problems.append(f"gradient {worst}: nn-lab {backprop[worst]!r}, torch {grads[worst]!r} (err {max_err:.3e} > {tol:g})")
    return {
        "run": run_dir,
        "name": config.get("name"),
        "rows": rows,
        "params": len(grads),
        "loss": {"nn_lab": gradcheck["loss"], "torch": torch_loss, "rel_err": loss_err},
        "max_err": max_err,
        "max_abs": max(abs(a - b) for a, b in zip(backprop, grads)),
        "numeric_max_abs": max(abs(a - b) for a, b in zip(numeric, grads)),
        "blocks": blocks,
        "tol": tol,
        "problems": problems,
        "pass": not problems,
    }


def render(r):
    e = lambda v: f"{v:.2e}"  # noqa: E731
    lines = [
        f"{r['name']}: {r['params']} parameters on {r['rows']} rows — nn-lab vs torch autograd (float64)",
        f"loss  nn-lab {r['loss']['nn_lab']:.17g}  torch {r['loss']['torch']:.17g}  rel err {e(r['loss']['rel_err'])}",
        "",
        "layer  param   count  backprop max |Δ|  backprop max err  numeric max |Δ|",
    ]
    for b in r["blocks"]:
        lines.append(
            f"{b['layer']:>5}  {b['kind']:<6}  {b['count']:>5}  {e(b['max_abs']):>16}  {e(b['max_err']):>16}  {e(b['numeric_max_abs']):>15}"
        )
    lines.append("")
    if r["pass"]:
        lines.append(f"PASS: nn-lab's loss and backprop gradients agree with torch (max err {e(r['max_err'])} <= {r['tol']:g})")
    else:
        lines += [f"FAIL: {p}" for p in r["problems"]]
    return "\n".join(lines)


def main(argv=None):
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0], formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("run", metavar="RUN_DIR", help="an nn-lab run folder trained with train.epochs: 0")
    ap.add_argument("gradcheck", metavar="GRADCHECK_JSON", help="the output of `nn-lab gradcheck CONFIG --json` (- for stdin)")
    ap.add_argument("--data", help="the data CSV (default: config.json's data.path)")
    ap.add_argument("--tol", type=float, default=1e-9, help="tolerance on the loss's and every gradient's error (default 1e-9)")
    ap.add_argument("--json", action="store_true", help="print the comparison as JSON")
    args = ap.parse_args(argv)
    try:
        report = crosscheck(args.run, read_json(args.gradcheck), args.data, args.tol)
    except (BadInput, KeyError, ValueError, IndexError) as e:
        print(f"pytorch_crosscheck.py: {type(e).__name__ + ': ' if not isinstance(e, BadInput) else ''}{e}", file=sys.stderr)
        return 2
    print(json.dumps(report, indent=2) if args.json else render(report))
    return 0 if report["pass"] else 1


if __name__ == "__main__":
    sys.exit(main())
