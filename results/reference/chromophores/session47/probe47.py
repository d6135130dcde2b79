"""Session 47 (issue 12): do extra blocks help the fingerprint model?

usage: python probe47.py DATASET_DIR FOLD REPEAT BLOCKS OUT.json
(DATASET_DIR: session 42's elec42/{dataset}, with pairs.parquet, splits.parquet and fingerprints.npz;
BLOCKS: comma-separated, of `solvent` (solvents47.COLUMNS of the pair's solvent), `lm` (the Lippert-Mataga
products: the dye's GFN2-xTB dipole and its square, each times the solvent's Δf), `ct` (the dye's
ct47.CT_FEATURES, from ~/molpair-runs/s47/ct47.parquet) and `ctlm` (its lm_term and squared charge-transfer
distance, each times Δf).)

The molpair lightgbm (its defaults as in `molpair train --model lightgbm`, electronic block on, seed of the
fold and repeat) on the molpair features plus the blocks (NaN where a solvent is not in the table). The
baseline is session 42's run of the same fold, repeat and seed (runs/lightgbm/fold{F}-rep{R}/metrics.json).
"""

import json
import sys
import time
from pathlib import Path

import lightgbm
import numpy as np
import pandas as pd

from molpair.chem.electronic import ELECTRONIC_FEATURES
from molpair.chem.fingerprints import pair_features, read_fingerprint_file
from molpair.train.run import fold_frame, run_seed
from ct47 import CT_FEATURES
from solvents47 import COLUMNS, solvent_block

DEFAULTS = {"learning_rate": 0.03, "num_leaves": 63, "min_data_in_leaf": 5, "feature_fraction": 0.3,
            "bagging_fraction": 0.8}


def rmse(a, b):
    return float(np.sqrt(np.mean((np.asarray(a) - np.asarray(b)) ** 2)))


def blocks(frame, dataset_dir, names):
    solvent = solvent_block(frame["solvent_smiles"].tolist())
    columns = []
    if "solvent" in names:
        columns.append(solvent)
    if "lm" in names:
        stored = read_fingerprint_file(dataset_dir / "fingerprints.npz")["solute"]
        dipole = np.array([stored[s][1][ELECTRONIC_FEATURES.index("dipole")] if stored[s][1] is not None else np.nan
                           for s in frame["solute_smiles"]], dtype=float)
        delta_f = solvent[:, COLUMNS.index("delta_f")]
        columns.append(np.column_stack([dipole * delta_f, dipole ** 2 * delta_f]))
    if "ct" in names or "ctlm" in names:
        ct = pd.read_parquet(Path(__file__).parent / "ct47.parquet").set_index("smiles")
        ct = ct.reindex(frame["solute_smiles"])[list(CT_FEATURES)].to_numpy(float)
        if "ct" in names:
            columns.append(ct)
        if "ctlm" in names:
            delta_f = solvent[:, COLUMNS.index("delta_f")]
            columns.append(np.column_stack([ct[:, CT_FEATURES.index("lm_term")] * delta_f,
                                            ct[:, CT_FEATURES.index("ct_distance")] ** 2 * delta_f]))
    return np.column_stack(columns)


def main(dataset_dir, fold, repeat, names, out):
    started = time.perf_counter()
    dataset_dir, fold, repeat = Path(dataset_dir), int(fold), int(repeat)
    seed = run_seed({"seed": 0}, fold, repeat)
    frame = fold_frame(dataset_dir / "pairs.parquet", dataset_dir / "splits.parquet", fold).reset_index(drop=True)
    role = frame["role"].to_numpy()
    names = names.split(",")
    block = blocks(frame, dataset_dir, names)
    x = np.column_stack([pair_features(frame, dataset_dir / "fingerprints.npz", True), block])
    target = frame["target"].to_numpy(float)
    parameters = {"objective": "regression", **DEFAULTS, "bagging_freq": 1, "num_threads": 1, "seed": seed,
                  "deterministic": True, "verbose": -1}
    train, val = role == "train", role == "val"
    training = lightgbm.Dataset(x[train], target[train])
    validation = lightgbm.Dataset(x[val], target[val], reference=training)
    booster = lightgbm.train(parameters, training, num_boost_round=20000, valid_sets=[validation],
                             callbacks=[lightgbm.early_stopping(300, verbose=False)])
    prediction = booster.predict(x, num_iteration=booster.best_iteration)
    baseline = json.loads((dataset_dir / f"runs/lightgbm/fold{fold}-rep{repeat}/metrics.json").read_text())
    results = {"dataset": dataset_dir.name, "fold": fold, "repeat": repeat, "seed": seed, "blocks": names,
               "pairs_without_block": int(np.isnan(block).all(axis=1).sum()), "trees": int(booster.best_iteration),
               **{f"{name}_rmse": rmse(prediction[role == name], target[role == name]) for name in ("val", "test")},
               "baseline": {key: baseline[key] for key in ("val_rmse", "test_rmse", "trees")},
               "seconds": round(time.perf_counter() - started, 1)}
    pd.DataFrame({"pair_id": frame["pair_id"], "role": role, "y_true": target, "y_pred": prediction}).to_parquet(
        Path(out).with_suffix(".parquet"), index=False)
    Path(out).write_text(json.dumps(results, indent=1) + "\n")
    print(json.dumps(results))


if __name__ == "__main__":
    main(*sys.argv[1:])
