"""Session 48: chem/solvents.py's CRC values (via `chemicals`) against session 47's table typed from memory
(session47/solvents47.py), for the solvents both have: relative difference of ε and of n, largest first.

usage: python crc48.py   (with session47/ on PYTHONPATH)
"""
import numpy as np
from rdkit import Chem

from molpair.chem.solvents import SOLVENT_FEATURES, solvent_polarity
from solvents47 import TABLE

rows = []
for smiles, (epsilon, n) in TABLE.items():
    crc = dict(zip(SOLVENT_FEATURES, solvent_polarity(smiles)))
    if not np.isnan(crc["epsilon"]) and not np.isnan(crc["refractive_index"]):
        rows.append((abs(crc["epsilon"] / epsilon - 1), abs(crc["refractive_index"] / n - 1), smiles, epsilon, crc["epsilon"]))
rows.sort(reverse=True)
for d_eps, d_n, smiles, typed, crc in rows[:8]:
    print(f"{smiles:22s} ε typed {typed:7.2f} CRC {crc:7.2f} ({100 * d_eps:4.1f} %), n {100 * d_n:4.2f} %")
eps = np.array([row[0] for row in rows])
print(f"{len(rows)} of {len(TABLE)} typed solvents in the CRC tables: ε within 2 % for {int((eps <= 0.02).sum())}, "
      f"within 10 % for {int((eps <= 0.10).sum())}, largest {100 * eps.max():.1f} %; n largest {100 * max(r[1] for r in rows):.2f} %")
