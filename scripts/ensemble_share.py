"""Test RMSE against the share of training pairs with an ensemble, paired per fold with the first run.

    python scripts/ensemble_share.py "0 (prl_no_ensemble)=results/evidence-mnsol/mnsol/runs/prl_no_ensemble" \
        "ensemble_pairs 500 (prl)=results/evidence-mnsol-half/mnsol/runs/prl" \
        "ensemble_pairs 1000 (prl)=results/evidence-mnsol/mnsol/runs/prl"

Each argument is LABEL=RUN_DIR (a model's runs directory, holding fold{k}-rep0/metrics.json); the first
is the reference of the paired differences. Prints a markdown table.
"""

from __future__ import annotations

import argparse
import json
from pathlib import Path

import numpy as np

from molpair.report.rmse import paired_difference


def fold_metrics(runs: Path, folds: int) -> list[dict]:
    return [json.loads((runs / f"fold{k}-rep0" / "metrics.json").read_text()) for k in range(folds)]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("runs", nargs="+", help="LABEL=RUN_DIR; the first is the reference")
    parser.add_argument("--folds", type=int, default=5)
    args = parser.parse_args()
    labelled = [entry.split("=", 1) for entry in args.runs]
    reference = np.array([m["test_rmse"] for m in fold_metrics(Path(labelled[0][1]), args.folds)])
    print("| ensembles used | training pairs with an ensemble (mean of folds) | share | test RMSE, mean (std) | no-ensemble − this, mean (SE) |")
    print("| --- | --- | --- | --- | --- |")
    for label, runs in labelled:
        metrics = fold_metrics(Path(runs), args.folds)
        rmse = np.array([m["test_rmse"] for m in metrics])
        n_with = np.mean([m["n_with_ensemble"] for m in metrics])
        share = n_with / np.mean([m["n_train"] for m in metrics])
        diff, se = paired_difference(rmse, reference)
        print(f"| {label} | {n_with:.0f} | {share:.1%} | {rmse.mean():.3f} ({rmse.std(ddof=1):.3f}) | {diff:.3f} ({se:.3f}) |")


if __name__ == "__main__":
    main()
