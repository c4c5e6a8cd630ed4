#!/usr/bin/env bash
# Lines/s and tokens/s of scoring every line of the PTB test set (3,761 lines, 82,430 tokens) on
# its own, for the ptb-small and ptb-medium shapes: lstmlm's batched path (64 lines side by side),
# its batch-1 path (one line per window) and the same batched scoring in PyTorch
# (bench/pytorch_score.py), all on the same random weights, and prints a markdown table.
#
#   bench/score-bench.sh [--presets small,medium] [--seconds 30] [--warmup-seconds 20] [--threads 2]
#
# PyTorch: the torch 2.13 CPU wheel in the venv bench/setup-python.sh makes (~/.cache/lstmlm/venv),
#          timed with 1 and 2 intra-op threads.
# The PyTorch script writes its random model as an lstmlm checkpoint, lstmlm scores that same
# checkpoint, and the table shows how far the two totals (Σ logprob of a pass) lie apart.
# The corpora come from $LSTMLM_DATA (else ~/.cache/lstmlm), as for lstmlm itself.
set -euo pipefail

root=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
presets=small,medium
seconds=30
warmup=20
threads=2
while [ $# -gt 0 ]; do
  case "$1" in
    --presets) presets=${2:?--presets needs a value}; shift 2 ;;
    --seconds) seconds=${2:?--seconds needs a value}; shift 2 ;;
    --warmup-seconds) warmup=${2:?--warmup-seconds needs a value}; shift 2 ;;
    --threads) threads=${2:?--threads needs a value}; shift 2 ;;
    -h|--help) sed -n '2,13p' "${BASH_SOURCE[0]}" | sed 's/^# \{0,1\}//'; exit 0 ;;
    *) echo "error: unknown option $1: see $0 --help" >&2; exit 2 ;;
  esac
done
for p in ${presets//,/ }; do
  case "${p#ptb-}" in small|medium|test) ;; *) echo "error: unknown preset $p: use small, medium or test" >&2; exit 2 ;; esac
done
log() { echo "score-bench: $*" >&2; }

# --- PyTorch: the project's venv (bench/setup-python.sh) --------------------------------------
py=$("$root/bench/setup-python.sh") || { echo "error: bench/setup-python.sh could not make the PyTorch venv; see above" >&2; exit 3; }
torch_version=$("$py" -c 'import torch; print(torch.__version__)')

data_dir=${LSTMLM_DATA:-$HOME/.cache/lstmlm}
if [ ! -f "$data_dir/ptb/ptb.test.txt" ]; then
  echo "error: $data_dir/ptb/ptb.test.txt is missing: set LSTMLM_DATA to a directory holding ptb/" >&2
  exit 2
fi
export LSTMLM_DATA=$data_dir

cd "$root"
log "building lstmlm if needed"
./lstmlm --version >/dev/null || { echo "error: ./lstmlm does not start; see the messages above" >&2; exit 3; }
commit=$(git rev-parse --short HEAD)$(git diff --quiet HEAD -- core/src pom.xml bench || echo "-dirty")
machine="$(lscpu | sed -n 's/^Model name: *//p' | head -n 1), $(nproc) CPUs"
jdk=$(LSTMLM_JAVA_OPTS="-XshowSettings:properties -version" ./lstmlm 2>&1 \
      | sed -n 's/^ *java\.runtime\.version = //p' | head -n 1 || true)

field() {  # field NAME: NAME from the last JSON line of stdin
  "$py" -c '
import json, sys
v = None
for line in sys.stdin:
    line = line.strip()
    if line.startswith("{"):
        v = json.loads(line).get(sys.argv[1], v)
print("" if v is None else v)' "$1"
}
fmt() { [ -z "$1" ] && echo "–" || "$py" -c "print(f'{$1:,.0f}')"; }
ratio() { { [ -z "$1" ] || [ -z "$2" ]; } && echo "–" || "$py" -c "print(f'{$1 / $2:.2f}×')"; }

tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
load_before=$(cut -d' ' -f1-3 /proc/loadavg)
rows=()
for p in ${presets//,/ }; do
  p=${p#ptb-}
  ckpt="$tmp/ptb-$p.safetensors"
  declare -A torch_rate=() torch_lines=()
  torch_logprob=
  for t in 1 2; do
    log "PyTorch ptb-$p, batch 64, $t thread(s) (${warmup}s warm-up + ${seconds}s)"
    out=$("$py" bench/pytorch_score.py --preset "$p" --batch-size 64 --threads "$t" --seconds "$seconds" \
            --warmup-seconds "$warmup" --data-dir "$data_dir" --save-checkpoint "$ckpt")
    echo "$out" >&2
    torch_rate[$t]=$(field tokens_per_second <<<"$out")
    torch_lines[$t]=$(field lines_per_second <<<"$out")
    torch_logprob=$(field logprob_per_pass <<<"$out")
  done
  best=1
  "$py" -c "import sys; sys.exit(not ${torch_rate[2]} > ${torch_rate[1]})" && best=2
  declare -A ours=() ours_lines=() ours_logprob=()
  for b in 64 1; do
    log "lstmlm ptb-$p, batch $b, $threads threads (${warmup}s warm-up + ${seconds}s)"
    out=$(./lstmlm bench score --model "$ckpt" --text "$data_dir/ptb/ptb.test.txt" --batch-size "$b" \
            --threads "$threads" --seconds "$seconds" --warmup-seconds "$warmup" --json)
    echo "$out" >&2
    ours[$b]=$(field tokens_per_second <<<"$out")
    ours_lines[$b]=$(field lines_per_second <<<"$out")
    ours_logprob[$b]=$(field logprob_per_pass <<<"$out")
  done
  diff=$("$py" -c "print(f'{abs(${ours_logprob[64]} - $torch_logprob) / abs($torch_logprob):.1e}')")
  rows+=("| ptb-$p | $(fmt "${ours_lines[64]}") / $(fmt "${ours[64]}") | $(fmt "${ours_lines[1]}") / $(fmt "${ours[1]}") | $(ratio "${ours[64]}" "${ours[1]}") | $(fmt "${torch_lines[$best]}") / $(fmt "${torch_rate[$best]}") ($best thread$([ "$best" = 1 ] || echo s)) | $(ratio "${ours[64]}" "${torch_rate[$best]}") | $diff |")
done
load_after=$(cut -d' ' -f1-3 /proc/loadavg)

echo "machine: $machine"
echo "JDK: ${jdk:-unknown}"
echo "PyTorch: $torch_version ($("$py" --version 2>&1), venv $(dirname "$(dirname "$py")"))"
echo "commit: $commit"
echo "command: bench/score-bench.sh --presets $presets --seconds $seconds --warmup-seconds $warmup --threads $threads"
echo "load average (1, 5, 15 min): $load_before before, $load_after after"
echo
echo "| shape | lstmlm batch 64, $threads threads (lines/s / tokens/s) | lstmlm batch 1 | batch 64 / batch 1 | PyTorch batch 64 (best threads) | lstmlm / PyTorch | Σ logprob, relative difference |"
echo "|---|---:|---:|---:|---:|---:|---:|"
printf '%s\n' "${rows[@]}"
