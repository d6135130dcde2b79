"""Session 54 (issue 12): chr_emi's lightgbm with Huber's loss, three repeats through the workflow, beside the
squared-error run of session 53 (repeat 0, same pairs, splits, features and seed), per fold and over five folds:
each run alone, the mean prediction of the three Huber repeats (what `molpair predict --model R0 R1 R2`
predicts), and the mean of the squared-error run and Huber's repeat 0 (two losses instead of two seeds), with
the test RMSE split into dyes the training half measured in another solvent (seen) and new dyes (unseen).

    python seeds54.py PAIRS_PARQUET HUBER_RUNS_DIR L2_RUNS_DIR > seeds54-chr_emi.txt
"""

import sys
from pathlib import Path

import numpy as np
import pandas as pd


def predictions(runs: Path, fold: int, repeat: int) -> pd.DataFrame:
    return pd.read_parquet(runs / f"fold{fold}-rep{repeat}" / "predictions.parquet").set_index("pair_id")


def scores(frame: pd.DataFrame, predicted: pd.Series, seen: pd.Series) -> dict[str, float]:
    error = predicted - frame["y_true"]
    rmse = lambda mask: float(np.sqrt(np.mean(error[mask] ** 2)))
    test = frame["role"] == "test"
    return {"val": rmse(frame["role"] == "val"), "test": rmse(test), "seen": rmse(test & seen), "unseen": rmse(test & ~seen)}


def main():
    pairs_path, huber_runs, l2_runs = sys.argv[1], Path(sys.argv[2]), Path(sys.argv[3])
    print(f"# python seeds54.py {' '.join(sys.argv[1:])}")
    solutes = pd.read_parquet(pairs_path, columns=["pair_id", "solute_smiles"]).set_index("pair_id")["solute_smiles"]
    rows = []
    for fold in range(5):
        l2 = predictions(l2_runs, fold, 0)
        huber = [predictions(huber_runs, fold, repeat)["y_pred"].reindex(l2.index) for repeat in range(3)]
        dyes = solutes.reindex(l2.index)
        seen = dyes.isin(set(dyes[l2["role"] == "train"]))
        variants = {"squared error, repeat 0": l2["y_pred"], **{f"Huber 20, repeat {r}": h for r, h in enumerate(huber)},
                    "Huber 20, mean of 3 repeats": sum(huber) / 3, "squared error r0 + Huber r0, mean": (l2["y_pred"] + huber[0]) / 2,
                    "Huber 20, mean of r0 + r1": (huber[0] + huber[1]) / 2}
        rows += [{"fold": fold, "variant": name, **scores(l2, predicted, seen)} for name, predicted in variants.items()]
    table = pd.DataFrame(rows)
    pd.set_option("display.width", 200)
    print("Test and validation RMSE (nm) per fold\n")
    print(table.pivot(index="variant", columns="fold", values="test").round(3).to_string(), "\n")
    print(table.pivot(index="variant", columns="fold", values="val").round(3).to_string(), "\n")
    print("Mean over the five folds\n")
    print(table.groupby("variant", sort=False)[["val", "test", "seen", "unseen"]].mean().round(3).to_string())


if __name__ == "__main__":
    main()
