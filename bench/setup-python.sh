#!/usr/bin/env bash
# Creates (once) the Python environment that the interoperability tests and the PyTorch comparisons use:
# torch 2.x (CPU wheel), numpy, safetensors and the official openai client, in a venv outside the
# repository. Prints the venv's python on stdout. Idempotent: a complete venv is reused at once.
#   LSTMLM_VENV   where the venv lives (default ~/.cache/lstmlm/venv)
#   LSTMLM_TORCH  the torch requirement (default torch==2.13.0+cpu)
set -euo pipefail
venv=${LSTMLM_VENV:-$HOME/.cache/lstmlm/venv}
torch_req=${LSTMLM_TORCH:-torch==2.13.0+cpu}
stamp="$venv/.lstmlm-complete"
if [ -f "$stamp" ] && [ "$(cat "$stamp")" = "$torch_req" ] && [ -x "$venv/bin/python" ]; then
  echo "$venv/bin/python"
  exit 0
fi
python=""
for candidate in python3.11 python3.12 python3; do
  if command -v "$candidate" >/dev/null 2>&1 && "$candidate" -c 'import venv, sys; sys.exit(sys.version_info < (3, 9))' 2>/dev/null; then
    python=$(command -v "$candidate")
    break
  fi
done
if [ -z "$python" ]; then
  echo "setup-python: no python3 (3.9 or newer) with the venv module found; install one (Debian: apt-get install python3-venv)." >&2
  exit 3
fi
echo "setup-python: creating $venv with $torch_req, numpy, safetensors, openai ..." >&2
rm -rf "$venv"
"$python" -m venv "$venv"
# No retries: the index on the internet is unreachable here, and each retry of it costs seconds.
"$venv/bin/pip" install -q --retries 0 "$torch_req" numpy safetensors openai >&2
"$venv/bin/python" -c 'import torch, numpy, safetensors, openai' >&2
echo "$torch_req" > "$stamp"
echo "$venv/bin/python"
