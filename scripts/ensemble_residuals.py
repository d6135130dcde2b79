"""How much of what a SMILES-only model misses could a pair's ensemble explain?

    python scripts/ensemble_residuals.py --config config.yaml --dataset freesolv --model cigin [--statistics gap_shift]

Reads the model's test predictions of every finished run (each pair is in one fold's test half; the
repeats are averaged), and per pair the ensemble's sample outcomes (molpair.data.ensembles: mean,
std and minimum over the ok samples of each outcome). Prints, for the target and for the model's
test residual (target − prediction), the correlation with each statistic and the out-of-fold R² of a
ridge regression on all of them (fitted on four folds' pairs, scored on the fifth). The residual's R²
is what a linear use of these statistics would add to this model: explaining a share s of the
residual variance lowers the RMSE by 1 − √(1 − s). (A model reading the samples can do better than a
linear fit of their statistics; a residual R² near zero says the statistics carry little that the
model lacks.) `--statistics TEXT` fits the ridge on the statistics whose name contains TEXT only (one
outcome, or one statistic such as "min gap_shift"): fewer columns for a few hundred pairs.
"""

from __future__ import annotations

import argparse

import numpy as np
import pandas as pd

from molpair import config as config_module
from molpair.data.ensembles import OUTCOME_NAMES, read_ensembles
from molpair.layout import Layout
from molpair.report.predictions import load_test_predictions


def ensemble_statistics(ensembles: dict, pair_ids) -> pd.DataFrame:
    """Mean, std and minimum of every outcome over each pair's ok samples (rows: pairs with an ensemble)."""
    rows = {}
    for pair_id in pair_ids:
        if pair_id in ensembles:
            outcomes = ensembles[pair_id].outcomes
            with np.errstate(invalid="ignore"):
                rows[pair_id] = np.concatenate([np.nanmean(outcomes, 0), np.nanstd(outcomes, 0), np.nanmin(outcomes, 0)])
    columns = [f"{stat} {name}" for stat in ("mean", "std", "min") for name in OUTCOME_NAMES]
    return pd.DataFrame.from_dict(rows, orient="index", columns=columns)


def out_of_fold_r2(features: np.ndarray, y: np.ndarray, folds: np.ndarray, ridge: float = 1.0) -> float:
    """R² of ridge predictions of y, each fold predicted by a fit on the others (features standardized on the fit)."""
    predicted = np.empty_like(y)
    for fold in np.unique(folds):
        fit = folds != fold
        mean, std = features[fit].mean(0), features[fit].std(0) + 1e-12
        x = np.column_stack([np.ones(fit.sum()), (features[fit] - mean) / std])
        penalty = ridge * np.eye(x.shape[1])
        penalty[0, 0] = 0.0
        weights = np.linalg.solve(x.T @ x + penalty, x.T @ y[fit])
        predicted[~fit] = np.column_stack([np.ones((~fit).sum()), (features[~fit] - mean) / std]) @ weights
    return 1.0 - np.sum((y - predicted) ** 2) / np.sum((y - y.mean()) ** 2)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--config", required=True)
    parser.add_argument("--dataset", required=True)
    parser.add_argument("--model", default="cigin")
    parser.add_argument("--statistics", default="", help="fit on the statistics whose name contains this (default: all)")
    args = parser.parse_args()

    cfg = config_module.load(args.config)
    layout = Layout(cfg["results_dir"])
    predictions = load_test_predictions({**cfg, "models": {args.model: {}}}, args.dataset)
    if predictions.empty:
        raise SystemExit(f"no finished runs of {args.model} on {args.dataset} under {layout.dataset(args.dataset)}")
    n_runs = len(predictions[["fold", "repeat"]].drop_duplicates())
    test = predictions.groupby("pair_id").agg(y_true=("y_true", "first"), y_pred=("y_pred", "mean"), fold=("fold", "first"))

    pairs = pd.read_parquet(layout.pairs(args.dataset))
    ensembles = read_ensembles(layout.ensemble(args.dataset), pairs[pairs.pair_id.isin(test.index)], layout.monomers(args.dataset))
    stats = ensemble_statistics(ensembles, test.index)
    stats = stats.fillna(stats.mean())
    test = test.loc[stats.index]
    residual = (test.y_true - test.y_pred).to_numpy()
    target = test.y_true.to_numpy()
    folds = test.fold.to_numpy()
    rmse = float(np.sqrt(np.mean(residual**2)))

    print(f"{args.dataset}, {args.model}: {n_runs} runs, {len(test)} test pairs with an ensemble, test RMSE {rmse:.3f}\n")
    print("| ensemble statistic | correlation with the target | with the residual |")
    print("| --- | --- | --- |")
    for column in stats.columns:
        x = stats[column].to_numpy()
        if x.std() == 0:
            continue
        print(f"| {column} | {np.corrcoef(x, target)[0, 1]:+.3f} | {np.corrcoef(x, residual)[0, 1]:+.3f} |")
    chosen = stats[[column for column in stats.columns if args.statistics in column]].to_numpy()
    if chosen.shape[1] == 0:
        raise SystemExit(f"no statistic's name contains {args.statistics!r}: {', '.join(stats.columns)}")
    share = out_of_fold_r2(chosen, residual, folds)
    named = f"the {chosen.shape[1]} statistics named *{args.statistics}*" if args.statistics else "all statistics"
    print(f"\nOut-of-fold ridge R² on {named}: target {out_of_fold_r2(chosen, target, folds):.3f}, residual {share:.3f}")
    print(f"RMSE a linear use of them would remove: {100 * (1 - np.sqrt(1 - max(share, 0.0))):.1f} %")


if __name__ == "__main__":
    main()
