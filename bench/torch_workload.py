"""The PyTorch side of nn-lab's benchmark (bench/run.js runs it; docs/performance.md explains the method).

    python3 bench/torch_workload.py train SPEC.json [fast|dataloader]   one workload; prints {"train_ms": ..., "final_loss": ...}
    python3 bench/torch_workload.py sweep SPEC.json [fast|dataloader]   many small runs on N worker processes
    python3 bench/torch_workload.py info                                torch's version, threads, BLAS library and core

SPEC.json (written by bench/run.js) names the CSV file both tools read (x columns, then `label`) and the network,
loss, optimizer, batch size, shuffling and epochs of the nn-lab config. PyTorch runs float32 on one thread, with one of two loops:
  fast        the fastest plain loop: the whole set as one tensor; a full batch is that tensor, a minibatch an index
              slice of it (`perm = torch.randperm(n)` per epoch when shuffled, `X[perm[i:i+b]]`), then
              `opt.zero_grad(); loss_fn(model(xb), yb).backward(); opt.step()` — no DataLoader (the default)
  dataloader  the DataLoader idiom: `for xb, yb in loader` over a TensorDataset with a BatchSampler
Neither evaluates per epoch (nn-lab does a full evaluation, diagnostics and a metrics.csv row every epoch on top).
train_ms covers the epochs loop only (not the import, data loading or model building), like nn-lab's train_ms.
The sweep mode times the whole thing from start to the last result, as `nn-lab sweep` is timed: one
multiprocessing pool of 2 worker processes (each imports torch once), one task per run.
"""

import csv
import json
import sys
import time


def load_csv(path):
    with open(path, newline="") as f:
        rows = list(csv.reader(f))
    header = rows[0]
    target = header.index("label")
    inputs = [j for j in range(len(header)) if j != target]
    x = [[float(r[j]) for j in inputs] for r in rows[1:]]
    y = [float(r[target]) for r in rows[1:]]
    return x, y


ACTIVATIONS = {"relu": "ReLU", "tanh": "Tanh", "sigmoid": "Sigmoid"}


def build(torch, spec, d):
    nn = torch.nn
    layers = []
    width = d
    for units, act in zip(spec["layers"], spec["activations"]):
        layers += [nn.Linear(width, units), getattr(nn, ACTIVATIONS[act])()]
        width = units
    layers.append(nn.Linear(width, spec["outputs"]))
    return nn.Sequential(*layers)


def train_once(torch, spec, x, y, lr=None, activation=None, seed=0, loop="fast"):
    """Train one run with the given loop ("fast" or "dataloader"); returns (train_ms, final batch loss)."""
    torch.manual_seed(seed)
    if activation is not None:
        spec = dict(spec, activations=[activation] * len(spec["layers"]))
    X = torch.tensor(x, dtype=torch.float32)
    if spec["loss"] == "cross_entropy":
        Y = torch.tensor(y, dtype=torch.long)
        loss_fn = torch.nn.CrossEntropyLoss()
    else:
        Y = torch.tensor(y, dtype=torch.float32).unsqueeze(1)
        loss_fn = torch.nn.BCEWithLogitsLoss()
    model = build(torch, spec, X.shape[1])
    rate = spec["lr"] if lr is None else lr
    if spec["optimizer"] == "adam":
        opt = torch.optim.Adam(model.parameters(), lr=rate)
    else:
        opt = torch.optim.SGD(model.parameters(), lr=rate)
    n = len(x)
    batch = n if spec["batch"] == "full" else spec["batch"]
    if loop == "dataloader":
        return dataloader_loop(torch, spec, X, Y, model, loss_fn, opt, batch)
    started = time.perf_counter()
    if batch >= n:
        for _ in range(spec["epochs"]):
            opt.zero_grad()
            loss = loss_fn(model(X), Y)
            loss.backward()
            opt.step()
    else:
        starts = range(0, n, batch)
        for _ in range(spec["epochs"]):
            if spec["shuffle"]:
                perm = torch.randperm(n)
                batches = ((X[idx], Y[idx]) for idx in (perm[i : i + batch] for i in starts))
            else:
                batches = ((X[i : i + batch], Y[i : i + batch]) for i in starts)
            for xb, yb in batches:
                opt.zero_grad()
                loss = loss_fn(model(xb), yb)
                loss.backward()
                opt.step()
    return (time.perf_counter() - started) * 1000, float(loss)


