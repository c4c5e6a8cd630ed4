#!/usr/bin/env bash
# Token cache benchmark: generates a synthetic word text of BYTES bytes (default 1.1e9, Zipf over 50,000
# words), then runs `lstmlm prepare` on it with a 512 MiB heap under /usr/bin/time -v, twice: the first
# run builds the cache (two streaming passes), the second finds it up to date. Prints the wall time, peak
# RSS and CPU time of each run (wall time is noisy when other jobs share the cores). Everything is
# written under WORK (default /tmp/lstmlm-token-cache): the text in WORK, the cache in WORK/cache (through
# LSTMLM_CACHE); all of it is deleted at the end.
set -euo pipefail

root=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
work=${WORK:-/tmp/lstmlm-token-cache}
bytes=${BYTES:-1100000000}
java_bin=${JAVA_HOME:+$JAVA_HOME/bin/}java

mkdir -p "$work"
export LSTMLM_CACHE="$work/cache"
trap 'rm -rf "$work"' EXIT

"$java_bin" "$root/bench/ZipfText.java" "$work/zipf.train.txt" "$bytes"
ls -l "$work/zipf.train.txt"
"$root/lstmlm" --version >/dev/null 2>&1   # builds the jar now, so that the build is not timed

for run in build cached; do
  LSTMLM_JAVA_OPTS=-Xmx512m /usr/bin/time -v "$root/lstmlm" prepare --corpus "$work/zipf.train.txt" \
      2> "$work/time-$run.txt"
  echo "[$run] $(grep -E 'Elapsed \(wall clock\)' "$work/time-$run.txt" | sed 's/^[[:space:]]*//')"
  echo "[$run] $(grep -E 'Maximum resident set size' "$work/time-$run.txt" | sed 's/^[[:space:]]*//')"
  echo "[$run] $(grep -E '(User|System) time' "$work/time-$run.txt" | sed 's/^[[:space:]]*//' | paste -sd ' ')"
done
ls -l "$LSTMLM_CACHE"/*/
