"""Markdown table of scripts/pretrain_holdout.py's runs beside the run directory's own models, paired by fold.

    python scripts/holdout_table.py RUN_DIR DATASET prl_pretrained prl prl_no_ensemble cigin

RUN_DIR holds results/DATASET/runs/MODEL/fold{k}-rep0 and holdout/ (pretrain_holdout.py --out holdout).
"""

import json
import sys
from pathlib import Path

import numpy as np

from molpair.report.rmse import paired_difference


def main() -> None:
    run, dataset, models = Path(sys.argv[1]), sys.argv[2], sys.argv[3:]
    found = sorted(int(p.parent.name[4:].split("-")[0]) for p in (run / "holdout").glob("fold*-rep0/metrics.json"))
    held = np.array([json.loads((run / "holdout" / f"fold{f}-rep0" / "metrics.json").read_text())["test_rmse"] for f in found])
    print(f"| model | test RMSE, folds {found} | its − held-out-solute pretraining, mean (SE) |\n| --- | --- | --- |")
    print(f"| prl_pretrained, held-out-solute pretraining | {held.mean():.3f} | |")
    for model in models:
        runs = run / "results" / dataset / "runs" / model
        theirs = np.array([json.loads((runs / f"fold{f}-rep0" / "metrics.json").read_text())["test_rmse"] for f in found])
        diff, se = paired_difference(held, theirs)
        print(f"| {model} | {theirs.mean():.3f} | {diff:.3f} ({se:.3f}) |")
    pairs = [json.loads((run / "holdout" / f"fold{f}" / "pretrain" / "metrics.json").read_text())["pairs"] for f in found]
    print(f"\nPretraining pairs with an ensemble, per fold: {pairs}")


if __name__ == "__main__":
    main()
