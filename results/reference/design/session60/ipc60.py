"""Session 60: the share of RDKit's Ipc in the oracle's descriptor block (molpair.chem.fingerprints: every function
of Descriptors.descList), on 200 valid designs from calls 8,000-10,000 of a Graph GA run and of a screened REINVENT run.
Usage (in ~/molpair-runs/s59): python ipc60.py RUN ..."""
import sys
import time

import pandas as pd
from rdkit import Chem
from rdkit.Chem import Descriptors

for run in sys.argv[1:]:
    calls = pd.read_csv(f"{run}/designs.csv", usecols=["call", "canonical"]).dropna()
    mols = [Chem.MolFromSmiles(text) for text in calls[calls["call"] > 8000]["canonical"].head(200)]
    seconds = {}
    for name, function in Descriptors.descList:
        start = time.perf_counter()
        for mol in mols:
            function(mol)
        seconds[name] = time.perf_counter() - start
    total = sum(seconds.values())
    top = sorted(seconds.items(), key=lambda item: -item[1])[:3]
    print(f"{run}: {len(mols)} designs, mean heavy atoms {sum(m.GetNumHeavyAtoms() for m in mols) / len(mols):.1f}; "
          f"descList {total:.2f} s, " + ", ".join(f"{name} {value:.2f} s ({value / total:.0%})" for name, value in top))
