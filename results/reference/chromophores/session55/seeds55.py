"""Session 55 (issue 12): a set's lightgbm runs, three repeats through the workflow, per fold and over five folds:
each repeat alone, the mean prediction of repeats 0-1 and of all three (what `molpair predict --model R0 R1 R2`
predicts), with the test RMSE split into dyes the training half measured in another solvent (seen) and new dyes;
then, per fold for the three repeats' mean, the share of new dyes, RMSE on seen and new dyes, the share of squared test error held by the
largest 1 % of errors, the RMSE without them and the largest error.

    python seeds55.py PAIRS_PARQUET RUNS_DIR > seeds55-<set>.txt
"""

import sys
from pathlib import Path

import numpy as np
import pandas as pd

REPEATS, FOLDS = 3, 5


def main():
    pairs_path, runs = sys.argv[1], Path(sys.argv[2])
    print(f"# python seeds55.py {' '.join(sys.argv[1:])}")
    solutes = pd.read_parquet(pairs_path, columns=["pair_id", "solute_smiles"]).set_index("pair_id")["solute_smiles"]
    rows, tails = [], []
    for fold in range(FOLDS):
        tables = [pd.read_parquet(runs / f"fold{fold}-rep{r}" / "predictions.parquet").set_index("pair_id") for r in range(REPEATS)]
        first = tables[0]
        predicted = [table["y_pred"].reindex(first.index) for table in tables]
        dyes = solutes.reindex(first.index)
        seen = dyes.isin(set(dyes[first["role"] == "train"]))
        test = first["role"] == "test"
        variants = {**{f"repeat {r}": p for r, p in enumerate(predicted)},
                    "mean of repeats 0-1": (predicted[0] + predicted[1]) / 2, "mean of 3 repeats": sum(predicted) / REPEATS}
        for name, values in variants.items():
            error = values - first["y_true"]
            rmse = lambda mask: float(np.sqrt(np.mean(error[mask] ** 2)))
            rows.append({"fold": fold, "variant": name, "val": rmse(first["role"] == "val"), "test": rmse(test),
                         "seen": rmse(test & seen), "unseen": rmse(test & ~seen)})
        ordered = (error[test] ** 2).sort_values(ascending=False)  # the last variant's: the three repeats' mean
        top = int(len(ordered) * 0.01)
        tails.append({"fold": fold, "new dyes": (~seen[test]).mean(), "seen": rows[-1]["seen"], "unseen": rows[-1]["unseen"],
                      "largest 1 % share": ordered.iloc[:top].sum() / ordered.sum(),
                      "RMSE without them": np.sqrt(ordered.iloc[top:].mean()), "largest error": np.sqrt(ordered.iloc[0])})
    table = pd.DataFrame(rows)
    pd.set_option("display.width", 200)
    print("Test RMSE per fold\n")
    print(table.pivot(index="variant", columns="fold", values="test").round(3).to_string(), "\n")
    print("Validation RMSE per fold\n")
    print(table.pivot(index="variant", columns="fold", values="val").round(3).to_string(), "\n")
    print("Mean over the five folds\n")
    print(table.groupby("variant", sort=False)[["val", "test", "seen", "unseen"]].mean().round(3).to_string(), "\n")
    print("Where the three repeats' mean errs on each fold's test pairs\n")
    print(pd.DataFrame(tails).set_index("fold").round(3).to_string())


if __name__ == "__main__":
    main()