def dataloader_loop(torch, spec, X, Y, model, loss_fn, opt, batch):
    """The DataLoader idiom over the same tensors; returns (train_ms, final batch loss)."""
    data = torch.utils.data
    dataset = data.TensorDataset(X, Y)
    order = data.RandomSampler(dataset) if spec["shuffle"] else data.SequentialSampler(dataset)
    # whole batches by one gather (dataset[list of indices]) instead of per-sample collation, the fast idiom
    loader = data.DataLoader(dataset, sampler=data.BatchSampler(order, batch, drop_last=False), batch_size=None)
    started = time.perf_counter()
    for _ in range(spec["epochs"]):
        for xb, yb in loader:
            opt.zero_grad()
            loss = loss_fn(model(xb), yb)
            loss.backward()
            opt.step()
    return (time.perf_counter() - started) * 1000, float(loss)


_worker = {}


def _init_worker(spec, path, loop):
    import torch

    torch.set_num_threads(1)
    _worker.update(torch=torch, spec=spec, data=load_csv(path), loop=loop)


def _sweep_task(task):
    lr, activation, seed = task
    x, y = _worker["data"]
    return train_once(_worker["torch"], _worker["spec"], x, y, lr, activation, seed, _worker["loop"])[1]


def blas_info(torch):
    """The BLAS library torch's process loaded and, for OpenBLAS, the kernel set (core) it runs, as OpenBLAS names it."""
    import ctypes
    import re

    (torch.ones(8, 8) @ torch.ones(8, 8)).sum()  # make sure the BLAS is loaded and initialised
    with open("/proc/self/maps") as f:
        libs = sorted(set(re.findall(r"(/\S*(?:openblas|libblas|mkl_rt|libmkl)\S*\.so\S*)", f.read())))
    for path in libs:
        lib = ctypes.CDLL(path)
        if hasattr(lib, "openblas_get_corename"):
            lib.openblas_get_corename.restype = ctypes.c_char_p
            lib.openblas_get_config.restype = ctypes.c_char_p
            return {"blas": "OpenBLAS", "library": path, "core": lib.openblas_get_corename().decode(),
                    "config": lib.openblas_get_config().decode()}
        if hasattr(lib, "mkl_get_version_string"):
            buf = ctypes.create_string_buffer(256)
            lib.mkl_get_version_string(buf, 256)
            return {"blas": "MKL", "library": path, "core": buf.value.decode(), "config": ""}
    return {"blas": "reference or unknown (no OpenBLAS/MKL symbols)", "library": ", ".join(libs), "core": "generic", "config": ""}


def cpu_flags():
    """The SIMD flags of this CPU (Linux /proc/cpuinfo), the ones that decide which BLAS kernels can run."""
    try:
        with open("/proc/cpuinfo") as f:
            flags = next(line for line in f if line.startswith("flags")).split(":", 1)[1].split()
    except (OSError, StopIteration):
        return []
    return sorted(f for f in flags if f.startswith(("avx", "sse4", "fma")))


def main():
    mode = sys.argv[1]
    if mode == "info":
        import torch

        torch.set_num_threads(1)
        print(json.dumps({"torch": torch.__version__, "threads": torch.get_num_threads(), **blas_info(torch), "cpu_flags": cpu_flags()}))
        return
    spec_path = sys.argv[2]
    loop = sys.argv[3] if len(sys.argv) > 3 else "fast"
    if loop not in ("fast", "dataloader"):
        raise SystemExit(f"unknown loop {loop}: fast or dataloader")
    with open(spec_path) as f:
        spec = json.load(f)
    if mode == "train":
        import torch

        torch.set_num_threads(1)
        x, y = load_csv(spec["csv"])
        ms, loss = train_once(torch, spec, x, y, loop=loop)
        print(json.dumps({"train_ms": ms, "final_loss": loss, "torch": torch.__version__, "threads": torch.get_num_threads()}))
    elif mode == "sweep":
        import multiprocessing

        started = time.perf_counter()
        tasks = [(lr, act, seed) for act in spec["grid_activation"] for lr in spec["grid_lr"] for seed in spec["seeds"]]
        with multiprocessing.get_context("spawn").Pool(spec["jobs"], _init_worker, (spec, spec["csv"], loop)) as pool:
            losses = pool.map(_sweep_task, tasks, chunksize=1)
        wall = (time.perf_counter() - started) * 1000
        print(json.dumps({"wall_ms": wall, "runs": len(losses)}))
    else:
        raise SystemExit(f"unknown mode {mode}")


if __name__ == "__main__":
    main()
