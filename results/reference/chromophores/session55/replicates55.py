"""Session 55: how far repeated measurements of one (dye, solvent) pair disagree, per set: the pooled sample
standard deviation within the pairs that ingest merged from several rows (pairs.parquet's n_merged, target_std).

    python replicates55.py RESULTS_DIR > replicates55.txt
"""

import sys
from pathlib import Path

import numpy as np
import pandas as pd

print(f"# python replicates55.py {sys.argv[1]}")
for dataset in ("chr_abs", "chr_emi", "chr_life"):
    pairs = pd.read_parquet(Path(sys.argv[1]) / dataset / "pairs.parquet")
    merged = pairs[pairs["n_merged"] >= 2]
    n = merged["n_merged"].to_numpy()
    variance = merged["target_std"].to_numpy() ** 2 * n / (n - 1)  # target_std is the population std
    pooled = np.sqrt((variance * (n - 1)).sum() / (n - 1).sum())
    print(f"{dataset}: {len(pairs)} pairs, {len(merged)} merged from {n.sum()} rows; pooled replicate sd {pooled:.2f}; "
          f"identical replicates {np.mean(variance == 0):.2f}; sd above 20: {np.mean(np.sqrt(variance) > 20):.3f}")
