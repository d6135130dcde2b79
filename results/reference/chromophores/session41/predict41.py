"""Session 41: a fold's test pairs predicted through `molpair predict` with the runs given (one run, or
several averaged: e.g. a lightgbm and a CIGIN run), and the RMSE against the measured values.
The test pairs go to a CSV in the working directory (the data's rows: never committed).
Usage: python predict41.py DATASET_DIR FOLD NAME RUN [RUN ...]   (in ~/molpair-runs)"""
import subprocess
import sys

import numpy as np
import pandas as pd

dataset_dir, fold, name, runs = sys.argv[1], int(sys.argv[2]), sys.argv[3], sys.argv[4:]
pairs = pd.read_parquet(f"{dataset_dir}/pairs.parquet")
splits = pd.read_parquet(f"{dataset_dir}/splits.parquet")
test = splits[(splits.fold == fold) & (splits.role == "test")].merge(pairs, on="pair_id")
inputs, outputs = f"test-fold{fold}.csv", f"predicted-{name}.csv"
test[["pair_id", "solute_smiles", "solvent_smiles", "target"]].to_csv(inputs, index=False)
subprocess.run(["molpair", "predict", "--model", *runs, "--input", inputs, "--output", outputs, "--threads", "1"], check=True)
predicted = pd.read_csv(outputs)
error = predicted.prediction - predicted.target
print(f"{name}: {len(predicted)} test pairs of fold {fold}, {predicted.prediction.isna().sum()} not predicted; "
      f"RMSE {np.sqrt(np.mean(error ** 2)):.3f}, mean uncertainty {predicted.uncertainty.mean():.2f}")
