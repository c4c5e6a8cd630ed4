#!/usr/bin/env bash
# Times lstmlm and its PyTorch twin (bench/pytorch_lm.py) on the same workloads, one after the
# other in one run on this machine, and prints a markdown table of the throughputs.
#
#   bench/compare-pytorch.sh [--presets small,medium] [--workloads train,eval,generate]
#                            [--seconds 60] [--warmup-seconds 10]
#
# lstmlm side:  ./lstmlm bench {train|eval|generate} --preset ptb-P --seconds S --threads 2 --json
# PyTorch side: Debian's python3-torch under /usr/bin/python3 (installed with apt-get when missing),
#               with OpenBLAS's OpenMP build as its BLAS (pytorch_lm.py picks OpenBLAS's kernels
#               from the CPU's instruction sets when OpenBLAS does not know the CPU), tried with 1
#               and 2 intra-op threads; the table shows the better of the two, a second table both.
# The corpora come from $LSTMLM_DATA (else ~/.cache/lstmlm), as for lstmlm itself.
set -euo pipefail

root=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
py=/usr/bin/python3   # Debian's python: the one python3-torch installs into (a pyenv python3 on PATH is not)

presets=small,medium
workloads=train,eval,generate
seconds=60
warmup=10
while [ $# -gt 0 ]; do
  case "$1" in
    --presets) presets=${2:?--presets needs a value}; shift 2 ;;
    --workloads) workloads=${2:?--workloads needs a value}; shift 2 ;;
    --seconds) seconds=${2:?--seconds needs a value}; shift 2 ;;
    --warmup-seconds) warmup=${2:?--warmup-seconds needs a value}; shift 2 ;;
    -h|--help) sed -n '2,13p' "${BASH_SOURCE[0]}" | sed 's/^# \{0,1\}//'; exit 0 ;;
    *) echo "error: unknown option $1: see $0 --help" >&2; exit 2 ;;
  esac
done
for w in ${workloads//,/ }; do
  case "$w" in train|eval|generate) ;; *) echo "error: unknown workload $w: use train, eval or generate" >&2; exit 2 ;; esac
done
for p in ${presets//,/ }; do
  case "${p#ptb-}" in small|medium) ;; *) echo "error: unknown preset $p: use small or medium" >&2; exit 2 ;; esac
done

log() { echo "compare-pytorch: $*" >&2; }

as_root() {
  if [ "$(id -u)" -eq 0 ]; then "$@"; else sudo "$@"; fi
}

apt_updated=
apt_install() {
  if [ -z "$apt_updated" ]; then
    as_root apt-get update -qq
    apt_updated=yes
  fi
  as_root env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "$@" >&2
}

# --- PyTorch and its BLAS ---------------------------------------------------------------------
if ! "$py" -c 'import torch' 2>/dev/null; then
  log "PyTorch is missing from $py: installing Debian's python3-torch"
  apt_install python3-torch
  "$py" -c 'import torch' || { echo "error: python3-torch is installed but $py cannot import torch" >&2; exit 3; }
fi
# Debian's torch links the generic libblas.so.3, which is the unoptimised reference BLAS unless an
# optimised one is installed. OpenBLAS's OpenMP build shares torch's OpenMP thread pool; its pthread
# build would start a second pool that fights torch's for the cores when both use 2 threads.
blas_lib() { dpkg -L libopenblas0-openmp 2>/dev/null | grep '/openblas-openmp/libblas\.so\.3$' | head -n 1; }
if [ -z "$(blas_lib)" ]; then
  log "installing OpenBLAS (OpenMP build) for PyTorch"
  apt_install libopenblas0-openmp
fi
blas_dir=$(dirname "$(blas_lib)")
torch_version=$("$py" -c 'import torch; print(torch.__version__)')

data_dir=${LSTMLM_DATA:-$HOME/.cache/lstmlm}
if [ ! -f "$data_dir/ptb/ptb.train.txt" ]; then
  echo "error: $data_dir/ptb/ptb.train.txt is missing: set LSTMLM_DATA to a directory holding ptb/" >&2
  exit 2
fi
export LSTMLM_DATA=$data_dir

# --- lstmlm -----------------------------------------------------------------------------------
cd "$root"
log "building lstmlm if needed"
if ! ./lstmlm --version >/dev/null; then
  echo "error: ./lstmlm does not start; see the messages above" >&2
  exit 3
fi
jdk=$(LSTMLM_JAVA_OPTS="-XshowSettings:properties -version" ./lstmlm 2>&1 \
      | sed -n 's/^ *java\.vm\.name = //p; s/^ *java\.runtime\.version = //p' | paste -sd ' ' - || true)
commit=$(git rev-parse --short HEAD)$(git diff --quiet HEAD -- src pom.xml bench || echo "-dirty")
machine="$(lscpu | sed -n 's/^Model name: *//p' | head -n 1), $(nproc) CPUs"

# field FIELD: the value of FIELD in the last line of stdin that is a JSON object holding it
field() {
  "$py" -c '
import json, sys
value = None
for line in sys.stdin:
    line = line.strip()
    if line.startswith("{"):
        try:
            obj = json.loads(line)
        except ValueError:
            continue
        if sys.argv[1] in obj:
            value = obj[sys.argv[1]]
print("" if value is None else value)' "$1"
}

