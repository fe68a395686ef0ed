#!/usr/bin/env bash
# scripts/outputs-digest.sh REPO NAME: train every shipped config (and run compare, trace, plot, a sweep, two reports and
# a lesson) from the build in REPO, and write the md5 of every file they leave to $DIGEST_ROOT/NAME.md5, with times,
# dated folder names and REPO's own path masked. Two digests of two builds are equal when a change left every output
# byte-identical (issue 24: "byte-identical outputs for every shipped config before and after"):
#   scripts/outputs-digest.sh /path/to/old before; scripts/outputs-digest.sh . after; diff $DIGEST_ROOT/{before,after}.md5
set -u
root=${DIGEST_ROOT:-/tmp/nn-lab-digest}; mkdir -p "$root"
repo=$(cd "$1" && pwd); name=$2; out=$root/out; rm -rf $out; mkdir -p $out
cd $repo
for c in configs/*.yaml; do
  n=$(basename $c .yaml)
  node bin/nn-lab.js train $c --run-dir $out/$n --quiet --no-color > $out/$n.stdout 2>$out/$n.stderr; echo "rc $?" >> $out/$n.stdout
done
node bin/nn-lab.js train configs/moons.yaml --run-dir $out/moons-print --no-color > $out/moons-print.stdout 2>&1
node bin/nn-lab.js report $out/moons --out $out/moons-report.html > /dev/null 2>&1
node bin/nn-lab.js compare configs/classic-vanishing-sigmoid.yaml configs/classic-vanishing-relu-he.yaml --no-color > $out/compare.stdout 2>&1
node bin/nn-lab.js trace configs/xor-sigmoid.yaml --no-color > $out/trace.stdout 2>&1
node bin/nn-lab.js plot relu --no-color > $out/plot.stdout 2>&1
node bin/nn-lab.js sweep configs/moons.yaml --grid model.activation=relu,tanh --seeds 1-2 --out $out/sweep --quiet --no-color > $out/sweep.stdout 2>&1
node bin/nn-lab.js report $out/sweep --out $out/sweep-report.html > /dev/null 2>&1
node bin/nn-lab.js lesson vanishing-gradients --no-color > $out/lesson.stdout 2>&1
cd $out
find . -name summary.json -o -name '*.html' -o -name '*.stdout' -o -name sweep.csv -o -name compare.csv | while read f; do
  sed -i -E 's/"(train_ms|wall_ms)": [0-9.e+-]+/"\1": T/g; s/,[0-9.]+,("[0-9]{4}-)/,T,\1/; s/[0-9.]+ ?(ms|s)\b/T\1/g; s/"(trainMs|wallMs|train_ms)":[0-9.e+-]+/"\1":T/g; s/compare-[0-9]{8}-[0-9]{6}/compare-D/g' "$f"; done
find . -type f \( -name "*.json" -o -name "*.stdout" \) | xargs sed -i "s|$repo|REPO|g"
find . -type f ! -name '*.stderr' | sort | xargs md5sum | sed 's/  \.\// /' > "$root/$name.md5"
