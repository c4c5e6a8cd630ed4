#!/usr/bin/env bash
# Times lstmlm and its PyTorch twin (bench/pytorch_lm.py) on the same workloads, one after the
# other in one run on this machine, and prints a markdown table of the throughputs.
#
#   bench/compare-pytorch.sh [--presets small,medium] [--workloads train,eval,generate]
#                            [--seconds 60] [--warmup-seconds 10] [--peers torch2,debian]
#
# lstmlm side:  ./lstmlm bench {train|eval|generate} --preset ptb-P --seconds S --threads 2 --json
# PyTorch sides (--peers), each tried with 1 and 2 intra-op threads; the table shows the better:
#   torch2  the CPU wheel of PyTorch 2.x (MKL, oneDNN) in a venv made by bench/setup-python.sh
#           (LSTMLM_TORCH names the requirement, default torch==2.13.0+cpu); skipped with a note
#           when no such wheel can be installed
#   debian  Debian's python3-torch 1.13 under /usr/bin/python3 (installed with apt-get when
#           missing) with OpenBLAS's OpenMP build as its BLAS
# The corpora come from $LSTMLM_DATA (else ~/.cache/lstmlm), as for lstmlm itself.
set -euo pipefail

root=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
debian_py=/usr/bin/python3   # Debian's python: the one python3-torch installs into (a pyenv python3 on PATH is not)
py=python3                   # for the small helpers below: any python 3
peers=torch2,debian

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
    --peers) peers=${2:?--peers needs a value}; shift 2 ;;
    -h|--help) sed -n '2,17p' "${BASH_SOURCE[0]}" | sed 's/^# \{0,1\}//'; exit 0 ;;
    *) echo "error: unknown option $1: see $0 --help" >&2; exit 2 ;;
  esac
done
for w in ${workloads//,/ }; do
  case "$w" in train|eval|generate) ;; *) echo "error: unknown workload $w: use train, eval or generate" >&2; exit 2 ;; esac
done
for p in ${presets//,/ }; do
  case "${p#ptb-}" in small|medium) ;; *) echo "error: unknown preset $p: use small or medium" >&2; exit 2 ;; esac
done
for peer in ${peers//,/ }; do
  case "$peer" in torch2|debian) ;; *) echo "error: unknown peer $peer: use torch2 or debian" >&2; exit 2 ;; esac
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

# --- the PyTorch peers ------------------------------------------------------------------------
declare -A peer_py peer_env peer_label
active_peers=()
for peer in ${peers//,/ }; do
  case "$peer" in
    torch2)
      if venv_py=$("$root/bench/setup-python.sh"); then
        peer_py[torch2]=$venv_py
        peer_env[torch2]=""
        active_peers+=(torch2)
      else
        log "NOTE: no PyTorch 2.x wheel could be installed; the table has no PyTorch 2.x column"
      fi
      ;;
    debian)
      if ! "$debian_py" -c 'import torch' 2>/dev/null; then
        log "PyTorch is missing from $debian_py: installing Debian's python3-torch"
        apt_install python3-torch
        "$debian_py" -c 'import torch' || { echo "error: python3-torch is installed but $debian_py cannot import torch" >&2; exit 3; }
      fi
      # Debian's torch links the generic libblas.so.3, which is the unoptimised reference BLAS unless an
      # optimised one is installed. OpenBLAS's OpenMP build shares torch's OpenMP thread pool; its pthread
      # build would start a second pool that fights torch's for the cores when both use 2 threads.
      blas_lib() { dpkg -L libopenblas0-openmp 2>/dev/null | grep '/openblas-openmp/libblas\.so\.3$' | head -n 1; }
      if [ -z "$(blas_lib)" ]; then
        log "installing OpenBLAS (OpenMP build) for PyTorch"
        apt_install libopenblas0-openmp
      fi
      peer_py[debian]=$debian_py
      peer_env[debian]="LD_LIBRARY_PATH=$(dirname "$(blas_lib)")${LD_LIBRARY_PATH:+:$LD_LIBRARY_PATH}"
      active_peers+=(debian)
      ;;
  esac
done
[ ${#active_peers[@]} -gt 0 ] || { echo "error: no PyTorch peer could be set up; see the messages above" >&2; exit 3; }
for peer in "${active_peers[@]}"; do
  version=$("${peer_py[$peer]}" -c 'import torch; print(torch.__version__)')
  case "$peer" in
    torch2) peer_label[$peer]="PyTorch $version (pip wheel)" ;;
    debian) peer_label[$peer]="PyTorch $version (Debian)" ;;
  esac
