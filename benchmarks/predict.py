"""Throughput of `molpair predict` (predict_file, the CLI's code path) with a trained run.

    python benchmarks/predict.py --model results/freesolv/runs/cigin/fold0-rep0 \
        --pairs-file results/freesolv/pairs.parquet --pairs 10000

Builds N pairs by cycling over a dataset's pairs, writes them to a temporary CSV, predicts it into
another, and prints pairs per second, wall seconds, featurization (RDKit + graphs, each unique
SMILES once) against model (batching + forward) seconds, and the number of rows with errors.
"""

from __future__ import annotations

import argparse
import itertools
import os
import tempfile
import time
from pathlib import Path

import pandas as pd

os.environ.setdefault("OMP_NUM_THREADS", "1")

import torch  # noqa: E402

from molpair.train.predict import predict_file  # noqa: E402


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--model", required=True, help="training run directory (holds best.ckpt)")
    parser.add_argument("--pairs-file", required=True, help="a dataset's pairs.parquet")
    parser.add_argument("--pairs", type=int, default=10000, help="pairs to predict (cycling over the file's)")
    parser.add_argument("--batch-size", type=int, default=256)
    parser.add_argument("--threads", type=int, default=1, help="CPU threads for torch")
    args = parser.parse_args()
    torch.set_num_threads(args.threads)

    source = pd.read_parquet(args.pairs_file, columns=["solute_smiles", "solvent_smiles"])
    rows = list(itertools.islice(itertools.cycle(source.itertuples(index=False)), args.pairs))
    pairs = pd.DataFrame(rows, columns=["solute_smiles", "solvent_smiles"])
    n_molecules = len(set(pairs["solute_smiles"]) | set(pairs["solvent_smiles"]))
    with tempfile.TemporaryDirectory(prefix="molpair-predict-") as work:
        input_csv, output_csv = Path(work) / "pairs.csv", Path(work) / "predictions.csv"
        pairs.to_csv(input_csv, index=False)
        start = time.perf_counter()
        frame = predict_file(args.model, input_csv, output_csv, batch_size=args.batch_size)
        wall = time.perf_counter() - start
    seconds = frame.attrs["seconds"]
    n_errors = int((frame["error"] != "").sum())
    print(f"{len(frame)} pairs ({len(source)} distinct in {args.pairs_file}, {n_molecules} molecules), "
          f"batch {args.batch_size}, {args.threads} thread(s)")
    print(f"{len(frame) / wall:.0f} pairs/s, wall {wall:.2f} s: featurization {seconds['featurize']:.2f} s, "
          f"model {seconds['model']:.2f} s, rest (CSV, checkpoint) {wall - seconds['featurize'] - seconds['model']:.2f} s")
    print(f"{n_errors} rows with errors")


if __name__ == "__main__":
    main()
