#!/usr/bin/python3
"""An nn-lab model.json as a PyTorch module, and a check that it computes what nn-lab computed.

    net = load_model("runs/x/model.json", config)   # nn.Sequential of Block(Linear, BatchNorm1d?, activation, skip)
    net.eval()                                       # batch norm with the running statistics, as nn-lab's metrics
    z = net(torch.tensor(x))                         # the output layer's pre-activations (the loss applies its output)

Each hidden layer is nn-lab's block h = [h_prev +] act(bn(linear(h_prev))): the skip when model.residual and the
layer's input and output widths match, BatchNorm1d(width, eps=1e-5, momentum=0.1) when model.norm is batch, with
model.json's gamma, beta, running_mean and running_var. `list(net.parameters())` is nn-lab's flat order
W1, b1, [gamma1, beta1,] W2, ... . Training it as nn-lab does (docs: "A config"):

    opt = torch.optim.Adam(net.parameters(), lr=0.01)          # every parameter: AdamW's decay reaches gamma, beta too
    for epoch in range(epochs):
        for xb, yb in batches:                                  # nn-lab's batch order (shuffle: its own stream)
            net.train(); opt.zero_grad()
            loss = torch.nn.functional.binary_cross_entropy_with_logits(net(xb), yb)
            loss.backward(); opt.step()

Run as a script on a run folder whose data is a CSV (or --data with the CSV `nn-lab data` writes for the data block):
it loads model.json and prints the final train loss in eval mode beside metrics.csv's last train_loss.

    /usr/bin/python3 examples/pytorch_model.py RUN_DIR [--data X.csv]
"""

import argparse
import csv
import json
import os
import sys

import torch
import torch.nn as nn

torch.set_default_dtype(torch.float64)

ACTIVATIONS = {
    "linear": lambda c: nn.Identity(),
    "relu": lambda c: nn.ReLU(),
    "leaky_relu": lambda c: nn.LeakyReLU(c.get("alpha", 0.01)),
    "elu": lambda c: nn.ELU(c.get("alpha", 1.0)),
    "gelu": lambda c: nn.GELU(),
    "gelu_tanh": lambda c: nn.GELU(approximate="tanh"),
    "swish": lambda c: nn.SiLU(),
    "sigmoid": lambda c: nn.Sigmoid(),
    "tanh": lambda c: nn.Tanh(),
    "softplus": lambda c: nn.Softplus(c.get("beta", 1.0), c.get("threshold", 20.0)),
}


class Block(nn.Module):
    """h = [h_prev +] act(bn(linear(h_prev)))."""

    def __init__(self, linear, norm, act, skip):
        super().__init__()
        self.linear, self.norm, self.act, self.skip = linear, norm, act, skip

    def forward(self, h):
        z = self.linear(h)
        a = self.act(self.norm(z) if self.norm is not None else z)
        return h + a if self.skip else a


def load_model(path, config=None):
    """model.json → nn.Sequential of Blocks and the output Linear. `config` (config.json) is needed only for a
    model.json without "norm"/"residual" fields on a network that has them (a model written before training)."""
    with open(path) as f:
        m = json.load(f)
    model = (config or {}).get("model", {})
    mods = []
    for i, src in enumerate(m["layers"]):
        lin = nn.Linear(src["in"], src["out"], bias=src.get("bias") is not None)
        with torch.no_grad():
            lin.weight.copy_(torch.tensor(src["weight"]))
            if lin.bias is not None:
                lin.bias.copy_(torch.tensor(src["bias"]))
        if i == len(m["layers"]) - 1:
            mods.append(lin)
            break
        norm = None
        if "norm" in src or model.get("norm") == "batch":
            norm = nn.BatchNorm1d(src["out"], eps=1e-5, momentum=0.1)
            with torch.no_grad():
                for key, t in (("gamma", norm.weight), ("beta", norm.bias), ("running_mean", norm.running_mean), ("running_var", norm.running_var)):
                    if "norm" in src:
                        t.copy_(torch.tensor(src["norm"][key]))
        choice = src["activation"] if isinstance(src["activation"], dict) else {"name": src["activation"]}
        skip = src.get("residual", False) or (model.get("residual", False) and src["in"] == src["out"])
        mods.append(Block(lin, norm, ACTIVATIONS[choice["name"]](choice), skip))
    return nn.Sequential(*mods)


def main(argv=None):
    ap = argparse.ArgumentParser(description="load an nn-lab run's model.json in PyTorch and evaluate its train loss")
    ap.add_argument("run", metavar="RUN_DIR")
    ap.add_argument("--data", help="the data CSV (default: config.json's data.path)")
    args = ap.parse_args(argv)
    with open(os.path.join(args.run, "config.json")) as f:
        config = json.load(f)
    net = load_model(os.path.join(args.run, "model.json"), config).eval()
    data = args.data or config["data"].get("path")
    if data is None:
        print("pytorch_model.py: the run's data is generated: pass --data with the CSV `nn-lab data` writes for it", file=sys.stderr)
        return 2
    with open(data, newline="") as f:
        rows = list(csv.DictReader(f))
    target = config["data"].get("target") or ("label" if "label" in rows[0] else "y")
    rows = [r for r in rows if r.get("split", "train") == "train"]
    inputs = [k for k in rows[0] if k not in (target, "split")]
    x = torch.tensor([[float(r[k]) for k in inputs] for r in rows])
    y = torch.tensor([float(r[target]) for r in rows])
    with torch.no_grad():
        z = net(x)
    loss_name, output = config["train"]["loss"], config["model"]["output"]
    if loss_name == "bce":
        loss = nn.functional.binary_cross_entropy_with_logits(z, y.reshape(-1, 1))
    elif loss_name == "cross_entropy":
        loss = nn.functional.cross_entropy(z, y.long())
    else:
        out = {"sigmoid": torch.sigmoid, "softmax": lambda v: torch.softmax(v, 1), "linear": lambda v: v}[output](z)
        t = nn.functional.one_hot(y.long(), z.shape[1]).double() if z.shape[1] > 1 else y.reshape(-1, 1)
        loss = nn.functional.mse_loss(out, t)
    with open(os.path.join(args.run, "metrics.csv"), newline="") as f:
        last = list(csv.DictReader(f))[-1]
    print(f"train_loss  torch {float(loss):.15g}  nn-lab {float(last['train_loss']):.15g}  (epoch {last['epoch']}, eval mode)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
