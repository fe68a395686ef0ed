#!/usr/bin/python3
"""PyTorch parity check for nn-lab runs (docs/spec.md §3: "same initial weights, data and settings give the same weights").

Given a finished nn-lab run folder (config.json, model.json, metrics.csv, summary.json), the initial model file
it started from (config.json's model.init.from, or --init) and its data CSV (config.json's data.path, or --data),
this script rebuilds the same network in torch float64 (nn.Linear layers, weight out x in), trains it on the same
batches in the same order with the same loss, optimizer, clipping, l1/l2 penalty and schedule, and compares:

  * every final weight and bias with the run's model.json            (the parity criterion, tolerance --tol)
  * the metrics.csv train_loss (and test_loss) of every logged epoch with torch's loss on the whole set
  * the metrics.csv lr, grad_norm (mean global gradient norm before clipping) and clipped columns

Error measure (documented criterion): for nn-lab value a and torch value b,

    err = |a - b| / max(|b|, FLOOR)        FLOOR = 1e-6 (parameters), 1e-12 (losses, lr, grad norms)

i.e. a pure relative error for every value of magnitude >= FLOOR, and an absolute error scaled by 1/FLOOR for
parameters that ended up closer to 0 than that (a weight of 1e-13 that differs by 1e-20 from torch's is not
a parity failure, but any absolute difference above 1e-15 still is). The pure relative error
|a - b| / max(|b|, 1e-12) is reported alongside as `max_rel_pure`. A run passes when the parameter error, the loss
errors and the lr / grad_norm errors are all <= --tol (default 1e-9) and the clipped counts are equal.

Supported: data kind csv (optional `split` column as `nn-lab data` writes it: train rows in file order, test rows
after), or a generated data block (moons, spirals, ...) together with --data, the CSV `nn-lab data KIND ... --seed S`
wrote for it (docs/spec.md §4: that file is exactly what the config trains on); no derived features; train.shuffle false,
or true with the row order of every epoch (a JSON list of lists, the manifest's "orders": nn-lab's shuffle stream is its
own); no early stopping; model.residual and model.norm batch (BatchNorm1d; its gamma, beta and running statistics are
compared with model.json's "norm" like the weights, and every loss is evaluated in eval mode); every hidden activation, outputs sigmoid/softmax/linear, losses mse/bce/cross_entropy, optimizers
sgd/momentum/adam/adamw/rmsprop with all their parameters, clip {norm}/{value}, l1/l2, schedules
constant/step/exponential/cosine.

Usage:
  /usr/bin/python3 parity.py check RUN_DIR [RUN_DIR ...] [--init INIT.json] [--data X.csv] [--tol 1e-9] [--json]
  /usr/bin/python3 parity.py check --manifest cases.json [--json]    # [{"run": DIR, "init"?: F, "data"?: F}, ...]
  /usr/bin/python3 parity.py make-init --inputs 2 --layers 8,8 --outputs 1 --seed 0 --out init.json

Exit status: 0 all runs agree, 1 some run disagrees (or could not be checked), 2 bad usage.
"""

import argparse
import csv
import json
import math
import os
import sys

import torch
import torch.nn as nn

torch.set_default_dtype(torch.float64)
torch.set_num_threads(1)  # deterministic, and faster for these tiny matrices

PARAM_FLOOR = 1e-6
VALUE_FLOOR = 1e-12
MODEL_FORMAT = "nn-lab.model.v1"


class Unsupported(Exception):
    pass


# ---------------------------------------------------------------------------------------------- data


def read_csv(path, target):
    """Rows of the nn-lab CSV as (x_train, y_train, x_test, y_test) lists, in nn-lab's order."""
    with open(path, newline="") as f:
        rows = [r for r in csv.reader(f) if any(c.strip() for c in r)]
    header = [h.strip() for h in rows[0]]
    if target is None:  # a generated data block: `nn-lab data` names the target label (classes) or y (values)
        target = "label" if "label" in header else "y"
    t = header.index(target)
    s = header.index("split") if "split" in header else -1
    cols = [j for j in range(len(header)) if j not in (t, s)]
    xtr, ytr, xte, yte = [], [], [], []
    for r in rows[1:]:
        r = [c.strip() for c in r]
        x = [float(r[j]) for j in cols]
        y = float(r[t])
        if s >= 0 and r[s] == "test":
            xte.append(x)
            yte.append(y)
        else:
            xtr.append(x)
            ytr.append(y)
    return xtr, ytr, xte, yte


