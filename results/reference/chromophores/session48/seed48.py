"""Session 48 (issue 12): start a dataset's new fingerprint file from what sessions 42 and 47 computed, so
`molpair fingerprints` computes only what they lack.

The molecules of session 42's file (`molpair fingerprints`, fingerprint and orbital blocks) whose solute is
in session 47's ct47.parquet (the probe that became chem/electronic.charge_transfer, same geometry and SCF)
get those four charge-transfer values appended, and are written as the dataset's partial file
(fingerprints.partial.npz), which `molpair fingerprints` resumes from; it computes the rest (every solvent,
the solutes ct47 lacks). check48.py recomputes a random sample to show the seeded rows are what molpair
computes.

usage: python seed48.py OLD_FINGERPRINTS.npz CT47.parquet NEW_FINGERPRINTS.npz
"""

import sys

import numpy as np
import pandas as pd

from molpair.chem.electronic import CHARGE_TRANSFER_FEATURES, ORBITAL_FEATURES
from molpair.chem.fingerprints import BITS, _save, partial_path


def main(old, ct_path, new):
    ct = pd.read_parquet(ct_path).set_index("smiles")[list(CHARGE_TRANSFER_FEATURES)]
    stored, molecules = {side: {} for side in BITS}, {}
    with np.load(old) as content:
        smiles = content["solute_smiles"].tolist()
        features, orbitals = content["solute_features"], content["solute_electronic"]
        assert orbitals.shape[1] == len(ORBITAL_FEATURES)
        for index, text in enumerate(smiles):
            if text in ct.index:
                block = np.concatenate([orbitals[index], ct.loc[text].to_numpy()]).astype(np.float32)
                stored["solute"][text] = (features[index], block)
    molecules = {side: sorted(stored[side]) for side in BITS}
    _save(partial_path(new), stored, molecules)
    print(f"{len(smiles)} solutes in {old}, {len(stored['solute'])} seeded into {partial_path(new)}")


if __name__ == "__main__":
    main(*sys.argv[1:])
