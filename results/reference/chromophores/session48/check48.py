"""Session 48: are the seeded rows of a fingerprint file (seed48.py) what molpair computes? Recompute the
electronic block of a random sample of its solutes and compare, the orbital block and the charge-transfer
block apart (exact float32 equality where the geometry and the SCF are the same). Prints row numbers of the
file, not SMILES (the dyes are the shared data's).

usage: python check48.py FINGERPRINTS.npz SAMPLE_SIZE
"""

import sys

import numpy as np

from molpair.chem.electronic import ORBITAL_FEATURES, electronic_features


def main(path, size):
    with np.load(path) as content:
        smiles, stored = content["solute_smiles"], content["solute_electronic"]
    rows = np.random.default_rng(48).choice(len(smiles), int(size), replace=False)
    split = len(ORBITAL_FEATURES)
    same = {"orbital": 0, "charge-transfer": 0}
    for row in rows:
        computed = electronic_features(str(smiles[row]))
        for name, block in (("orbital", slice(0, split)), ("charge-transfer", slice(split, None))):
            if np.array_equal(computed[block], stored[row][block], equal_nan=True):
                same[name] += 1
            else:
                print(f"row {row}: {name} block differs, largest difference {np.nanmax(np.abs(computed[block] - stored[row][block])):.3g}")
    print(f"{path}: of {len(rows)} sampled solutes, recomputed to the stored values: {same}")


if __name__ == "__main__":
    main(*sys.argv[1:])
