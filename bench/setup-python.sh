#!/usr/bin/env bash
# Creates (or reuses) the Python environment the server's client tests use: a venv with the
# official `openai` package, outside the repository. Prints the venv's python on stdout.
#   bench/setup-python.sh            # ~/.cache/lstmlm-venv, or $LSTMLM_VENV
# pip installs from the configured indexes (wheels on disk on the project's machines).
set -euo pipefail
venv="${LSTMLM_VENV:-$HOME/.cache/lstmlm-venv}"
python="${PYTHON:-}"
if [ -z "$python" ]; then
  for candidate in python3.11 python3.12 python3.13 python3; do
    if command -v "$candidate" >/dev/null 2>&1; then python="$candidate"; break; fi
  done
fi
if [ -z "$python" ]; then
  echo "setup-python: no python3 found; install one (Debian: apt-get install python3 python3-venv)" >&2
  exit 3
fi
if [ ! -x "$venv/bin/python" ]; then
  "$python" -m venv "$venv" >&2
fi
if ! "$venv/bin/python" -c "import openai" 2>/dev/null; then
  # --retries 0: where only on-disk wheels are reachable, an unreachable index fails at once
  "$venv/bin/python" -m pip install --quiet --disable-pip-version-check --retries 0 --timeout 5 "openai>=1.0" >&2
fi
echo "$venv/bin/python"
