"""Session 44 (issue 12): lightgbm trained on the photon energy (eV = 1239.84 / nm) instead of the wavelength.

usage: python energy44.py DATASET_DIR FOLD OUT.json
(DATASET_DIR: results/chr_abs or results/chr_emi of one run, with pairs.parquet, splits.parquet and
fingerprints.npz; PYTHONPATH=src of the commit named in PROVENANCE.)

The same model as `molpair train --model lightgbm` (the molpair defaults, electronic features, repeat 0's
seed), fitted to 1239.84 / target with early stopping on the validation energies; predictions are turned
back into nm and scored there. Why: the frontier-orbital gaps among the features are energies, and an
energy is what a transition has; the baseline is session 42's run of the same fold.
"""

import json
import sys
import time
from pathlib import Path

import lightgbm
import numpy as np

from molpair.chem.fingerprints import pair_features
from molpair.train.run import fold_frame, run_seed

HC_EV_NM = 1239.84
PARAMETERS = {"objective": "regression", "learning_rate": 0.03, "num_leaves": 63, "min_data_in_leaf": 5,
              "feature_fraction": 0.3, "bagging_fraction": 0.8, "bagging_freq": 1, "num_threads": 1,
              "deterministic": True, "verbose": -1}


def main(dataset_dir, fold, out):
    started = time.perf_counter()
    dataset_dir, fold = Path(dataset_dir), int(fold)
    seed = run_seed({"seed": 0}, fold, 0)
    frame = fold_frame(dataset_dir / "pairs.parquet", dataset_dir / "splits.parquet", fold).reset_index(drop=True)
    features = pair_features(frame, dataset_dir / "fingerprints.npz", True)
    role, nm = frame["role"].to_numpy(), frame["target"].to_numpy(float)
    energy = HC_EV_NM / nm
    train, val = role == "train", role == "val"
    training = lightgbm.Dataset(features[train], energy[train])
    validation = lightgbm.Dataset(features[val], energy[val], reference=training)
    booster = lightgbm.train({**PARAMETERS, "seed": seed}, training, num_boost_round=20000, valid_sets=[validation],
                             callbacks=[lightgbm.early_stopping(300, verbose=False)])
    predicted = HC_EV_NM / booster.predict(features, num_iteration=booster.best_iteration)
    results = {"dataset": dataset_dir.name, "fold": fold, "seed": seed, "trees": int(booster.best_iteration),
               **{f"{name}_rmse_nm": float(np.sqrt(np.mean((predicted[role == name] - nm[role == name]) ** 2)))
                  for name in ("train", "val", "test")},
               "seconds": round(time.perf_counter() - started, 1)}
    Path(out).write_text(json.dumps(results, indent=1) + "\n")
    print(json.dumps(results, indent=1))


if __name__ == "__main__":
    main(*sys.argv[1:])