done

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
commit=$(git rev-parse --short HEAD)$(git diff --quiet HEAD -- core benchmarks pom.xml bench || echo "-dirty")
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

declare -A ours torch_rate torch_blas problems
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
    for peer in "${active_peers[@]}"; do
      for t in 1 2; do
        log "${peer_label[$peer]} $w --preset $p --threads $t (${warmup}s warm-up + ${seconds}s)"
        # OPENBLAS_CORETYPE/OPENBLAS_L2_SIZE, when the environment sets them, pin OpenBLAS to older
        # kernels: with Haswell ptb-small training did 2,112 words/s on 1 thread, against 2,785 with
        # the Cooperlake (AVX-512) kernels OpenBLAS picks itself on the same Xeon. Unset, OpenBLAS
        # chooses by CPU model, and pytorch_lm.py steps in only when it falls back to Prescott.
        # shellcheck disable=SC2086  # peer_env is a list of VAR=value words
        out=$(env -u OPENBLAS_CORETYPE -u OPENBLAS_L2_SIZE ${peer_env[$peer]} "${peer_py[$peer]}" bench/pytorch_lm.py "$w" \
                --preset "$p" --threads "$t" --seconds "$seconds" --warmup-seconds "$warmup" --data-dir "$data_dir")
        echo "$out" >&2
        torch_blas[$peer]=$(field blas <<<"$out")
        torch_rate[$peer $key $t]=$(field "$rf" <<<"$out")
      done
    done
  done
done
load_after=$(cut -d' ' -f1-3 /proc/loadavg)

echo "machine: $machine"
echo "JDK: ${jdk:-unknown}"
for peer in "${active_peers[@]}"; do
  echo "${peer_label[$peer]}: $("${peer_py[$peer]}" --version 2>&1), BLAS: ${torch_blas[$peer]:-unknown}"
done
echo "commit: $commit"
echo "command: bench/compare-pytorch.sh --presets $presets --workloads $workloads --seconds $seconds --warmup-seconds $warmup --peers $peers"
echo "load average (1, 5, 15 min): $load_before before, $load_after after"
echo

# best PEER KEY: "rate threads" of the better thread count, or nothing
best() {
  local r1=${torch_rate[$1 $2 1]:-} r2=${torch_rate[$1 $2 2]:-}
  if [ -n "$r2" ] && { [ -z "$r1" ] || "$py" -c "import sys; sys.exit(not $r2 > $r1)"; }; then echo "$r2 2"
  elif [ -n "$r1" ]; then echo "$r1 1"; fi
}
header="| workload | lstmlm (2 threads) |"
rule="|---|---:|"
for peer in "${active_peers[@]}"; do
  header+=" ${peer_label[$peer]} (best threads) | ratio |"
  rule+="---:|---:|"
done
echo "$header"
echo "$rule"
for p in ${presets//,/ }; do
  p=${p#ptb-}
  for w in ${workloads//,/ }; do
    key="$p $w"
    lstm_cell=$(fmt "${ours[$key]:-}")
    [ -n "${problems[$key]:-}" ] && lstm_cell="${problems[$key]}"
    row="| ptb-$p $w ($(unit "$w")) | $lstm_cell |"
    for peer in "${active_peers[@]}"; do
      read -r rate threads <<<"$(best "$peer" "$key")" || true
      if [ -n "${rate:-}" ]; then
        ratio="–"
        [ -n "${ours[$key]:-}" ] && ratio=$("$py" -c "print(f'{${ours[$key]} / $rate:.2f}×')")
        row+=" $(fmt "$rate") ($threads thread$([ "$threads" = 1 ] || echo s)) | $ratio |"
      else
        row+=" – | – |"
      fi
      rate="" threads=""
    done
    echo "$row"
  done
done
echo
echo "PyTorch with each thread count:"
echo
echo "| workload | peer | 1 thread | 2 threads |"
echo "|---|---|---:|---:|"
for p in ${presets//,/ }; do
  p=${p#ptb-}
  for w in ${workloads//,/ }; do
    for peer in "${active_peers[@]}"; do
      echo "| ptb-$p $w ($(unit "$w")) | ${peer_label[$peer]} | $(fmt "${torch_rate[$peer $p $w 1]:-}") | $(fmt "${torch_rate[$peer $p $w 2]:-}") |"
    done
  done
done

if [ "$incomplete" = 1 ]; then
  echo >&2
  log "the comparison is incomplete: some './lstmlm bench' runs are missing or failed (see the table)"
  exit 1
fi
