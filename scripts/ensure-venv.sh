#!/usr/bin/env bash
# Create the virtual environment. Debian ships venv/ensurepip in a separate package
# (python3-venv); install it when we can (root with apt), else say exactly what is missing.
set -euo pipefail
python="$1"; venv="$2"
if [ -x "$venv/bin/python" ]; then exit 0; fi
if ! "$python" -c 'import sys; sys.exit(sys.version_info < (3, 11))'; then
  echo "motcua cần Python 3.11 trở lên (motcua needs Python 3.11+); found: $("$python" --version 2>&1)" >&2
  exit 1
fi
if ! "$python" -m venv "$venv" 2>/dev/null; then
  rm -rf "$venv"
  if [ "$(id -u)" = 0 ] && command -v apt-get >/dev/null; then
    echo "Installing python3-venv (Debian splits venv out of python3)…"
    apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq python3-venv >/dev/null
    "$python" -m venv "$venv"
  else
    echo "Cannot create a virtual environment: run 'sudo apt-get install python3-venv' first." >&2
    exit 1
  fi
fi
