#!/usr/bin/env bash
# The whole test suite's time against a reference commit, measured on this machine in one run (issue 24, item 5:
# docs/testing.md "Suite time"). The reference is checked out into a temp worktree beside this one (node_modules
# shared), both are built, then each suite runs as `npm test` does after its build (`CI=true npx vitest run`, each
# commit with its own vitest.config.ts), reference first, then this tree, ROUNDS times, alternating. Prints, per
# run: wall and CPU seconds (the suite's processes and all their children) and the test counts; then the medians.
# Run it on an idle machine: wall time is what is compared.
#   scripts/suite-time.sh [REF] [ROUNDS]      (defaults: 4f9c5a5, 1)
set -euo pipefail
cd "$(dirname "$0")/.."
ref=${1:-4f9c5a5}
rounds=${2:-1}
here=$(pwd)
base=$(mktemp -d /tmp/nn-lab-suite-ref-XXXXXX)
trap 'git -C "$here" worktree remove --force "$base" >/dev/null 2>&1 || true' EXIT
git worktree add --detach "$base" "$ref" >/dev/null 2>&1
ln -s "$here/node_modules" "$base/node_modules"
(cd "$base" && npm run build >/dev/null)
npm run build >/dev/null
log=$(mktemp -d /tmp/nn-lab-suite-time-XXXXXX)
echo "machine: $(nproc) cores, $(node -v); load average at start: $(cut -d' ' -f1-3 /proc/loadavg); logs in $log"
run() { # name dir round
  local out=$log/$1-$3.txt
  (cd "$2" && CI=true /usr/bin/time -f "TIME %e %U %S" npx vitest run >"$out" 2>&1) || true
  local t tests
  t=$(grep '^TIME ' "$out" | tail -1)
  tests=$(sed 's/\x1b\[[0-9;]*m//g' "$out" | grep -E '^ +Tests ' | tail -1 | sed 's/^ *Tests *//')
  read -r _ wall user sys <<<"$t"
  echo "$1 round $3: wall $wall s, CPU $(awk "BEGIN {print $user + $sys}") s; tests: $tests"
  echo "$1 $wall" >>"$log/walls"
}
for r in $(seq 1 "$rounds"); do
  run "ref-$ref" "$base" "$r"
  run "head-$(git rev-parse --short HEAD)" "$here" "$r"
done
echo "load average at end: $(cut -d' ' -f1-3 /proc/loadavg)"
median() { sort -n | awk '{a[NR]=$1} END {print (NR%2 ? a[(NR+1)/2] : (a[NR/2]+a[NR/2+1])/2)}'; }
a=$(grep "^ref-" "$log/walls" | cut -d' ' -f2 | median)
b=$(grep "^head-" "$log/walls" | cut -d' ' -f2 | median)
echo "median wall: reference $a s, this tree $b s; this tree / reference = $(awk "BEGIN {printf \"%.3f\", $b / $a}")"
