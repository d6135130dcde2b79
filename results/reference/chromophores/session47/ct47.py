"""Session 47 (issue 12): a dye's charge-transfer character from its GFN2-xTB frontier orbitals, for the
Lippert-Mataga term of solvatochromic emission (Δν ∝ Δμ²/a³ · Δf; Δμ ≈ e · the HOMO→LUMO charge-transfer
distance for a HOMO→LUMO transition).

Per dye, at chem/electronic.py's geometry and SCF: each orbital's Löwdin atom populations (S^1/2 C, squared,
summed per atom), their centroids, and
  ct_distance   |centroid(LUMO) − centroid(HOMO)| in Å (≈ Δμ / e)
  ct_overlap    Σ_A √(p_A^HOMO p_A^LUMO): 1 for orbitals on the same atoms, 0 for a full charge transfer
  radius        Onsager-like cavity radius in Å, (3 V / 4π)^(1/3) with V from RDKit's grid volume
  lm_term       ct_distance² / radius³ (Å⁻¹), the dye's half of the Lippert-Mataga product
NaN where the molecule cannot be embedded or the SCF fails; open-shell molecules are skipped (NaN).

usage: python ct47.py [--reverse] OUT.parquet PAIRS.parquet ...   (every solute; resumes; written atomically every
200; --reverse: from the last dye, skipping those in ct47.parquet, for a second process meeting the first)
"""

from __future__ import annotations

import os
import sys
import time

import numpy as np
import pandas as pd

from stda47 import ao_count, singlepoint

CT_FEATURES = ("ct_distance", "ct_overlap", "radius", "lm_term")


def ct_features(smiles: str) -> np.ndarray:
    from rdkit.Chem import AllChem

    computed = singlepoint(smiles)
    if computed is None:
        return np.full(len(CT_FEATURES), np.nan)
    mol, numbers, coords, result = computed
    occupation = np.asarray(result.get("orbital-occupations"))
    coefficients = np.asarray(result.get("orbital-coefficients"))
    w, v = np.linalg.eigh(np.asarray(result.get("overlap-matrix")))
    homo, lumo = np.flatnonzero(occupation > 1.0)[-1], np.flatnonzero(occupation < 1e-6)[0]
    orthogonal = (v * np.sqrt(np.clip(w, 0, None))) @ v.T @ coefficients[:, [homo, lumo]]
    atom_of = np.repeat(np.arange(len(numbers)), [ao_count(int(z)) for z in numbers])
    populations = np.stack([np.bincount(atom_of, orthogonal[:, k] ** 2, len(numbers)) for k in (0, 1)])
    populations /= populations.sum(axis=1, keepdims=True)
    centroids = populations @ coords
    conformer = mol.GetConformer()
    for index, position in enumerate(coords):
        conformer.SetAtomPosition(index, position.tolist())
    volume = AllChem.ComputeMolVolume(mol)
    radius = (3 * volume / (4 * np.pi)) ** (1 / 3)
    distance = float(np.linalg.norm(centroids[1] - centroids[0]))
    return np.array([distance, float(np.sqrt(populations[0] * populations[1]).sum()), radius, distance ** 2 / radius ** 3])


def main(*arguments):
    reverse = arguments[0] == "--reverse"
    out, *pairs = arguments[1:] if reverse else arguments
    rows = pd.read_parquet(out).values.tolist() if os.path.exists(out) else []
    done = {row[0] for row in rows}
    if reverse and os.path.exists("ct47.parquet"):
        done |= set(pd.read_parquet("ct47.parquet")["smiles"])
    dyes = list(dict.fromkeys(s for path in pairs for s in pd.read_parquet(path)["solute_smiles"] if s not in done))
    if reverse:
        dyes = dyes[::-1]
    print(f"{len(done)} done, {len(dyes)} to compute", flush=True)
    started = time.perf_counter()
    for count, smiles in enumerate(dyes, 1):
        rows.append([smiles, *map(float, ct_features(smiles))])
        if count % 200 == 0 or count == len(dyes):
            pd.DataFrame(rows, columns=["smiles", *CT_FEATURES]).to_parquet(out + ".partial", index=False)
            os.replace(out + ".partial", out)
            print(f"{count}/{len(dyes)} {time.perf_counter() - started:.0f} s", flush=True)


if __name__ == "__main__":
    main(*sys.argv[1:])
