"""`molpair predict` with a lightgbm run: its dataset's molecules against new ones, one featurizing process
against several.

    PYTHONPATH=src python benchmarks/fingerprint_predict.py \
        --model results/chr_abs/runs/lightgbm/fold0-rep0 --pairs-file results/chr_emi/pairs.parquet \
        --pairs 200 --threads 1 2

A lightgbm run reads the molecules of its dataset's fingerprint file and computes the others; with the
electronic block (the default) a new molecule costs one GFN2-xTB single point and its charge transfer (about
1 s a dye), and `--threads T` spreads a batch's new molecules over T worker processes. Each `molpair predict` below runs as
the user runs it, in a fresh subprocess (nothing cached), on N pairs: the first N distinct solutes of the
pairs file that the run's dataset file lacks ("new"), then N it holds ("known"), each with its first solvent.
Prints per set and thread count the wall seconds, pairs per second, the ratio to the set's first count and
the largest difference from its predictions (the same features, so 0), with the load average before each
(on a shared machine compare the ratios).
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

from molpair.chem.fingerprints import read_fingerprint_file
from molpair.train.fingerprint_model import FingerprintModel


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--model", required=True, help="a lightgbm run directory (holds model.txt)")
    parser.add_argument("--pairs-file", required=True, help="a pairs.parquet whose solutes to predict")
    parser.add_argument("--pairs", type=int, default=200, help="distinct solutes, one pair each")
    parser.add_argument("--threads", type=int, nargs="+", default=[1, 2])
    args = parser.parse_args()

    pairs = pd.read_parquet(args.pairs_file, columns=["solute_smiles", "solvent_smiles"]).drop_duplicates("solute_smiles")
    stored = read_fingerprint_file(FingerprintModel.from_run(args.model).features_file) or {"solute": {}}
    known = pairs.solute_smiles.isin(set(stored["solute"]))
    with tempfile.TemporaryDirectory() as scratch:
        for name, chosen in (("new", pairs[~known].head(args.pairs)), ("known", pairs[known].head(args.pairs))):
            inputs = Path(scratch) / f"{name}.csv"
            chosen.to_csv(inputs, index=False)
            first = None
            for threads in args.threads:
                output = Path(scratch) / f"{name}-threads{threads}.csv"
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
                    f"{name} solutes, --threads {threads}: {len(chosen)} pairs ({chosen.solvent_smiles.nunique()} solvents) "
                    f"in {seconds:.1f} s, {len(chosen) / seconds:.2f} pairs/s, {first[0] / seconds:.2f}× the first; "
                    f"largest difference from the first {(predicted - first[1]).abs().max():.2e}; load average before {load}"
                )


if __name__ == "__main__":
    main()
