"""Session 47: sTDA settings (a_x, coupling scale) chosen by Pearson r with the photon energy over training
dyes of chr_abs fold 0 only (N random ones, seed 0); one GFN2-xTB SCF per dye, every setting on it.

usage: python tune47.py ABS_DIR N
"""
import sys
from pathlib import Path

import numpy as np
import pandas as pd
from ase.units import Bohr
from tblite.interface import Calculator

from molpair.chem.electronic import EMBED_ATTEMPTS, METHOD, SEED
from molpair.chem.geometry import atoms_of, embed_molecule, force_field_relax, spin_multiplicity
from molpair.chem.molecules import MoleculeError, formal_charge
from molpair.train.run import fold_frame
from stda47 import excitations

SETTINGS = [(ax, c) for ax in (0.1, 0.25, 0.5, 1.0) for c in (0.25, 0.5, 1.0)]


def main(abs_dir, n):
    frame = fold_frame(Path(abs_dir) / "pairs.parquet", Path(abs_dir) / "splits.parquet", 0)
    frame = frame[frame["role"] == "train"]
    energy = (1239.84 / frame["target"]).groupby(frame["solute_smiles"]).mean()
    dyes = np.random.default_rng(0).choice(energy.index.to_numpy(), int(n), replace=False)
    rows = []
    for smiles in dyes:
        try:
            mol = embed_molecule(smiles, SEED, EMBED_ATTEMPTS)
            charge, unpaired = formal_charge(smiles), spin_multiplicity(smiles) - 1
        except MoleculeError:
            continue
        if unpaired:
            continue
        _, coords = atoms_of(mol)
        coords, _ = force_field_relax([mol], coords)
        numbers = np.array([a.GetAtomicNum() for a in mol.GetAtoms()])
        xyz = np.asarray(coords) / Bohr
        calc = Calculator(METHOD, numbers, xyz, charge, unpaired)
        calc.set("verbosity", 0)
        calc.set("save-integrals", 1)
        try:
            res = calc.singlepoint()
        except RuntimeError:
            continue
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
