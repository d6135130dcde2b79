"""Session 51: PRL with ensembles against PRL without ensemble and CIGIN, pooled over the dye subsets (written
before the chr_emi and chr_life results were read). Per set and fold, the relative difference of the test RMSE
(other − PRL) / other, averaged over the repeats; then the mean and SE over every set × fold (the repeats of a fold
share its test pairs, so the fold is the unit). `python pooled51.py RESULTS_DIR:DATASET ...` (e.g.
~/molpair-runs/s50/ens50b:chr_abs); prints one line per set and the pooled line per comparison."""
import json
import sys
from pathlib import Path

import numpy as np


def rmse(results: Path, dataset: str, model: str) -> dict[tuple[int, int], float]:
    """(fold, repeat) → test RMSE of every finished run."""
    runs = {}
    for metrics in (results / dataset / "runs" / model).glob("fold*-rep*/metrics.json"):
        fold, rep = metrics.parent.name.removeprefix("fold").split("-rep")
        runs[int(fold), int(rep)] = json.loads(metrics.read_text())["test_rmse"]
    return runs


for other in ("prl_no_ensemble", "cigin"):
    pooled = []
    for spec in sys.argv[1:]:
        results, dataset = spec.rsplit(":", 1)
        prl, theirs = rmse(Path(results).expanduser(), dataset, "prl"), rmse(Path(results).expanduser(), dataset, other)
        folds = sorted({fold for fold, _ in prl.keys() & theirs.keys()})
        per_fold = [np.mean([(theirs[k] - prl[k]) / theirs[k] for k in prl.keys() & theirs.keys() if k[0] == fold])
                    for fold in folds]
        pooled += per_fold
        print(f"{dataset}: {other} − prl, relative to {other}: {100 * np.mean(per_fold):+.1f} % "
              f"(SE {100 * np.std(per_fold, ddof=1) / np.sqrt(len(per_fold)):.1f}) over {len(per_fold)} folds, "
              f"{len(prl.keys() & theirs.keys())} paired runs")
    mean, se = np.mean(pooled), np.std(pooled, ddof=1) / np.sqrt(len(pooled))
    print(f"pooled: {other} − prl {100 * mean:+.1f} % (SE {100 * se:.1f}) over {len(pooled)} set × fold units; "
          f"{'beyond' if abs(mean) > 2 * se else 'not beyond'} 2 SE; positive: PRL more accurate\n")
