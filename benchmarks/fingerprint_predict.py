"""`molpair predict` with a lightgbm run on pairs of new molecules, one featurizing process against several.

    PYTHONPATH=src python benchmarks/fingerprint_predict.py \
        --model results/chr_abs/runs/lightgbm/fold0-rep0 --pairs-file results/chr_abs/pairs.parquet \
        --pairs 200 --threads 1 2

A lightgbm run that reads the electronic block (the default) computes a molecule it has not seen in this
process with one GFN2-xTB single point (about 0.5 s a dye); `--threads T` spreads a batch's new
molecules over T worker processes. Each `molpair predict` below runs as the user runs it, in a fresh
subprocess (nothing cached), on the same CSV: the first N distinct solutes of the pairs file with their
first solvent. Prints per thread count the wall seconds, pairs per second, the ratio to the first count and
the largest difference from the first count's predictions (the same features, so 0), with the load average
before each (on a shared machine compare the ratios).
"""

from __future__ import annotations

import argparse
import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import pandas as pd


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--model", required=True, help="a lightgbm run directory (holds model.txt)")
    parser.add_argument("--pairs-file", required=True, help="a pairs.parquet whose solutes to predict")
    parser.add_argument("--pairs", type=int, default=200, help="distinct solutes, one pair each")
    parser.add_argument("--threads", type=int, nargs="+", default=[1, 2])
    args = parser.parse_args()

    pairs = pd.read_parquet(args.pairs_file, columns=["solute_smiles", "solvent_smiles"])
    pairs = pairs.drop_duplicates("solute_smiles").head(args.pairs)
    with tempfile.TemporaryDirectory() as scratch:
        inputs = Path(scratch) / "pairs.csv"
        pairs.to_csv(inputs, index=False)
        first = None
        for threads in args.threads:
            output = Path(scratch) / f"threads{threads}.csv"
            load = " ".join(f"{value:.2f}" for value in os.getloadavg())
            started = time.perf_counter()
            done = subprocess.run(
                [sys.executable, "-m", "molpair", "predict", "--model", args.model, "--input", str(inputs),
                 "--output", str(output), "--threads", str(threads)],
                capture_output=True, text=True,
            )
            seconds = time.perf_counter() - started
            if done.returncode != 0:
                sys.exit(f"molpair predict --threads {threads} exited {done.returncode}:\n{done.stderr[-3000:]}")
            predicted = pd.read_csv(output).prediction
            first = (seconds, predicted) if first is None else first
            print(
                f"--threads {threads}: {len(pairs)} pairs ({pairs.solute_smiles.nunique()} new solutes, "
                f"{pairs.solvent_smiles.nunique()} solvents) in {seconds:.1f} s, {len(pairs) / seconds:.2f} pairs/s, "
                f"{first[0] / seconds:.2f}× the first; largest difference from the first "
                f"{(predicted - first[1]).abs().max():.2e}; load average before {load}"
            )


if __name__ == "__main__":
    main()
