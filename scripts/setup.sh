#!/usr/bin/env bash
# Create .venv with molpair and everything it needs (CPU build of torch). Safe to rerun: an
# existing .venv is updated in place. Needs Python 3.11+ with venv (installed via apt when root).
set -euo pipefail
cd "$(dirname "$0")/.."
python=${PYTHON:-python3}

if ! "$python" -c "import venv, ensurepip" 2>/dev/null; then
  if [ "$(id -u)" = 0 ] && command -v apt-get >/dev/null; then
    apt-get update -qq && apt-get install -y -qq python3-venv python3-pip
  else
    echo "setup: $python lacks venv/ensurepip; install the python3-venv package first" >&2
    exit 1
  fi
fi
[ -x .venv/bin/python ] || "$python" -m venv .venv
.venv/bin/python -m pip install -q --upgrade pip
# torch is pinned in pyproject.toml (torch==2.13.0, the CPU build); an unpinned torch pulls CUDA wheels.
.venv/bin/python -m pip install -q -e ".[test]"
echo "setup: .venv ready ($(.venv/bin/python --version), molpair $(.venv/bin/python -c 'import molpair; print(molpair.__version__)'))"