# ---------------------------------------------------------------------------------------------- model


def activation_module(choice):
    if isinstance(choice, str):
        choice = {"name": choice}
    name = choice["name"]
    if name == "linear":
        return nn.Identity()
    if name == "relu":
        return nn.ReLU()
    if name == "leaky_relu":
        return nn.LeakyReLU(negative_slope=choice.get("alpha", 0.01))
    if name == "elu":
        return nn.ELU(alpha=choice.get("alpha", 1.0))
    if name == "gelu":
        return nn.GELU()
    if name == "gelu_tanh":
        return nn.GELU(approximate="tanh")
    if name == "swish":
        return nn.SiLU()
    if name == "sigmoid":
        return nn.Sigmoid()
    if name == "tanh":
        return nn.Tanh()
    if name == "softplus":
        return nn.Softplus(beta=choice.get("beta", 1.0), threshold=choice.get("threshold", 20.0))
    raise Unsupported(f"activation {name}")


def read_model(path):
    with open(path) as f:
        m = json.load(f)
    if m.get("format") != MODEL_FORMAT:
        raise Unsupported(f"{path}: not an {MODEL_FORMAT} file")
    return m


class Block(nn.Module):
    """A hidden layer as nn-lab builds it: h = [h_prev +] act(bn(linear(h_prev))) (skip when widths match and residual)."""

    def __init__(self, lin, norm, act, skip):
        super().__init__()
        self.lin, self.norm, self.act, self.skip = lin, norm, act, skip

    def forward(self, h):
        z = self.lin(h)
        a = self.act(self.norm(z) if self.norm is not None else z)
        return h + a if self.skip else a


def build_net(config, init_model):
    """Blocks of Linear (+ BatchNorm1d) + activation (+ skip) holding the initial weights; returns (net, linears, norms)."""
    hidden = config["model"]["layers"]
    use_bias = config["model"]["bias"]
    residual = config["model"].get("residual", False)
    batch_norm = config["model"].get("norm", "none") == "batch"
    layers = init_model["layers"]
    if len(layers) != len(hidden) + 1:
        raise Unsupported(f"init model has {len(layers)} layers, config {len(hidden)} hidden + 1")
    mods, linears, norms = [], [], []
    for l, src in enumerate(layers):
        lin = nn.Linear(src["in"], src["out"], bias=use_bias)
        with torch.no_grad():
            lin.weight.copy_(torch.tensor(src["weight"], dtype=torch.float64))
            if use_bias:
                b = src.get("bias")
                lin.bias.copy_(torch.tensor(b, dtype=torch.float64) if b is not None else torch.zeros(src["out"]))
        linears.append(lin)
        if l == len(hidden):
            mods.append(lin)
            break
        bn = nn.BatchNorm1d(src["out"], eps=1e-5, momentum=0.1, affine=True) if batch_norm else None
        if bn is not None and src.get("norm"):
            with torch.no_grad():
                for key, t in (("gamma", bn.weight), ("beta", bn.bias), ("running_mean", bn.running_mean), ("running_var", bn.running_var)):
                    t.copy_(torch.tensor(src["norm"][key], dtype=torch.float64))
        norms.append(bn)
        mods.append(Block(lin, bn, activation_module(hidden[l]["activation"]), residual and src["in"] == src["out"]))
    return nn.Sequential(*mods), linears, norms


