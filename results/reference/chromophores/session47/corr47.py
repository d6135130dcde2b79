"""Session 47: Pearson r between each dye's photon energy (1239.84 / λ, averaged over its solvents) and the
GFN2-xTB HOMO-LUMO gap or the stda47 excitation columns, over the dyes that have all of them.

usage: python corr47.py DATASET_DIR STDA.parquet
"""

import sys
from pathlib import Path

import numpy as np
import pandas as pd

from molpair.chem.electronic import ELECTRONIC_FEATURES
from molpair.chem.fingerprints import read_fingerprint_file


def main(dataset_dir, stda_path):
    pairs = pd.read_parquet(Path(dataset_dir) / "pairs.parquet")
    energy = (1239.84 / pairs["target"]).groupby(pairs["solute_smiles"]).mean()
    stored = read_fingerprint_file(Path(dataset_dir) / "fingerprints.npz")["solute"]
    gap = pd.Series({s: v[1][ELECTRONIC_FEATURES.index("gap")] for s, v in stored.items() if v[1] is not None})
    stda = pd.read_parquet(stda_path).set_index("smiles")
    table = stda.drop(columns="seconds").assign(gap=gap, energy=energy).dropna()
    print(f"{Path(dataset_dir).name}: {len(table)} dyes with every column")
    for column in table.columns.drop("energy"):
        r = np.corrcoef(table[column], table["energy"])[0, 1]
        slope, intercept = np.polyfit(table[column], table["energy"], 1)
        residual = table["energy"] - (slope * table[column] + intercept)
        print(f"  {column:16s} r {r:+.3f}  line residual {residual.std():.3f} eV")


if __name__ == "__main__":
    main(*sys.argv[1:])
