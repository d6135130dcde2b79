"""Test RMSE of several run directories of one model family, paired per fold and repeat with the first.

    python scripts/ensemble_share.py "0 (prl_no_ensemble)=results/evidence-mnsol/mnsol/runs/prl_no_ensemble" \
        "ensemble_pairs 500 (prl)=results/evidence-mnsol-half/mnsol/runs/prl" \
        "ensemble_pairs 1000 (prl)=results/evidence-mnsol/mnsol/runs/prl"

Each argument is LABEL=RUN_DIR (a model's runs directory, holding fold{k}-rep{r}/metrics.json); the
first is the reference of the paired differences, and only the runs (fold, repeat) that every
directory holds are compared. Used for the curves of test RMSE against the share of labeled pairs with
an ensemble, against the number of pretraining pairs, and against the share of labels
(train.label_share). Prints a markdown table.
"""

from __future__ import annotations

import argparse
import json
from pathlib import Path

import numpy as np

from molpair.report.rmse import paired_difference


def run_names(runs: Path) -> set[str]:
    """The fold{k}-rep{r} names of the finished runs (those with metrics.json) in a runs directory."""
    return {path.parent.name for path in runs.glob("fold*-rep*/metrics.json")}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("runs", nargs="+", help="LABEL=RUN_DIR; the first is the reference")
    args = parser.parse_args()
    labelled = [(label, Path(runs)) for label, runs in (entry.split("=", 1) for entry in args.runs)]
    matched = sorted(set.intersection(*(run_names(runs) for _, runs in labelled)))
    if not matched:
        raise SystemExit("no fold{k}-rep{r} run is finished in every directory")

    def metrics(runs: Path) -> list[dict]:
        return [json.loads((runs / name / "metrics.json").read_text()) for name in matched]

    reference = np.array([m["test_rmse"] for m in metrics(labelled[0][1])])
    print(f"Runs matched: {len(matched)} ({', '.join(matched)})\n")
    print(
        "| runs | labeled training pairs (mean) | training pairs with an ensemble (mean) | share | test RMSE, mean (std) "
        "| first − this, mean (SE) | beyond 2 SE |"
    )
    print("| --- | --- | --- | --- | --- | --- | --- |")
    for label, runs in labelled:
        found = metrics(runs)
        rmse = np.array([m["test_rmse"] for m in found])
        labeled = np.mean([m["n_train"] for m in found])
        n_with = np.mean([m["n_with_ensemble"] for m in found])
        # Label-scarce runs (train.label_share) also train on unlabeled pairs: the share is of all of them.
        share = n_with / (labeled + np.mean([m.get("n_unlabeled", 0) for m in found]))
        diff, se = paired_difference(rmse, reference)
        beyond = "" if label == labelled[0][0] else ("yes" if abs(diff) > 2 * se else "no")
        print(
            f"| {label} | {labeled:.0f} | {n_with:.0f} | {share:.1%} | {rmse.mean():.3f} ({rmse.std(ddof=1):.3f}) "
            f"| {diff:.3f} ({se:.3f}) | {beyond} |"
        )


if __name__ == "__main__":
    main()
