#!/usr/bin/env bash
# The README's screenshots from a real run: trains a small word model on the first lines of PTB
# with the live dashboard on, photographs the dashboard mid-training, then serves the model and
# photographs the playground. Loopback only. Needs chromium (bench/setup-browser.sh) and the PTB
# text in $LSTMLM_DATA. Writes docs/dashboard.png and docs/playground.png.
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
cd "$root"
data=${LSTMLM_DATA:-$HOME/.cache/lstmlm}
out=$(mktemp -d)
trap 'kill $(jobs -p) 2>/dev/null || true; rm -rf "$out"' EXIT
mkdir -p docs "$out/corpus"
head -n 2500 "$data/ptb/ptb.train.txt" > "$out/corpus/small.train.txt"
head -n 600 "$data/ptb/ptb.valid.txt" > "$out/corpus/small.valid.txt"
head -n 600 "$data/ptb/ptb.test.txt" > "$out/corpus/small.test.txt"

./lstmlm --version >/dev/null   # builds the jar when stale
(cd core && mvn -B -q -ntp test-compile dependency:build-classpath -Dmdep.outputFile="$out/cp.txt") >/dev/null
shoot() { java -cp "core/target/test-classes:core/target/classes:$(cat "$out/cp.txt")" dev.lstmlm.web.Screenshots "$@"; }

ui_port=${UI_PORT:-8097}
./lstmlm train --preset ptb-small --hidden-size 32 --epochs 4 --decay-after 2 --corpus "$out/corpus/small.train.txt" \
  --run-dir "$out/run" --threads 1 --save-every-minutes 0 --ui "$ui_port" > "$out/train.log" 2>&1 &
train=$!
for _ in $(seq 600); do   # until two epochs are in
  [ -f "$out/run/metrics.jsonl" ] && [ "$(wc -l < "$out/run/metrics.jsonl")" -ge 2 ] && break
  kill -0 $train 2>/dev/null || { cat "$out/train.log"; exit 1; }
  sleep 1
done
sleep 3
shoot dashboard "http://127.0.0.1:$ui_port/" docs/dashboard.png
wait $train

serve_port=${SERVE_PORT:-8098}
./lstmlm serve --model "$out/run/model.safetensors" --port "$serve_port" > "$out/serve.log" 2>&1 &
for _ in $(seq 120); do curl -fs "http://127.0.0.1:$serve_port/health" >/dev/null && break; sleep 1; done
shoot playground "http://127.0.0.1:$serve_port/" docs/playground.png
cp "$out/run/curves.png" docs/curves.png
echo "wrote docs/dashboard.png, docs/playground.png and docs/curves.png"
