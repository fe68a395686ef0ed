#!/usr/bin/env bash
# A Slurm array job: 4 tasks share one sweep. Each task runs its slice (--shard auto reads
# SLURM_ARRAY_TASK_ID / SLURM_ARRAY_TASK_COUNT / SLURM_ARRAY_TASK_MIN) into one shared folder; run
# folders are claimed atomically, so tasks never collide. Submit:  sbatch examples/slurm-array.sh
# Then, once all tasks are done:  nn-lab sweep merge runs/moons-sweep
#SBATCH --job-name=nn-lab-sweep
#SBATCH --array=1-4
#SBATCH --cpus-per-task=4
#SBATCH --time=00:30:00
set -euo pipefail
node bin/nn-lab.js sweep configs/moons.yaml \
  --vary model.activation=sigmoid,tanh,relu,gelu --vary train.lr=0.003,0.01,0.03 --seeds 1,2,3 \
  --jobs "${SLURM_CPUS_PER_TASK:-1}" --shard auto --out runs/moons-sweep
