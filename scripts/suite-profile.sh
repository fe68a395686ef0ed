#!/usr/bin/env bash
# Where the test suite's time goes, per test file (docs/testing.md "Suite time"): CPU seconds (the worker and the
# children it waited for) and wall seconds, sorted by CPU, then the totals. Runs the given test files (default:
# all) as `npm test` does, with test/cpu-profile.ts as an extra setup file.
#   scripts/suite-profile.sh [vitest file filters …]
set -euo pipefail
cd "$(dirname "$0")/.."
log=$(mktemp /tmp/nn-lab-suite-profile-XXXXXX)
npm run build >/dev/null
NN_LAB_CPU_PROFILE=$log CI=true /usr/bin/time -f "suite: wall %e s, CPU %U + %S s" npx vitest run "$@" >"$log.out" 2>&1 \
  || { tail -30 "$log.out"; echo "(the suite failed: output in $log.out)"; }
echo -e "cpu s\twall s\tfile"
sort -rn "$log"
awk '{c += $1; w += $2} END {printf "files: %d, CPU %.1f s, wall %.1f s (summed over files)\n", NR, c, w}' "$log"
grep '^suite: ' "$log.out"
