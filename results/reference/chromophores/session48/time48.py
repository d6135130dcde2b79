"""Session 48: seconds per dye of the electronic block (chem/electronic.electronic_features) and the share of
it spent in the charge-transfer block (charge_transfer), over a random sample of a fingerprint file's solutes.

usage: python time48.py FINGERPRINTS.npz SAMPLE_SIZE
"""
import sys
import time

import numpy as np

from molpair.chem import electronic

spent = []
charge_transfer = electronic.charge_transfer


def timed(*arguments):
    started = time.perf_counter()
    values = charge_transfer(*arguments)
    spent.append(time.perf_counter() - started)
    return values


electronic.charge_transfer = timed
with np.load(sys.argv[1]) as content:
    smiles = content["solute_smiles"]
sample = np.random.default_rng(0).choice(len(smiles), int(sys.argv[2]), replace=False)
electronic.basis_size(6)  # the per-element basis probes, once per process
started = time.perf_counter()
for row in sample:
    electronic.electronic_features(str(smiles[row]))
total = time.perf_counter() - started
print(f"{len(sample)} dyes: {total / len(sample):.3f} s a dye, of which charge transfer {sum(spent) / len(sample):.3f} s "
      f"({100 * sum(spent) / total:.0f} %)")
