"""Session 40 probe (issue 12): does a model of another kind lower chr_abs fold 0's error when averaged with
the graph networks? LightGBM on Morgan count fingerprints (radius 2, 2,048 bits) and RDKit's 2D descriptors of
the solute, and a 256-bit count fingerprint and the descriptors of the solvent; trained on fold 0's training
rows, early-stopped on its validation rows, scored on its test rows; then test and validation RMSE of its
predictions averaged with each given run's (their predictions.parquet) and with all of them.

Run (a probe environment outside the project: pip install lightgbm rdkit pandas pyarrow; the features are
cached beside pairs.parquet as gbm40-features.npy):
    python gbm40.py PAIRS_DIR NAME=RUN_DIR ...
e.g. in ~/molpair-runs: python gbm40.py s38/design38t/chr_abs "cigin128 s0=s38/absreps/chr_abs/runs/cigin/fold0-rep0" ...
"""
import itertools
import os
import sys
import time

import lightgbm
import numpy as np
import pandas as pd
from rdkit import Chem, RDLogger
from rdkit.Chem import Descriptors, rdFingerprintGenerator

RDLogger.DisableLog("rdApp.*")
pairs_dir, named_runs = sys.argv[1], [arg.split("=", 1) for arg in sys.argv[2:]]
pairs = pd.read_parquet(f"{pairs_dir}/pairs.parquet")
roles = pd.read_parquet(f"{pairs_dir}/splits.parquet").query("fold == 0").set_index("pair_id")["role"]
pairs = pairs[pairs["pair_id"].isin(roles.index)].reset_index(drop=True)
pairs["role"] = pairs["pair_id"].map(roles)


def features(smiles: str, bits: int) -> np.ndarray:
    mol = Chem.MolFromSmiles(smiles)
    fingerprint = rdFingerprintGenerator.GetMorganGenerator(radius=2, fpSize=bits).GetCountFingerprintAsNumPy(mol)
    descriptors = [function(mol) for _, function in Descriptors.descList]
    return np.concatenate([fingerprint.astype(np.float32), np.nan_to_num(np.array(descriptors, dtype=np.float32), posinf=0, neginf=0)])


started = time.perf_counter()
cache = os.path.join(pairs_dir, "gbm40-features.npy")  # the features of pairs.parquet's fold-0 rows, in order
if os.path.exists(cache):
    x = np.load(cache)
else:
    solutes = {s: features(s, 2048) for s in pairs["solute_smiles"].unique()}
    solvents = {s: features(s, 256) for s in pairs["solvent_smiles"].unique()}
    x = np.stack([np.concatenate([solutes[a], solvents[b]]) for a, b in zip(pairs["solute_smiles"], pairs["solvent_smiles"])])
    np.save(cache, x)
y = pairs["target"].to_numpy()
print(f"features {x.shape} in {time.perf_counter() - started:.0f} s")
mask = {role: (pairs["role"] == role).to_numpy() for role in ("train", "val", "test")}
started = time.perf_counter()
parameters = {"objective": "regression", "learning_rate": 0.03, "num_leaves": 63, "min_data_in_leaf": 5,
              "feature_fraction": 0.3, "bagging_fraction": 0.8, "bagging_freq": 1, "num_threads": 1, "verbose": -1, "seed": 0}
training = lightgbm.Dataset(x[mask["train"]], y[mask["train"]])
model = lightgbm.train(parameters, training, num_boost_round=20000,
                       valid_sets=[lightgbm.Dataset(x[mask["val"]], y[mask["val"]], reference=training)],
                       callbacks=[lightgbm.early_stopping(300, verbose=False)])
print(f"LightGBM: {model.best_iteration} trees in {time.perf_counter() - started:.0f} s")
predicted = pd.Series(model.predict(x, num_iteration=model.best_iteration), index=pairs["pair_id"])
truth = pd.Series(y, index=pairs["pair_id"])
runs = {"lightgbm": predicted}
for name, run in named_runs:
    frame = pd.read_parquet(f"{run}/predictions.parquet").set_index("pair_id")
    if not frame["role"].reindex(roles.index).equals(roles):
        sys.exit(f"{run}: its fold-0 roles differ from {pairs_dir}/splits.parquet's")
    runs[name] = frame["y_pred"]


def rmse(prediction: pd.Series, role: str) -> float:
    ids = pairs.loc[mask[role], "pair_id"]
    return float(np.sqrt(((prediction.reindex(ids) - truth.reindex(ids)) ** 2).mean()))


for size in range(1, len(runs) + 1):
    for combination in itertools.combinations(runs, size):
        mean = sum(runs[name] for name in combination) / size
        print(f"test {rmse(mean, 'test'):6.2f}  val {rmse(mean, 'val'):6.2f}  {' + '.join(combination)}")
