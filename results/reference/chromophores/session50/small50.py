"""Session 50: the chr_abs rows whose dye-solvent complex the factory can compute in a session, as a CSV in
chr_abs's own format: dye and solvent together at most MAX_ATOMS atoms with hydrogens (every fragment of the
SMILES counted). `python small50.py MAX_ATOMS OUT.csv [DATASET]` with MOLPAIR_DATA_DIR set (DATASET: chr_abs, or
since session 51 chr_emi or chr_life); prints the counts. (Since session 51 `datasets.<set>.max_atoms` does this.)"""
import os
import sys

import pandas as pd
from rdkit import Chem, RDLogger

RDLogger.DisableLog("rdApp.*")
max_atoms, out = int(sys.argv[1]), sys.argv[2]
dataset = sys.argv[3] if len(sys.argv) > 3 else "chr_abs"
rows = pd.read_csv(os.path.join(os.environ["MOLPAIR_DATA_DIR"], "chromophore", f"{dataset}.csv"))


def atoms(smiles) -> float:
    mol = Chem.MolFromSmiles(smiles) if isinstance(smiles, str) else None
    return Chem.AddHs(mol).GetNumAtoms() if mol is not None else float("inf")


counts = {smiles: atoms(smiles) for smiles in set(rows["Chromophore"]) | set(rows["Solvent"].dropna())}
size = rows["Chromophore"].map(counts) + rows["Solvent"].map(counts).fillna(float("inf"))
kept = rows[size <= max_atoms]
kept.to_csv(out, index=False)
print(f"{len(kept)} of {len(rows)} rows with a complex of at most {max_atoms} atoms; "
      f"{kept['Chromophore'].nunique()} dyes, {kept['Solvent'].nunique()} solvents -> {out}")
