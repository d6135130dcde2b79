"""Session 48: seconds per dye of the electronic block (chem/electronic.electronic_features), the share of it
spent in the charge-transfer block (charge_transfer) and in RDKit's grid volume within that, over a random
sample of a fingerprint file's solutes. (time48-abs.txt came from the version before the volume line, 8fe93e2.)

usage: python time48.py FINGERPRINTS.npz SAMPLE_SIZE
"""
import sys
import time

import numpy as np
from rdkit.Chem import AllChem

from molpair.chem import electronic

spent, volume = [], []


def timed(function, into):
    def call(*arguments):
        started = time.perf_counter()
        values = function(*arguments)
        into.append(time.perf_counter() - started)
        return values
    return call


electronic.charge_transfer = timed(electronic.charge_transfer, spent)
AllChem.ComputeMolVolume = timed(AllChem.ComputeMolVolume, volume)
with np.load(sys.argv[1]) as content:
    smiles = content["solute_smiles"]
sample = np.random.default_rng(0).choice(len(smiles), int(sys.argv[2]), replace=False)
electronic.basis_size(6)  # the per-element basis probes, once per process
started = time.perf_counter()
for row in sample:
    electronic.electronic_features(str(smiles[row]))
total = time.perf_counter() - started
print(f"{len(sample)} dyes: {total / len(sample):.3f} s a dye, of which charge transfer {sum(spent) / len(sample):.3f} s "
      f"({100 * sum(spent) / total:.0f} %), of which the volume {sum(volume) / len(sample):.3f} s")
