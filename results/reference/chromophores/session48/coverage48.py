"""Session 48: share of a dataset's pairs (and distinct solvents) whose solvent has ε, n and so Δf in the
CRC tables chem/solvents.py reads.

usage: python coverage48.py DATASET_DIR ...
"""
import sys
from pathlib import Path

import numpy as np
import pandas as pd

from molpair.chem.solvents import SOLVENT_FEATURES, solvent_polarity

for dataset in sys.argv[1:]:
    solvents = pd.read_parquet(Path(dataset) / "pairs.parquet", columns=["solvent_smiles"]).solvent_smiles
    known = {text: not np.isnan(solvent_polarity(text)[SOLVENT_FEATURES.index("delta_f")]) for text in solvents.unique()}
    print(f"{dataset}: Δf for {solvents.map(known).mean():.1%} of {len(solvents)} pairs, "
          f"{sum(known.values())} of {len(known)} distinct solvents")
