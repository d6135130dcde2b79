#!/usr/bin/env bash
# Snakemake runs this once in the new environment: molpair itself, from the checkout the workflow runs
# from (its dependencies come from molpair.yaml). Snakemake copies the environment files under
# .snakemake/conda, so the checkout's path comes from MOLPAIR_SOURCE, which workflow/rules/common.smk sets.
set -euo pipefail
python -m pip install --no-deps -e "${MOLPAIR_SOURCE:?MOLPAIR_SOURCE (the molpair checkout) is set by workflow/rules/common.smk}"
