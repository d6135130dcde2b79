"""Session 51 (session 50's small50.py for any chromophore set): the rows of DATASET (chr_abs, chr_emi, chr_life)
whose dye-solvent complex the factory can compute in a session, as a CSV in the set's own format: dye and solvent
together at most MAX_ATOMS atoms with hydrogens (every fragment of the SMILES counted).
`python small51.py DATASET MAX_ATOMS OUT.csv` with MOLPAIR_DATA_DIR set; prints the counts."""
import os
import sys

import pandas as pd
from rdkit import Chem, RDLogger

RDLogger.DisableLog("rdApp.*")
dataset, max_atoms, out = sys.argv[1], int(sys.argv[2]), sys.argv[3]
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
