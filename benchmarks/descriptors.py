"""The fingerprint model's descriptor block against RDKit's own call for the same descriptors.

    PYTHONPATH=src python benchmarks/descriptors.py --smiles-file $MOLPAIR_DATA_DIR/chromophore/chr_abs.csv \
        --column Chromophore --molecules 500 --largest

`molecule_features` (chem/fingerprints.py) computes RDKit's 2D descriptors (`Descriptors.descList`) with Ipc
and AvgIpc from one characteristic polynomial; a user would otherwise call `Descriptors.CalcMolDescriptors`,
which computes it twice. Times both on the first N distinct molecules of a CSV column (with `--largest`, the
N with the most heavy atoms: a large dye, or a Graph GA design late in its run), and prints the seconds, the
ratio, and how many molecules' descriptors differ from RDKit's in float32 (0: the same values to the bit).
"""

from __future__ import annotations

import argparse
import time

import numpy as np
import pandas as pd
from rdkit import Chem, RDLogger
from rdkit.Chem import Descriptors

from molpair.chem.fingerprints import molecule_features


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--smiles-file", required=True, help="a CSV file with a SMILES column")
    parser.add_argument("--column", default="smiles", help="its SMILES column")
    parser.add_argument("--molecules", type=int, default=500)
    parser.add_argument("--largest", action="store_true", help="take the N molecules with the most heavy atoms")
    args = parser.parse_args()
    RDLogger.DisableLog("rdApp.*")

    smiles = pd.read_csv(args.smiles_file, usecols=[args.column])[args.column].dropna().drop_duplicates()
    mols = {text: mol for text in smiles if (mol := Chem.MolFromSmiles(text)) is not None}
    chosen = sorted(mols, key=lambda text: -mols[text].GetNumHeavyAtoms()) if args.largest else list(mols)
    chosen = chosen[: args.molecules]
    bits, names = 8, [name for name, _ in Descriptors.descList]

    started = time.perf_counter()
    with np.errstate(all="ignore"):
        rdkit = np.array(
            [list(Descriptors.CalcMolDescriptors(Chem.MolFromSmiles(text)).values()) for text in chosen], dtype=np.float32
        )
    rdkit_s = time.perf_counter() - started
    started = time.perf_counter()
    ours = np.array([molecule_features(text, bits)[bits : bits + len(names)] for text in chosen])
    ours_s = time.perf_counter() - started

    rdkit[~np.isfinite(rdkit)] = np.nan  # molecule_features stores what is not finite as NaN
    differ = ~((ours == rdkit) | (np.isnan(ours) & np.isnan(rdkit)))
    atoms = np.mean([mols[text].GetNumHeavyAtoms() for text in chosen])
    print(
        f"{len(chosen)} molecules ({'largest' if args.largest else 'first'}, mean {atoms:.1f} heavy atoms): "
        f"RDKit CalcMolDescriptors {rdkit_s:.2f} s, molecule_features {ours_s:.2f} s (with Morgan counts and "
        f"system sizes), {rdkit_s / ours_s:.2f}×; molecules whose descriptors differ: {int(differ.any(axis=1).sum())}"
        + (f" (in {sorted({names[j] for j in np.nonzero(differ.any(axis=0))[0]})})" if differ.any() else "")
    )


if __name__ == "__main__":
    main()