def make_loss(loss_name, output, k, classes):
    """(loss_fn(z, y), target_fn(labels) -> tensor): the loss on the output layer's pre-activations z."""
    if loss_name == "bce":
        f = nn.BCEWithLogitsLoss()
        return (lambda z, y: f(z, y)), (lambda ys: torch.tensor(ys).reshape(-1, 1))
    if loss_name == "cross_entropy":
        f = nn.CrossEntropyLoss()
        return (lambda z, y: f(z, y)), (lambda ys: torch.tensor(ys).long())
    if loss_name == "mse":
        f = nn.MSELoss()
        if output == "sigmoid":
            out = torch.sigmoid
        elif output == "softmax":
            out = lambda z: torch.softmax(z, dim=1)  # noqa: E731
        else:
            out = lambda z: z  # noqa: E731
        if k > 1:  # K > 2 classes: one-hot targets
            tgt = lambda ys: nn.functional.one_hot(torch.tensor(ys).long(), k).to(torch.float64)  # noqa: E731
        else:
            tgt = lambda ys: torch.tensor(ys).reshape(-1, 1)  # noqa: E731
        return (lambda z, y: f(out(z), y)), tgt
    raise Unsupported(f"loss {loss_name}")


def make_optimizer(choice, params, lr):
    """torch's optimizer with its foreach (multi-tensor) loop: the same update as the per-tensor one, fewer Python calls."""
    name = choice["name"]
    if name in ("sgd", "momentum"):
        return torch.optim.SGD(
            params,
            lr=lr,
            momentum=choice["momentum"],
            dampening=choice["dampening"],
            nesterov=choice["nesterov"],
            weight_decay=choice["weight_decay"],
            foreach=True,
        )
    if name in ("adam", "adamw"):
        cls = torch.optim.Adam if name == "adam" else torch.optim.AdamW
        return cls(
            params,
            lr=lr,
            betas=(choice["beta1"], choice["beta2"]),
            eps=choice["eps"],
            weight_decay=choice["weight_decay"],
            amsgrad=choice["amsgrad"],
            foreach=True,
        )
    if name == "rmsprop":
        return torch.optim.RMSprop(
            params,
            lr=lr,
            alpha=choice["alpha"],
            eps=choice["eps"],
            momentum=choice["momentum"],
            centered=choice["centered"],
            weight_decay=choice["weight_decay"],
            foreach=True,
        )
    raise Unsupported(f"optimizer {name}")


def make_scheduler(choice, opt, epochs):
    name = choice["name"] if isinstance(choice, dict) else choice
    if name == "constant":
        return None
    if name == "step":
        return torch.optim.lr_scheduler.StepLR(opt, step_size=choice["every"], gamma=choice["gamma"])
    if name == "exponential":
        return torch.optim.lr_scheduler.ExponentialLR(opt, gamma=choice["gamma"])
    if name == "cosine":
        t_max = choice.get("t_max") or epochs
        return torch.optim.lr_scheduler.CosineAnnealingLR(opt, T_max=t_max, eta_min=choice.get("eta_min", 0.0))
    raise Unsupported(f"schedule {name}")


# ---------------------------------------------------------------------------------------------- training


