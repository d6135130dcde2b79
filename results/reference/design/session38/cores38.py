"""Session 38, issue 14: how many chromophore cores a run's hits cover. Murcko scaffolds keep the chains
between rings, so alkyl-chain variants of one dye count as many scaffolds; here a hit's core is its largest
ring system (fused or spiro rings sharing atoms, written as a canonical SMILES fragment). Prints per run the
hits, their distinct cores, and the share of hits on the most common core and on the five most common.

Usage: python cores38.py NAME=RUN_DIR ...   (RUN_DIR = results_dir/design/{target}/{method}-seed{seed})
"""
import sys
from collections import Counter

import pandas as pd
from rdkit import Chem, RDLogger

RDLogger.DisableLog("rdApp.*")


def largest_ring_system(smiles: str) -> str:
    """The canonical SMILES fragment of the molecule's largest ring system ("" without rings)."""
    mol = Chem.MolFromSmiles(smiles)
    systems: list[set[int]] = []
    for ring in mol.GetRingInfo().AtomRings():
        ring = set(ring)
        for system in [s for s in systems if s & ring]:
            ring |= system
            systems.remove(system)
        systems.append(ring)
    if not systems:
        return ""
    return Chem.MolFragmentToSmiles(mol, sorted(max(systems, key=len)), canonical=True)


rows = {}
for arg in sys.argv[1:]:
    name, run = arg.split("=", 1)
    calls = pd.read_csv(f"{run}/designs.csv", usecols=["canonical", "hit"])
    hits = calls.loc[calls["hit"], "canonical"].drop_duplicates()
    cores = Counter(largest_ring_system(text) for text in hits)
    counts = [count for _, count in cores.most_common()]
    rows[name] = {"hits": len(hits), "distinct cores": len(cores),
                  "share on top core": counts[0] / len(hits) if counts else float("nan"),
                  "share on top 5 cores": sum(counts[:5]) / len(hits) if counts else float("nan"),
                  "top core": cores.most_common(1)[0][0] if counts else ""}
print(pd.DataFrame.from_dict(rows, orient="index").to_string(float_format=lambda v: f"{v:.3f}"))
