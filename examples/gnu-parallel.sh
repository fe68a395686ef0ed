#!/usr/bin/env bash
# GNU parallel: 3 shards of one sweep as 3 processes (or, with --sshlogin, on 3 machines), each into its own
# folder, then merged into one sweep folder (run folders, sweep.json and the sweep.csv an unsharded run writes)
# that `nn-lab check runs/moons-sweep` and `nn-lab report runs/moons-sweep` take as they take any sweep.
# Run:  bash examples/gnu-parallel.sh
set -euo pipefail
N=3
parallel --jobs "$N" node bin/nn-lab.js sweep configs/moons.yaml \
  --vary model.activation=sigmoid,tanh,relu --vary train.lr=0.01,0.03 --seeds 1,2 \
  --jobs 1 --shard {}/"$N" --out runs/moons-sweep-shard{} --quiet ::: $(seq 1 "$N")
node bin/nn-lab.js sweep merge $(seq -f "runs/moons-sweep-shard%g" 1 "$N") --out runs/moons-sweep