def train_torch(config, init_model, data_path, data_given, orders=None):
    t = config["train"]
    d = config["data"]
    if d["kind"] == "inline":
        raise Unsupported("data.kind inline")
    if d["kind"] != "csv" and not data_given:
        raise Unsupported(f"data.kind {d['kind']}: pass --data with the CSV `nn-lab data` writes for this data block and seed")
    if d.get("features"):
        raise Unsupported("data.features")
    if t["shuffle"] and orders is None:
        raise Unsupported("train.shuffle true without the epochs' row orders (nn-lab's shuffle stream): pass them in the manifest")
    if t.get("early_stop"):
        raise Unsupported("train.early_stop")
    xtr, ytr, xte, yte = read_csv(data_path, d.get("target"))
    if d.get("test", 0) and not xte:
        raise Unsupported("data.test > 0 without a split column (nn-lab shuffles before splitting)")

    net, linears, norms = build_net(config, init_model)
    k = linears[-1].out_features
    loss_fn, targets = make_loss(t["loss"], config["model"]["output"], k, None)
    X = torch.tensor(xtr)
    Y = targets(ytr)
    Xte = torch.tensor(xte) if xte else None
    Yte = targets(yte) if xte else None
    n = X.shape[0]
    batch = n if t["batch"] == "full" else min(int(t["batch"]), n)
    params = list(net.parameters())  # W1, b1, [gamma1, beta1,] W2, b2, ... as nn-lab's flat vector
    weights = [lin.weight for lin in linears]
    opt = make_optimizer(t["optimizer"], params, t["lr"])
    sched = make_scheduler(t["schedule"], opt, t["epochs"])
    clip = t.get("clip")
    l1, l2 = t["l1"], t["l2"]

    has_norm = any(bn is not None for bn in norms)

    def full_loss(Xs, Ys):
        if has_norm:
            net.eval()  # batch norm: the running statistics, as every nn-lab metric (no other module has modes)
        with torch.no_grad():
            loss = float(loss_fn(net(Xs), Ys))
        if has_norm:
            net.train()
        return loss

    rows = {0: {"train_loss": full_loss(X, Y), "test_loss": full_loss(Xte, Yte) if Xte is not None else None, "lr": t["lr"]}}
    for epoch in range(1, t["epochs"] + 1):
        lr = opt.param_groups[0]["lr"]
        norm_sum, steps, clipped = 0.0, 0, 0
        if orders is not None:
            perm = torch.tensor(orders[epoch - 1], dtype=torch.long)
            Xe, Ye = X[perm], Y[perm]
        else:
            Xe, Ye = X, Y
        for start in range(0, n, batch):
            xb, yb = Xe[start : start + batch], Ye[start : start + batch]
            opt.zero_grad(set_to_none=True)  # backward writes fresh gradients: 0 + g = g, the same bits, no zeroing pass
            loss = loss_fn(net(xb), yb)
            loss.backward()
            with torch.no_grad():  # the global norm, read back once a step (one float for all parameters)
                g = torch.cat([p.grad.reshape(-1) for p in params])
                total = math.sqrt(float(g.dot(g)))
            norm_sum += total
            steps += 1
            if clip is not None and "norm" in clip:
                nn.utils.clip_grad_norm_(params, clip["norm"])
                if clip["norm"] / (total + 1e-6) < 1:
                    clipped += 1
            elif clip is not None and "value" in clip:
                v = clip["value"]
                if any(bool((p.grad.abs() > v).any()) for p in params):
                    clipped += 1
                nn.utils.clip_grad_value_(params, v)
            if l1 != 0 or l2 != 0:
                with torch.no_grad():
                    for w in weights:
                        w.grad.add_(l2 * w + l1 * torch.sign(w))
            opt.step()
        if sched is not None:
            sched.step()
        rows[epoch] = {
            "train_loss": full_loss(X, Y),
            "test_loss": full_loss(Xte, Yte) if Xte is not None else None,
            "lr": lr,
            "grad_norm": norm_sum / steps,
            "clipped": clipped,
        }
    return linears, norms, rows


# ---------------------------------------------------------------------------------------------- comparison


def rel(a, b, floor):
    return abs(a - b) / max(abs(b), floor)


def num(cell):
    return None if cell in ("", None) else float(cell)


