#!/usr/bin/env bash
# Mutation score of one module (docs/testing.md): its mutants run against its own tests only, one at a time, niced.
#   scripts/mutate-module.sh src/run/health.ts test/run/health.test.ts [more test globs …]
#   scripts/mutate-module.sh src/run/read.ts:1-120 test/run/read.test.ts      (part of a module: Stryker's file:lines)
# Incremental per module (reports/incremental/<module>.json): a re-run tests only mutants whose code or tests changed.
# The full report is kept in reports/mutation/<module>.json (mutation-testing-report-schema).
set -euo pipefail
cd "$(dirname "$0")/.."
target=$1
shift
[ $# -gt 0 ] || { echo "usage: $0 <src file[:lines]> <test glob> [test glob …]" >&2; exit 2; }
file=${target%%:*}
name=$(echo "${file#src/}" | sed 's/\.ts$//; s#/#-#g')
mkdir -p reports/incremental reports/mutation
tests=$(IFS=,; echo "$*")
# dist/ is built from the instrumented sources only for tests that run the CLI in-process (runMain); others skip it
build=()
grep -q runMain "$@" || build=(--buildCommand true)
MUTATE_TESTS=$tests nice -n 19 npx stryker run --ignoreStatic "${build[@]}" \
  --mutate "$target" --incrementalFile "reports/incremental/$name.json"
cp reports/mutation/mutation.json "reports/mutation/$name.json"
