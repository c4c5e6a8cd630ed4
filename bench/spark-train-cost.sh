#!/usr/bin/env bash
# What training on Spark costs, in local mode: (a) the per-round overhead (a round's wall time on
# the driver minus its slowest worker's computation: scheduling, the broadcast, the results) and
# (b) the validation perplexity on PTB after the same budget of updates, for synchronous SGD
# (K = 1) and parameter averaging every K updates, next to the single-process trainer.
#
#   bench/spark-train-cost.sh [--preset ptb-small] [--epochs 1] [--workers 2] [--ks "1 10 50"]
#                             [--master local[2]] [--out DIR] [-- MORE TRAIN FLAGS]
#
# Each run is `lstmlm spark train` (and one `lstmlm train`) in its own run directory under --out;
# the table is built from their summary.json and spark.json. Flags after -- go to every run
# (e.g. -- --corpus small.train.txt --hidden-size 8 for a quick check that the script works).
# The corpora come from $LSTMLM_DATA (else ~/.cache/lstmlm), as for lstmlm itself.
set -euo pipefail

root=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
preset=ptb-small
epochs=1
workers=2
ks="1 10 50"
master="local[2]"
out="bench-results/spark-train-$(date +%Y%m%d-%H%M%S)"
more=()
while [ $# -gt 0 ]; do
  case "$1" in
    --preset) preset=${2:?--preset needs a value}; shift 2 ;;
    --epochs) epochs=${2:?--epochs needs a value}; shift 2 ;;
    --workers) workers=${2:?--workers needs a value}; shift 2 ;;
    --ks) ks=${2:?--ks needs a value}; shift 2 ;;
    --master) master=${2:?--master needs a value}; shift 2 ;;
    --out) out=${2:?--out needs a value}; shift 2 ;;
    --) shift; more=("$@"); break ;;
    -h|--help) sed -n '2,14p' "${BASH_SOURCE[0]}" | sed 's/^# \{0,1\}//'; exit 0 ;;
    *) echo "error: unknown option $1: see $0 --help" >&2; exit 2 ;;
  esac
done
command -v jq >/dev/null || { echo "error: this script reads the runs' JSON with jq; install it (apt-get install jq)" >&2; exit 3; }
if [ -e "$out" ]; then echo "error: $out already exists; name a new --out directory" >&2; exit 2; fi
mkdir -p "$out"
log() { echo "spark-train-cost: $*" >&2; }
flags=(--preset "$preset" --epochs "$epochs" --no-samples --save-every-minutes 0 "${more[@]}")

log "single process: $preset, $epochs epoch(s) -> $out/single"
"$root/lstmlm" train "${flags[@]}" --run-dir "$out/single" > "$out/single.log" 2>&1 \
  || { echo "error: lstmlm train failed; see $out/single.log" >&2; exit 1; }
for k in $ks; do
  log "spark: $workers workers, --sync-every $k -> $out/k$k"
  "$root/lstmlm" spark train --master "$master" --workers "$workers" --sync-every "$k" "${flags[@]}" --run-dir "$out/k$k" \
    > "$out/k$k.log" 2>&1 || { echo "error: lstmlm spark train failed; see $out/k$k.log" >&2; exit 1; }
done

ppl() { jq -r 'if .best_valid_ppl == null then "n/a" else (.best_valid_ppl * 100 | round / 100 | tostring) end' "$1/summary.json"; }
echo
echo "$preset, $epochs epoch(s), $workers workers on $master ($(nproc) cores here)"
echo
echo "| run | updates | total s | Spark jobs | ms per job | worker compute ms per job | overhead ms per job | valid ppl |"
echo "|---|---:|---:|---:|---:|---:|---:|---:|"
s="$out/single/summary.json"
printf '| lstmlm train | %s | %.1f | - | - | - | - | %s |\n' "$(jq .updates "$s")" "$(jq .total_seconds "$s")" "$(ppl "$out/single")"
for k in $ks; do
  d="$out/k$k"
  jq -r --arg k "$k" --arg ppl "$(ppl "$d")" --slurpfile sum "$d/summary.json" '
    def ms(x): (x * 1000 / .rounds * 10 | round / 10);
    "| spark, K = \($k) | \($sum[0].updates) | \($sum[0].total_seconds * 10 | round / 10) | \(.rounds) | \(ms(.round_seconds))"
    + " | \(ms(.worker_compute_seconds)) | \(ms(.round_seconds - .worker_compute_seconds)) | \($ppl) |"' "$d/spark.json"
done
