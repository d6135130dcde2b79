"""Averages of one fold's models, weights chosen on the validation half, test reported.

    python blend55.py PAIRS NAME=PREDICTIONS[,PREDICTIONS...] ...

Each NAME is a component: the mean of the given predictions files (a run's predictions.parquet, or krr55.py's
.parquet), e.g. lightgbm=runs/lightgbm/fold0-rep0/predictions.parquet,...  Prints each component, the average with
every run weighed alike (what `molpair predict --model` with those runs predicts), and the weights on a 0.05 simplex
grid with the lowest validation RMSE, each with test RMSE, and test RMSE on dyes seen and not seen in the fold's
training half (PAIRS: the run directory's pairs.parquet, for the dyes; the training dyes are those of the runs'
training rows).
"""

from __future__ import annotations

import itertools
import sys

import numpy as np
import pandas as pd

STEP = 0.05


def rmse(predicted: np.ndarray, target: np.ndarray) -> float:
    return float(np.sqrt(np.mean((predicted - target) ** 2)))


def main(pairs_path: str, *components: str) -> None:
    pairs = pd.read_parquet(pairs_path).set_index("pair_id")
    names, files = zip(*(component.split("=", 1) for component in components))
    tables = {name: [pd.read_parquet(path) for path in group.split(",")] for name, group in zip(names, files)}
    first = tables[names[0]][0]
    trained = set(pairs.loc[first.loc[first["role"] == "train", "pair_id"], "solute_smiles"])
    rows = first.loc[first["role"].isin(["val", "test"]), ["pair_id", "role", "y_true"]].reset_index(drop=True)
    predictions = {name: np.mean([table.set_index("pair_id").loc[rows["pair_id"], "y_pred"].to_numpy() for table in group], axis=0)
                   for name, group in tables.items()}
    runs = [table.set_index("pair_id").loc[rows["pair_id"], "y_pred"].to_numpy() for group in tables.values() for table in group]
    val, test = (rows["role"] == "val").to_numpy(), (rows["role"] == "test").to_numpy()
    unseen = np.array([smiles not in trained for smiles in pairs.loc[rows["pair_id"], "solute_smiles"]])
    y = rows["y_true"].to_numpy()

    def line(label: str, predicted: np.ndarray) -> str:
        return (f"{label:<44} val {rmse(predicted[val], y[val]):7.3f}  test {rmse(predicted[test], y[test]):7.3f}  "
                f"seen {rmse(predicted[test & ~unseen], y[test & ~unseen]):7.3f}  "
                f"unseen {rmse(predicted[test & unseen], y[test & unseen]):7.3f}")

    print(f"# python blend55.py {pairs_path} {' '.join(components)}")
    print(f"{val.sum()} validation and {test.sum()} test pairs; {unseen[test].mean():.3f} of the test pairs' dyes are new")
    for name in names:
        print(line(f"{name} ({len(tables[name])} runs)", predictions[name]))
    print(line(f"every run alike ({len(runs)} runs)", np.mean(runs, axis=0)))
    steps = int(round(1 / STEP))
    grid = [np.array(weights) / steps for weights in itertools.product(range(steps + 1), repeat=len(names))
            if sum(weights) == steps]
    stacked = np.stack([predictions[name] for name in names])
    best = min(grid, key=lambda weights: rmse((weights @ stacked)[val], y[val]))
    print(line("chosen on validation: " + ", ".join(f"{name} {w:.2f}" for name, w in zip(names, best)), best @ stacked))
    for pair in itertools.combinations(range(len(names)), 2):
        subgrid = [weights for weights in grid if all(weights[i] == 0 for i in range(len(names)) if i not in pair)]
        chosen = min(subgrid, key=lambda weights: rmse((weights @ stacked)[val], y[val]))
        print(line("  of two: " + ", ".join(f"{names[i]} {chosen[i]:.2f}" for i in pair), chosen @ stacked))


if __name__ == "__main__":
    main(*sys.argv[1:])
