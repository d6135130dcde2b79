"""Session 47: where chr_emi's test error sits for the three-seed lightgbm average (session 44), five folds:
the share of the squared error carried by the largest 1 % and 5 % of errors, the RMSE without them, and the
seen / unseen dye split (dye in the fold's training half in another solvent or not).

usage: python err47.py DATASET_DIR [SEEDS]   (session 42's elec42/{dataset}; runs/lightgbm/fold{F}-rep{R})
"""
import sys
from pathlib import Path

import numpy as np
import pandas as pd

from molpair.train.run import fold_frame


def main(dataset_dir, seeds=3):
    dataset_dir = Path(dataset_dir)
    print(f"{dataset_dir.name}: test pairs, lightgbm mean of repeats 0-{int(seeds) - 1}")
    print("fold  pairs  RMSE  top1%share  top5%share  RMSE_wo_top1%  seen_share  RMSE_seen  RMSE_unseen  unseen_sq_share")
    for fold in range(5):
        frame = fold_frame(dataset_dir / "pairs.parquet", dataset_dir / "splits.parquet", fold)
        runs = [pd.read_parquet(dataset_dir / f"runs/lightgbm/fold{fold}-rep{r}/predictions.parquet").set_index("pair_id")
                for r in range(int(seeds))]
        test = frame[frame["role"] == "test"].set_index("pair_id")
        prediction = np.mean([run.loc[test.index, "y_pred"] for run in runs], axis=0)
        squared = np.sort((prediction - test["target"].to_numpy()) ** 2)[::-1]
        n1, n5 = max(1, len(squared) // 100), max(1, len(squared) // 20)
        seen = test["solute_smiles"].isin(set(frame.loc[frame["role"] == "train", "solute_smiles"])).to_numpy()
        error = (prediction - test["target"].to_numpy()) ** 2
        print(f"{fold:4d} {len(test):6d} {np.sqrt(squared.mean()):5.2f} {squared[:n1].sum() / squared.sum():10.3f} "
              f"{squared[:n5].sum() / squared.sum():10.3f} {np.sqrt(squared[n1:].mean()):13.2f} {seen.mean():10.3f} "
              f"{np.sqrt(error[seen].mean()):9.2f} {np.sqrt(error[~seen].mean()):11.2f} {error[~seen].sum() / error.sum():15.3f}")


if __name__ == "__main__":
    main(*sys.argv[1:])