def check_run(run_dir, init_path=None, data_path=None, tol=1e-9, orders_path=None):
    with open(os.path.join(run_dir, "config.json")) as f:
        config = json.load(f)
    with open(os.path.join(run_dir, "summary.json")) as f:
        summary = json.load(f)
    final_model = read_model(os.path.join(run_dir, "model.json"))
    init = config["model"]["init"]
    init_path = init_path or (init.get("from") if isinstance(init, dict) else None)
    if not init_path:
        raise Unsupported("model.init is not {from: model.json}; pass --init with the initial weights")
    report = {"run": run_dir, "name": config.get("name"), "status": summary.get("status")}
    if summary.get("status") != "completed":
        raise Unsupported(f"run status {summary.get('status')} (expected completed)")

    data_given = data_path is not None
    data_path = data_path or config["data"].get("path")
    orders = None
    if orders_path:
        with open(orders_path) as f:
            orders = json.load(f)
    linears, norms, rows = train_torch(config, read_model(init_path), data_path, data_given, orders)

    # parameters
    max_err, max_pure, max_abs, worst = 0.0, 0.0, 0.0, None
    count = 0
    for l, (lin, src) in enumerate(zip(linears, final_model["layers"])):
        pairs = [("weight", lin.weight.detach().tolist(), src["weight"])]
        if lin.bias is not None:
            pairs.append(("bias", [lin.bias.detach().tolist()], [src["bias"]]))
        bn = norms[l] if l < len(norms) else None
        if bn is not None:
            if "norm" not in src:
                raise Unsupported(f"layer {l + 1}: batch norm in torch, no norm in model.json")
            for key, t in (("gamma", bn.weight), ("beta", bn.bias), ("running_mean", bn.running_mean), ("running_var", bn.running_var)):
                pairs.append((f"norm.{key}", [t.detach().tolist()], [src["norm"][key]]))
        for what, tw, nw in pairs:
            if len(tw) != len(nw) or any(len(r1) != len(r2) for r1, r2 in zip(tw, nw)):
                raise Unsupported(f"layer {l + 1} {what}: shape differs between torch and model.json")
            for i, (r1, r2) in enumerate(zip(tw, nw)):
                for j, (b, a) in enumerate(zip(r1, r2)):
                    count += 1
                    e = rel(a, b, PARAM_FLOOR)
                    max_pure = max(max_pure, rel(a, b, VALUE_FLOOR))
                    max_abs = max(max_abs, abs(a - b))
                    if e > max_err or worst is None:
                        idx = f"[{i}][{j}]" if what == "weight" else f"[{j}]"  # bias and norm.* are one row
                        worst = {"param": f"layers[{l}].{what}{idx}", "nn_lab": a, "torch": b}
                        max_err = max(max_err, e)
    report.update({"params": count, "max_rel": max_err, "max_rel_pure": max_pure, "max_abs": max_abs, "worst": worst})

    # metrics.csv: every logged epoch
    with open(os.path.join(run_dir, "metrics.csv"), newline="") as f:
        logged = list(csv.DictReader(f))
    loss_err, lr_err, gn_err = 0.0, 0.0, 0.0
    clip_mismatch = []
    clipped_total = 0
    for r in logged:
        e = int(r["epoch"])
        tr = rows[e]
        loss_err = max(loss_err, rel(num(r["train_loss"]), tr["train_loss"], VALUE_FLOOR))
        if tr["test_loss"] is not None and num(r["test_loss"]) is not None:
            loss_err = max(loss_err, rel(num(r["test_loss"]), tr["test_loss"], VALUE_FLOOR))
        lr_err = max(lr_err, rel(num(r["lr"]), tr["lr"], VALUE_FLOOR))
        if e > 0:
            gn_err = max(gn_err, rel(num(r["grad_norm"]), tr["grad_norm"], VALUE_FLOOR))
            c = int(float(r["clipped"]))
            clipped_total += c
            if c != tr["clipped"]:
                clip_mismatch.append({"epoch": e, "nn_lab": c, "torch": tr["clipped"]})
    last = logged[-1]
    final_epoch = int(last["epoch"])
    report.update(
        {
            "epochs": final_epoch,
            "final_train_loss": {"nn_lab": num(last["train_loss"]), "torch": rows[final_epoch]["train_loss"]},
            "final_train_loss_rel": rel(num(last["train_loss"]), rows[final_epoch]["train_loss"], VALUE_FLOOR),
            "loss_rel": loss_err,
            "lr_rel": lr_err,
            "grad_norm_rel": gn_err,
            "clipped": clipped_total,
            "clipped_mismatch": clip_mismatch,
        }
    )
    n_train = len(read_csv(data_path, config["data"].get("target"))[0])
    b = config["train"]["batch"]
    batch = n_train if b == "full" else min(int(b), n_train)
    report["steps"] = final_epoch * math.ceil(n_train / batch)
    problems = []
    if max_err > tol:
        problems.append(f"weights: max rel err {max_err:.3e} > {tol:g} at {worst['param']}")
    if loss_err > tol:
        problems.append(f"loss: max rel err {loss_err:.3e} > {tol:g}")
    if lr_err > tol:
        problems.append(f"lr: max rel err {lr_err:.3e} > {tol:g}")
    if gn_err > tol:
        problems.append(f"grad_norm: max rel err {gn_err:.3e} > {tol:g}")
    if clip_mismatch:
        problems.append(f"clipped counts differ in {len(clip_mismatch)} epochs (first: {clip_mismatch[0]})")
    report["problems"] = problems
    report["pass"] = not problems
    return report


