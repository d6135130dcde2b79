"""Session 44 (issue 12): does a dye's predicted absorption help lightgbm predict its emission?

usage: python aux44.py EMI_DIR ABS_DIR FOLD OUT.json
(EMI_DIR, ABS_DIR: results/chr_emi and results/chr_abs of one run, with pairs.parquet, splits.parquet
and fingerprints.npz; PYTHONPATH=src of the commit named in PROVENANCE.)

No leakage through the absorption set: every chr_abs row whose dye is a validation or test dye of chr_emi
fold FOLD is dropped first. An absorption lightgbm (the molpair defaults, electronic features) is then
trained on what is left (10 % of its dyes held out for early stopping) and predicts each chr_emi pair's
absorption in the pair's solvent: cross-fitted for training pairs (five groups of training dyes, each
predicted by a model trained without that group's dyes, so the feature is no better on training rows than
on test rows), by the model on all of it for validation and test pairs. Two emission models on the molpair
features plus that column: `stack` (the column as one more feature) and `offset` (also the starting
prediction, so the trees learn the Stokes shift). The baseline is the same lightgbm without the column
(session 42's repeat 0 of the fold, the same seed). Choices by validation RMSE only.
"""

import json
import sys
import time
from pathlib import Path

import lightgbm
import numpy as np
import pandas as pd

from molpair.chem.fingerprints import pair_features
from molpair.train.run import fold_frame, run_seed

DEFAULTS = {"learning_rate": 0.03, "num_leaves": 63, "min_data_in_leaf": 5, "feature_fraction": 0.3,
            "bagging_fraction": 0.8}


def fit(features, target, val_features, val_target, seed, init=None, val_init=None):
    parameters = {"objective": "regression", **DEFAULTS, "bagging_freq": 1, "num_threads": 1, "seed": seed,
                  "deterministic": True, "verbose": -1}
    training = lightgbm.Dataset(features, target, init_score=init)
    validation = lightgbm.Dataset(val_features, val_target, init_score=val_init, reference=training)
    return lightgbm.train(parameters, training, num_boost_round=20000, valid_sets=[validation],
                          callbacks=[lightgbm.early_stopping(300, verbose=False)])


def rmse(a, b):
    return float(np.sqrt(np.mean((np.asarray(a) - np.asarray(b)) ** 2)))


def main(emi_dir, abs_dir, fold, out):
    started = time.perf_counter()
    emi_dir, abs_dir, fold = Path(emi_dir), Path(abs_dir), int(fold)
    seed = run_seed({"seed": 0}, fold, 0)
    rng = np.random.default_rng(seed)
    frame = fold_frame(emi_dir / "pairs.parquet", emi_dir / "splits.parquet", fold).reset_index(drop=True)
    role = frame["role"].to_numpy()
    held = set(frame.loc[role != "train", "solute_smiles"])
    absorption = pd.read_parquet(abs_dir / "pairs.parquet")
    absorption = absorption[~absorption["solute_smiles"].isin(held)].reset_index(drop=True)
    emi_x = pair_features(frame, emi_dir / "fingerprints.npz", True)
    abs_x = pair_features(absorption, abs_dir / "fingerprints.npz", True)
    abs_y = absorption["target"].to_numpy(float)

    abs_dyes = absorption["solute_smiles"].unique()
    stop_dyes = set(rng.choice(abs_dyes, size=len(abs_dyes) // 10, replace=False))
    stopping = absorption["solute_smiles"].isin(stop_dyes).to_numpy()
    train_dyes = frame.loc[role == "train", "solute_smiles"].unique()
    group_of = dict(zip(train_dyes, rng.permutation(len(train_dyes)) % 5))
    emi_group = frame["solute_smiles"].map(group_of).fillna(-1).to_numpy()  # -1: validation and test dyes
    abs_group = absorption["solute_smiles"].map(group_of).fillna(-1).to_numpy()

    predicted_abs = np.empty(len(frame))
    abs_trees = []
    for group in (-1, 0, 1, 2, 3, 4):  # -1: the model on every kept dye, for validation and test pairs
        keep = ~stopping & ((abs_group != group) | (group == -1))
        booster = fit(abs_x[keep], abs_y[keep], abs_x[stopping], abs_y[stopping], seed)
        rows = emi_group == group
        predicted_abs[rows] = booster.predict(emi_x[rows], num_iteration=booster.best_iteration)
        abs_trees.append(int(booster.best_iteration))

    target = frame["target"].to_numpy(float)
    x = np.column_stack([emi_x, predicted_abs])
    results = {"fold": fold, "seed": seed, "absorption_rows_kept": int(len(absorption)),
               "absorption_rows_dropped_for_held_dyes": int(len(pd.read_parquet(abs_dir / "pairs.parquet")) - len(absorption)),
               "absorption_trees": abs_trees,
               "corr_predicted_absorption_emission_train": float(np.corrcoef(predicted_abs[role == "train"], target[role == "train"])[0, 1])}
    for variant in ("stack", "offset"):
        init = predicted_abs if variant == "offset" else np.zeros(len(frame))
        train, val = role == "train", role == "val"
        booster = fit(x[train], target[train], x[val], target[val], seed,
                      init[train] if variant == "offset" else None, init[val] if variant == "offset" else None)
        prediction = booster.predict(x, num_iteration=booster.best_iteration) + init
        results[variant] = {"trees": int(booster.best_iteration),
                            **{f"{name}_rmse": rmse(prediction[role == name], target[role == name]) for name in ("train", "val", "test")}}
        print(variant, results[variant], flush=True)
    results["seconds"] = round(time.perf_counter() - started, 1)
    Path(out).write_text(json.dumps(results, indent=1) + "\n")
    print(json.dumps(results, indent=1))


if __name__ == "__main__":
    main(*sys.argv[1:])
