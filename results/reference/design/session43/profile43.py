"""Session 43: where a dye's electronic block (chem/electronic.py) spends its time: ETKDG, MMFF94 and the
GFN2-xTB single point, each timed on 15 dyes drawn from a pairs file (seed 1), then electronic_features whole.
Usage: OMP_NUM_THREADS=1 python profile43.py PAIRS_PARQUET   (e.g. ~/molpair-runs/s42/base42/chr_abs/pairs.parquet)"""
import sys
import time

import numpy as np
import pandas as pd
from ase.units import Bohr
from tblite.interface import Calculator

from molpair.chem.electronic import EMBED_ATTEMPTS, SEED, electronic_features
from molpair.chem.geometry import atoms_of, embed_molecule, force_field_relax
from molpair.chem.molecules import MoleculeError

dyes = pd.read_parquet(sys.argv[1]).solute_smiles.drop_duplicates().sample(15, random_state=1).tolist()
seconds = {"ETKDG": [], "MMFF94": [], "single point": [], "electronic_features": []}
for smiles in dyes:
    started = time.perf_counter()
    try:
        mol = embed_molecule(smiles, SEED, EMBED_ATTEMPTS)
    except MoleculeError:
        continue
    embedded = time.perf_counter()
    _, coords = atoms_of(mol)
    coords, _ = force_field_relax([mol], coords)
    relaxed = time.perf_counter()
    calculator = Calculator("GFN2-xTB", np.array([atom.GetAtomicNum() for atom in mol.GetAtoms()]), np.asarray(coords) / Bohr)
    calculator.set("verbosity", 0)
    calculator.singlepoint()
    done = time.perf_counter()
    electronic_features(smiles)
    seconds["ETKDG"].append(embedded - started)
    seconds["MMFF94"].append(relaxed - embedded)
    seconds["single point"].append(done - relaxed)
    seconds["electronic_features"].append(time.perf_counter() - done)
print(f"{len(seconds['ETKDG'])} of {len(dyes)} dyes embedded; mean seconds a dye: "
      + ", ".join(f"{part} {np.mean(values):.3f}" for part, values in seconds.items()))
