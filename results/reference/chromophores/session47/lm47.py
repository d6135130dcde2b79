"""Session 47: does the dye's computed charge-transfer term follow its measured solvatochromism?

For every dye of DATASET's fold-0 training half measured in at least 3 solvents of solvents47's table spanning
Δf ≥ 0.1: the Lippert-Mataga slope, d(ν̃)/d(Δf) of its band maximum (cm⁻¹ per unit Δf; ν̃ = 10⁷ / λ). Then
Spearman's ρ between that slope and ct47's columns (and the GFN2-xTB ground-state dipole²/radius³).

usage: python lm47.py DATASET_DIR CT.parquet
"""
import sys
from pathlib import Path

import numpy as np
import pandas as pd

from molpair.chem.electronic import ELECTRONIC_FEATURES
from molpair.chem.fingerprints import read_fingerprint_file
from molpair.train.run import fold_frame
from solvents47 import COLUMNS, solvent_block


def main(dataset_dir, ct_path):
    dataset_dir = Path(dataset_dir)
    frame = fold_frame(dataset_dir / "pairs.parquet", dataset_dir / "splits.parquet", 0)
    frame = frame[frame["role"] == "train"].copy()
    frame["delta_f"] = solvent_block(frame["solvent_smiles"].tolist())[:, COLUMNS.index("delta_f")]
    frame = frame.dropna(subset=["delta_f"])
    frame["wavenumber"] = 1e7 / frame["target"]
    slopes = {}
    for dye, rows in frame.groupby("solute_smiles"):
        if rows["solvent_smiles"].nunique() >= 3 and np.ptp(rows["delta_f"]) >= 0.1:
            slopes[dye] = np.polyfit(rows["delta_f"], rows["wavenumber"], 1)[0]
    slope = pd.Series(slopes, name="slope")
    ct = pd.read_parquet(ct_path).set_index("smiles")
    stored = read_fingerprint_file(dataset_dir / "fingerprints.npz")["solute"]
    dipole = pd.Series({s: v[1][ELECTRONIC_FEATURES.index("dipole")] for s, v in stored.items() if v[1] is not None})
    table = ct.join(slope, how="inner").assign(dipole2_r3=lambda t: dipole.reindex(t.index) ** 2 / t["radius"] ** 3).dropna()
    print(f"{dataset_dir.name}: {len(slope)} training dyes with a Lippert-Mataga slope, {len(table)} with CT features;"
          f" slope median {slope.median():.0f}, quartiles {slope.quantile(0.25):.0f} / {slope.quantile(0.75):.0f} cm-1")
    for column in table.columns.drop("slope"):
        print(f"  Spearman rho(slope, {column}) = {table[column].corr(table['slope'], method='spearman'):+.3f}")


if __name__ == "__main__":
    main(*sys.argv[1:])
