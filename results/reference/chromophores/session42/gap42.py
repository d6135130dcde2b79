"""Session 42: how the GFN2-xTB HOMO-LUMO gap (the electronic block, chem/electronic.py) of each dye tracks its
measured absorption: correlation of the gap with 1240/λmax (eV) over the distinct dyes of a dataset (λmax
averaged over its solvents), and the share of molecules without the block (not embedded in time, SCF failed).
Usage, in ~/molpair-runs/s42: python gap42.py base42/chr_abs"""
import sys

import numpy as np
import pandas as pd

from molpair.chem.electronic import ELECTRONIC_FEATURES

dataset_dir = sys.argv[1]
pairs = pd.read_parquet(f"{dataset_dir}/pairs.parquet")
with np.load(f"{dataset_dir}/fingerprints.npz") as content:
    orbitals = pd.DataFrame(content["solute_electronic"], columns=ELECTRONIC_FEATURES, index=content["solute_smiles"])
    solvents = content["solvent_electronic"]
energy = (1239.84 / pairs.target).groupby(pairs.solute_smiles).mean()
table = orbitals.join(energy.rename("measured_ev"), how="inner")
print(f"{dataset_dir}: {len(orbitals)} dyes, {orbitals.gap.isna().sum()} without the electronic block; "
      f"{len(solvents)} solvents, {np.isnan(solvents[:, 0]).sum()} without")
known = table.dropna()
for name in ("gap", "gap_homo-1_lumo", "gap_homo_lumo+1", "homo", "lumo"):
    print(f"  Pearson r of {name} with 1240/λmax over {len(known)} dyes: {np.corrcoef(known[name], known.measured_ev)[0, 1]:.3f}")
slope, intercept = np.polyfit(known.gap, known.measured_ev, 1)
residual = known.measured_ev - (slope * known.gap + intercept)
print(f"  linear fit 1240/λmax = {slope:.3f} gap + {intercept:.3f} eV, residual RMS {residual.std():.3f} eV")
