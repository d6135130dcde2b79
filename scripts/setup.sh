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
# Chemprop v2 (model `chemprop`, run through its CLI) pins an older RDKit than molpair's, so it lives in
# its own venv; .venv/bin/chemprop links to it, where molpair looks for the CLI.
[ -x .venv-chemprop/bin/python ] || "$python" -m venv .venv-chemprop
.venv-chemprop/bin/python -m pip install -q --upgrade pip
.venv-chemprop/bin/python -m pip install -q "torch==2.13.0" "chemprop==2.3.1"
ln -sfn "$PWD/.venv-chemprop/bin/chemprop" .venv/bin/chemprop
echo "setup: .venv ready ($(.venv/bin/python --version), molpair $(.venv/bin/python -c 'import molpair; print(molpair.__version__)'))"
