"""The electronic block's cost per molecule, and what RDKit's molecular volume at its default grid would add.

    PYTHONPATH=src python benchmarks/electronic.py --pairs-file results/chr_abs/pairs.parquet --molecules 40

For a seeded random sample of the pairs file's distinct solutes: the seconds of `electronic_features` (what
`molpair fingerprints`, a lightgbm prediction and the design oracle compute for each new molecule), and, on each
molecule's conformer, RDKit's `ComputeMolVolume` at its default 0.2 Å grid (what a user would call) against
molpair's VOLUME_GRID: seconds of each, the ratio, the whole block's seconds had it used the default grid, and
the cavity radius's relative difference between the two grids. Mean over the molecules; one thread (set
OMP_NUM_THREADS=1); on a shared machine compare the ratios, which one run measures under the same load.
"""

from __future__ import annotations

import argparse
import time

import numpy as np
import pandas as pd

from molpair.chem.electronic import ELECTRONIC_FEATURES, VOLUME_GRID, cavity_radius, electronic_features, relaxed_conformer
from molpair.chem.molecules import MoleculeError

RDKIT_DEFAULT_GRID = 0.2


def timed(function, *args, **kwargs):
    started = time.perf_counter()
    value = function(*args, **kwargs)
    return value, time.perf_counter() - started


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--pairs-file", required=True, help="a pairs.parquet whose solutes to compute")
    parser.add_argument("--molecules", type=int, default=40)
    parser.add_argument("--seed", type=int, default=0)
    args = parser.parse_args()

    solutes = pd.read_parquet(args.pairs_file, columns=["solute_smiles"]).solute_smiles.drop_duplicates()
    sample = solutes.sample(min(args.molecules, len(solutes)), random_state=args.seed).tolist()
    electronic_features("CCO")  # tblite's and the basis map's first-call costs, outside the timings
    rows = []
    for smiles in sample:
        features, block_s = timed(electronic_features, smiles)
        try:
            mol = relaxed_conformer(smiles)
        except MoleculeError:
            continue
        default, default_s = timed(cavity_radius, mol, RDKIT_DEFAULT_GRID)
        coarse, coarse_s = timed(cavity_radius, mol, VOLUME_GRID)
        rows.append({
            "atoms": mol.GetNumAtoms(), "block_s": block_s, "default_s": default_s, "coarse_s": coarse_s,
            "radius_difference": abs(coarse / default - 1),
            "stored_radius": features[ELECTRONIC_FEATURES.index("radius")], "coarse_radius": coarse,
        })
    table = pd.DataFrame(rows)
    mean = table.mean()
    print(f"{len(table)} of {len(sample)} molecules embedded ({mean.atoms:.0f} atoms on average, hydrogens included)")
    print(f"electronic block (grid {VOLUME_GRID} Å): {mean.block_s:.3f} s a molecule")
    print(f"molecular volume: RDKit's default grid {RDKIT_DEFAULT_GRID} Å {mean.default_s:.3f} s, grid {VOLUME_GRID} Å "
          f"{mean.coarse_s:.3f} s: {mean.default_s / mean.coarse_s:.1f}x")
    with_default = mean.block_s - mean.coarse_s + mean.default_s
    print(f"electronic block with the default grid: {with_default:.3f} s a molecule: {with_default / mean.block_s:.2f}x "
          "molpair's")
    print(f"cavity radius, grid {VOLUME_GRID} against {RDKIT_DEFAULT_GRID} Å: relative difference mean "
          f"{mean.radius_difference:.4f}, max {table.radius_difference.max():.4f}")
    agree = np.allclose(table.stored_radius, table.coarse_radius, rtol=1e-6, equal_nan=True)
    print(f"the block's radius is the grid-{VOLUME_GRID} radius of the same conformer: {agree}")


if __name__ == "__main__":
    main()
