"""Where a large chr_abs dye's electronic block spends its time, and ETKDG's two tries on it.

    MOLPAIR_DATA_DIR=/work/shared/data OMP_NUM_THREADS=1 PYTHONPATH=src \
        python results/reference/chromophores/session52/profile52.py ~/molpair-runs/s52/results/chr_abs/pairs.parquet

Molecules 1,400-1,403 of chr_abs's solutes in SMILES order (the order `molpair fingerprints` computes them):
cProfile over `electronic_features` (cumulative seconds of embedding, MMFF, the single point, the charge-transfer
block), then each molecule's first ETKDG try (eigenvalue start) and a try from random coordinates, timed.
"""

import cProfile
import pstats
import sys
import time

import pandas as pd
from rdkit import Chem
from rdkit.Chem import AllChem

from molpair.chem.electronic import electronic_features
from molpair.chem.geometry import EMBED_ATTEMPTS
from molpair.chem.molecules import parse_smiles

solutes = sorted(pd.read_parquet(sys.argv[1], columns=["solute_smiles"]).solute_smiles.unique())[1400:1404]
electronic_features("CCO")
profile = cProfile.Profile()
profile.enable()
for smiles in solutes:
    electronic_features(smiles)
profile.disable()
stats = pstats.Stats(profile)
total = sum(row[3] for key, row in stats.stats.items() if key[2] == "electronic_features")
print(f"electronic_features, {len(solutes)} molecules: {total:.1f} s")
for name in ("embed_molecule", "force_field_relax", "tblite_get_singlepoint", "charge_transfer"):
    seconds = sum(row[3] for key, row in stats.stats.items() if name in key[2])
    print(f"  {name}: {seconds:.1f} s ({seconds / total:.0%})")
for smiles in solutes:
    tries = []
    for random_start in (False, True):
        mol = Chem.AddHs(parse_smiles(smiles))
        params = AllChem.ETKDGv3()
        params.randomSeed, params.maxIterations, params.useRandomCoords = 0, EMBED_ATTEMPTS, random_start
        started = time.perf_counter()
        status = AllChem.EmbedMolecule(mol, params)
        tries.append(f"{'random' if random_start else 'first'} start: {'ok' if status == 0 else 'failed'} {time.perf_counter() - started:.2f} s")
    print(f"{mol.GetNumAtoms()} atoms: " + "; ".join(tries))
