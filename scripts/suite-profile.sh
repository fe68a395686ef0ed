#!/usr/bin/env bash
# Where the test suite's time goes, per test file (docs/testing.md "Suite time"): CPU seconds (the worker and the
# children it waited for) and wall seconds, sorted by CPU, then the totals. Runs the given test files (default:
# all) as `npm test` does, with test/cpu-profile.ts as an extra setup file. Then, per worker process: its files,
# the wall seconds they took, and when its last file ended (seconds after the first file started).
#   scripts/suite-profile.sh [vitest file filters …]
set -euo pipefail
cd "$(dirname "$0")/.."
log=$(mktemp /tmp/nn-lab-suite-profile-XXXXXX)
npm run build >/dev/null
NN_LAB_CPU_PROFILE=$log CI=true /usr/bin/time -f "suite: wall %e s, CPU %U + %S s" npx vitest run "$@" >"$log.out" 2>&1 \
  || { tail -30 "$log.out"; echo "(the suite failed: output in $log.out)"; }
echo -e "cpu s\twall s\tfile\tworker\tstarted (ms)"
sort -rn "$log"
awk '{c += $1; w += $2} END {printf "files: %d, CPU %.1f s, wall %.1f s (summed over files)\n", NR, c, w}' "$log"
awk '{n[$4]++; w[$4] += $2; e = $5 / 1000 + $2; if (e > end[$4]) end[$4] = e; if (t0 == "" || $5 / 1000 < t0) t0 = $5 / 1000}
  END {for (p in n) printf "worker %s: %d files, %.1f s of files, last ended at %.1f s\n", p, n[p], w[p], end[p] - t0}' "$log"
grep '^suite: ' "$log.out"
