"""Session 42: the first N test pairs of a fold predicted through `molpair predict` with one lightgbm run that
reads the electronic block, which then computes every molecule's GFN2-xTB orbitals anew (it does not read the
dataset's fingerprint file): the largest difference from the run's own test predictions (trained on the file's
features) and the time `molpair predict` took. The pairs go to a CSV in the working directory (never committed).
Usage: python predict42.py DATASET_DIR FOLD N RUN   (in ~/molpair-runs/s42)"""
import subprocess
import sys
import time

import numpy as np
import pandas as pd

dataset_dir, fold, count, run = sys.argv[1], int(sys.argv[2]), int(sys.argv[3]), sys.argv[4]
pairs = pd.read_parquet(f"{dataset_dir}/pairs.parquet")
splits = pd.read_parquet(f"{dataset_dir}/splits.parquet")
test = splits[(splits.fold == fold) & (splits.role == "test")].merge(pairs, on="pair_id").head(count)
inputs, outputs = f"test-fold{fold}-first{count}.csv", f"predicted-fold{fold}-first{count}.csv"
test[["pair_id", "solute_smiles", "solvent_smiles", "target"]].to_csv(inputs, index=False)
started = time.perf_counter()
subprocess.run(["molpair", "predict", "--model", run, "--input", inputs, "--output", outputs, "--threads", "1"], check=True)
seconds = time.perf_counter() - started
predicted = pd.read_csv(outputs).merge(pd.read_parquet(f"{run}/predictions.parquet")[["pair_id", "y_pred"]], on="pair_id")
difference = (predicted.prediction - predicted.y_pred).abs()
print(f"{len(predicted)} test pairs of fold {fold} ({test.solute_smiles.nunique()} dyes), {predicted.prediction.isna().sum()} "
      f"not predicted; largest |molpair predict - training run| {difference.max():.4f} nm, median {difference.median():.4f}; "
      f"molpair predict took {seconds:.0f} s")
