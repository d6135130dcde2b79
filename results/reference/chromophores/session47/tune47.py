"""Session 47: sTDA settings (a_x, coupling scale) chosen by Pearson r with the photon energy over training
dyes of chr_abs fold 0 only (N random ones, seed 0); one GFN2-xTB SCF per dye, every setting on it.

usage: python tune47.py ABS_DIR N
"""
import sys
from pathlib import Path

import numpy as np
import pandas as pd
from ase.units import Bohr

from molpair.train.run import fold_frame
from stda47 import excitations, singlepoint

SETTINGS = [(ax, c) for ax in (0.1, 0.25, 0.5, 1.0) for c in (0.25, 0.5, 1.0)]


def main(abs_dir, n):
    frame = fold_frame(Path(abs_dir) / "pairs.parquet", Path(abs_dir) / "splits.parquet", 0)
    frame = frame[frame["role"] == "train"]
    energy = (1239.84 / frame["target"]).groupby(frame["solute_smiles"]).mean()
    dyes = np.random.default_rng(0).choice(energy.index.to_numpy(), int(n), replace=False)
    rows = []
    for smiles in dyes:
        computed = singlepoint(smiles)
        if computed is None:
            continue
        _, numbers, coords, res = computed
        xyz = coords / Bohr
        eps = np.asarray(res.get("orbital-energies")); occ = np.asarray(res.get("orbital-occupations"))
        gap = (eps[occ < 1e-6].min() - eps[occ > 1].max()) * 27.211386
        row = {"energy": energy[smiles], "gap": gap}
        for ax, c in SETTINGS:
            f = excitations(numbers, xyz, res, ax, c)
            row[f"s1 ax{ax} c{c}"], row[f"bright ax{ax} c{c}"] = f[0], f[2]
        rows.append(row)
    table = pd.DataFrame(rows).dropna()
    print(f"{len(table)} training dyes of chr_abs fold 0")
    for column in table.columns.drop("energy"):
        print(f"  {column:22s} r {np.corrcoef(table[column], table['energy'])[0, 1]:+.3f}")


if __name__ == "__main__":
    main(*sys.argv[1:])
