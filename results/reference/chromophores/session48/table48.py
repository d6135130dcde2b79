"""Session 48: a dataset's lightgbm runs with the charge-transfer and solvent-polarity features (NEW) against
the same runs without them (OLD: session 42's elec42, the same pairs, splits and seeds), per fold: repeat 0, the
mean of the repeats NEW_DIR has on every fold (0-2, or 0-1 where the session ran out of time), and (where
CIGIN_DIR is given) those seeds averaged with a CIGIN run, every run weighing the same (what `molpair predict
--model` with those runs predicts), on the folds CIGIN has. Validation and test RMSE
from each run's predictions.parquet.

usage: python table48.py OLD_DIR NEW_DIR [CIGIN_DIR]   (in ~/molpair-runs, e.g. s42/elec42/chr_emi/runs/lightgbm
s48/ct48/chr_emi/runs/lightgbm s45/cig45/chr_emi/runs/cigin)
"""
import sys
from pathlib import Path

import numpy as np
import pandas as pd


def read(path: Path) -> pd.DataFrame:
    return pd.read_parquet(path / "predictions.parquet").set_index("pair_id").sort_index()


def rmse(frame: pd.DataFrame, predicted: pd.Series, role: str) -> float:
    half = frame.role == role
    return float(np.sqrt(((predicted[half] - frame.y_true[half]) ** 2).mean()))


def common_repeats(runs_dir) -> int:
    """How many repeats (0, 1, ...) RUNS_DIR has on every one of the five folds."""
    return min(sum((Path(runs_dir) / f"fold{fold}-rep{repeat}" / "predictions.parquet").exists() for repeat in range(3))
               for fold in range(5))


def main(old_dir, new_dir, cigin_dir=None):
    repeats = common_repeats(new_dir)
    rows = []
    for fold in range(5):
        runs = {name: [read(Path(path) / f"fold{fold}-rep{repeat}") for repeat in range(repeats)]
                for name, path in (("old", old_dir), ("new", new_dir))}
        cigin = read(Path(cigin_dir) / f"fold{fold}-rep0") if cigin_dir and (Path(cigin_dir) / f"fold{fold}-rep0" / "predictions.parquet").exists() else None
        reference = runs["old"][0]
        for frame in [*runs["old"], *runs["new"], *([cigin] if cigin is not None else [])]:
            assert frame.index.equals(reference.index) and frame.role.equals(reference.role)  # same pairs, same halves
        for name, frames in runs.items():
            seeds = sum(frame.y_pred for frame in frames) / repeats
            candidates = {"repeat 0": frames[0].y_pred, f"{repeats} seeds": seeds}
            if cigin is not None:
                candidates[f"{repeats} seeds + CIGIN (1/{repeats + 1} each)"] = (repeats * seeds + cigin.y_pred) / (repeats + 1)
            for kind, predicted in candidates.items():
                rows.append({"fold": fold, "features": name, "model": kind,
                             **{role: rmse(reference, predicted, role) for role in ("val", "test")}})
    table = pd.DataFrame(rows)
    for role in ("val", "test"):
        print(f"{role} RMSE per fold:")
        print(table.pivot(index=["model", "features"], columns="fold", values=role).round(3).to_string(), "\n")
    for kind, group in table.groupby("model", sort=False):
        old, new = (group[group.features == name].set_index("fold") for name in ("old", "new"))
        folds = list(old.index)
        print(f"{kind}, folds {folds}: val {old.val.mean():.3f} -> {new.val.mean():.3f} (lower on "
              f"{int((new.val < old.val).sum())}), test {old.test.mean():.3f} -> {new.test.mean():.3f} "
              f"(lower on {int((new.test < old.test).sum())}; folds' std {new.test.std():.3f})")


if __name__ == "__main__":
    main(*sys.argv[1:])