rate_field() { [ "$1" = generate ] && echo tokens_per_second || echo words_per_second; }
unit() { [ "$1" = generate ] && echo tokens/s || echo words/s; }
fmt() { [ -z "$1" ] && echo "–" || "$py" -c "print(f'{$1:,.0f}')"; }

declare -A ours torch1 torch2 problems
torch_blas=
incomplete=0
load_before=$(cut -d' ' -f1-3 /proc/loadavg)
for p in ${presets//,/ }; do
  p=${p#ptb-}
  for w in ${workloads//,/ }; do
    key="$p $w"
    rf=$(rate_field "$w")
    # A command line without the subcommand may still exit 0 on --help, so look for its own usage line.
    usage=$(./lstmlm bench "$w" --help 2>/dev/null || true)
    if grep -q "^Usage: lstmlm bench $w" <<<"$usage"; then
      log "lstmlm bench $w --preset ptb-$p (${seconds}s)"
      if out=$(./lstmlm bench "$w" --preset "ptb-$p" --seconds "$seconds" --threads 2 --json); then
        ours[$key]=$(field "$rf" <<<"$out")
        [ -n "${ours[$key]}" ] || problems[$key]="lstmlm printed no $rf"
      else
        problems[$key]="./lstmlm bench $w failed (exit $?)"
      fi
    else
      problems[$key]="./lstmlm bench $w is missing from this build"
    fi
    [ -z "${problems[$key]:-}" ] || incomplete=1
    for t in 1 2; do
      log "PyTorch $w --preset $p --threads $t (${warmup}s warm-up + ${seconds}s)"
      # OPENBLAS_CORETYPE/OPENBLAS_L2_SIZE, when the environment sets them, pin OpenBLAS to older
      # kernels: with Haswell ptb-small training did 2,112 words/s on 1 thread, against 2,785 with
      # the Cooperlake (AVX-512) kernels OpenBLAS picks itself on the same Xeon. Unset, OpenBLAS
      # chooses by CPU model, and pytorch_lm.py steps in only when it falls back to Prescott.
      out=$(env -u OPENBLAS_CORETYPE -u OPENBLAS_L2_SIZE \
              LD_LIBRARY_PATH="$blas_dir${LD_LIBRARY_PATH:+:$LD_LIBRARY_PATH}" "$py" bench/pytorch_lm.py "$w" \
              --preset "$p" --threads "$t" --seconds "$seconds" --warmup-seconds "$warmup" --data-dir "$data_dir")
      echo "$out" >&2
      torch_blas=$(field blas <<<"$out")
      if [ "$t" = 1 ]; then torch1[$key]=$(field "$rf" <<<"$out"); else torch2[$key]=$(field "$rf" <<<"$out"); fi
    done
  done
done
load_after=$(cut -d' ' -f1-3 /proc/loadavg)

echo "machine: $machine"
echo "JDK: ${jdk:-unknown}"
echo "PyTorch: $torch_version (Debian python3-torch, $("$py" --version 2>&1), BLAS: ${torch_blas:-unknown}, OpenMP build)"
echo "commit: $commit"
echo "command: bench/compare-pytorch.sh --presets $presets --workloads $workloads --seconds $seconds --warmup-seconds $warmup"
echo "load average (1, 5, 15 min): $load_before before, $load_after after"
echo
echo "| workload | lstmlm (2 threads) | PyTorch (best threads) | ratio |"
echo "|---|---:|---:|---:|"
for p in ${presets//,/ }; do
  p=${p#ptb-}
  for w in ${workloads//,/ }; do
    key="$p $w"
    t1=${torch1[$key]} t2=${torch2[$key]}
    best=$t1 best_t=1
    if [ -n "$t2" ] && { [ -z "$t1" ] || "$py" -c "import sys; sys.exit(not $t2 > $t1)"; }; then best=$t2 best_t=2; fi
    ratio="–"
    if [ -n "${ours[$key]:-}" ] && [ -n "$best" ]; then
      ratio=$("$py" -c "print(f'{${ours[$key]} / $best:.2f}×')")
    fi
    lstm_cell=$(fmt "${ours[$key]:-}")
    [ -n "${problems[$key]:-}" ] && lstm_cell="${problems[$key]}"
    torch_cell="–"
    [ -n "$best" ] && torch_cell="$(fmt "$best") ($best_t thread$([ "$best_t" = 1 ] || echo s))"
    echo "| ptb-$p $w ($(unit "$w")) | $lstm_cell | $torch_cell | $ratio |"
  done
done
echo
echo "PyTorch with each thread count:"
echo
echo "| workload | 1 thread | 2 threads |"
echo "|---|---:|---:|"
for p in ${presets//,/ }; do
  p=${p#ptb-}
  for w in ${workloads//,/ }; do
    echo "| ptb-$p $w ($(unit "$w")) | $(fmt "${torch1[$p $w]}") | $(fmt "${torch2[$p $w]}") |"
  done
done

if [ "$incomplete" = 1 ]; then
  echo >&2
  log "the comparison is incomplete: some './lstmlm bench' runs are missing or failed (see the table)"
  exit 1
fi