def cmd_check(args):
    cases = []
    if args.manifest == "-":
        cases = json.load(sys.stdin)
    elif args.manifest:
        with open(args.manifest) as f:
            cases = json.load(f)
    cases += [{"run": r, "init": args.init, "data": args.data} for r in args.runs]
    if not cases:
        print("parity.py check: give RUN_DIR... or --manifest", file=sys.stderr)
        return 2
    reports = []
    for c in cases:
        try:
            rep = check_run(c["run"], c.get("init"), c.get("data"), c.get("tol", args.tol), c.get("orders"))
        except (Unsupported, OSError, KeyError, ValueError) as e:
            rep = {"run": c["run"], "pass": False, "problems": [f"cannot check: {type(e).__name__}: {e}"]}
        if "case" in c:
            rep["case"] = c["case"]
        reports.append(rep)
        if not args.json:
            label = rep.get("case") or rep.get("name") or rep["run"]
            if "max_rel" in rep:
                print(
                    f"{'ok  ' if rep['pass'] else 'FAIL'} {label}: {rep['params']} params after {rep['steps']} steps, "
                    f"max rel err {rep['max_rel']:.3e} (pure {rep['max_rel_pure']:.3e}, abs {rep['max_abs']:.3e}), "
                    f"loss {rep['loss_rel']:.3e}, lr {rep['lr_rel']:.3e}, grad_norm {rep['grad_norm_rel']:.3e}, "
                    f"clipped {rep['clipped']}"
                )
            else:
                print(f"FAIL {label}")
            for p in rep["problems"]:
                print(f"     {p}")
    if args.json:
        json.dump(reports, sys.stdout, indent=1)
        sys.stdout.write("\n")
    return 0 if all(r["pass"] for r in reports) else 1


def cmd_make_init(args):
    """A model.json with random weights (numpy, uniform ±scale/√fan_in) and random biases."""
    import numpy as np

    rng = np.random.default_rng(args.seed)
    hidden = [int(h) for h in args.layers.split(",") if h.strip()] if args.layers else []
    dims = [args.inputs, *hidden, args.outputs]
    layers = []
    for l in range(len(dims) - 1):
        fan_in, out = dims[l], dims[l + 1]
        lim = args.scale * math.sqrt(3.0 / fan_in)
        w = rng.uniform(-lim, lim, size=(out, fan_in))
        b = rng.uniform(-args.bias, args.bias, size=out) if args.bias > 0 else np.zeros(out)
        layers.append(
            {
                "in": fan_in,
                "out": out,
                "activation": "relu" if l < len(hidden) else "linear",
                "weight": [[float(v) for v in row] for row in w],
                "bias": [float(v) for v in b],
            }
        )
    with open(args.out, "w") as f:
        json.dump({"format": MODEL_FORMAT, "inputs": args.inputs, "layers": layers}, f)
    return 0


def main(argv):
    p = argparse.ArgumentParser(description="PyTorch parity check for nn-lab runs")
    sub = p.add_subparsers(dest="cmd", required=True)
    c = sub.add_parser("check", help="retrain run folders in torch float64 and compare")
    c.add_argument("runs", nargs="*", help="nn-lab run folders")
    c.add_argument(
        "--manifest",
        help='JSON list of {"run": DIR, "init"?: FILE, "data"?: FILE, "tol"?: x, "case"?: label, "orders"?: FILE} (- for stdin)',
    )
    c.add_argument("--init", help="initial model.json (default: config.json model.init.from)")
    c.add_argument("--data", help="data CSV (default: config.json data.path)")
    c.add_argument("--tol", type=float, default=1e-9)
    c.add_argument("--json", action="store_true", help="print a JSON list of reports on stdout")
    m = sub.add_parser("make-init", help="write a random initial model.json")
    m.add_argument("--inputs", type=int, required=True)
    m.add_argument("--layers", default="", help="hidden widths, comma-separated")
    m.add_argument("--outputs", type=int, required=True)
    m.add_argument("--seed", type=int, default=0)
    m.add_argument("--scale", type=float, default=1.0, help="weight limit scale (1 = ±√(3/fan_in))")
    m.add_argument("--bias", type=float, default=0.1, help="biases uniform in ±this")
    m.add_argument("--out", required=True)
    args = p.parse_args(argv)
    return cmd_check(args) if args.cmd == "check" else cmd_make_init(args)


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
