"""Fixed-length features of each molecule for the fingerprint model (model `lightgbm`, train/gbm.py).

A solute is its Morgan count fingerprint (radius 2, 2,048 bits) and RDKit's 2D descriptors; a solvent the
same with 256 bits (the solvents are few and small). A pair's features are its solute's then its solvent's.
`write_fingerprint_file` computes them once per dataset (the descriptors take minutes on the chromophore
sets) into the file every fold and repeat reads; `pair_features` reads it and computes what it lacks.
"""

from __future__ import annotations

import logging
from pathlib import Path

import numpy as np
import pandas as pd

from molpair.io import atomic_path

log = logging.getLogger(__name__)

BITS = {"solute": 2048, "solvent": 256}
RADIUS = 2


def molecule_features(smiles: str, bits: int) -> np.ndarray:
    """Morgan counts (`bits` bits) then RDKit's 2D descriptors of one molecule (float32; NaN where RDKit
    cannot parse it, or a descriptor fails or is not finite: e.g. SPS divides by the heavy atoms, which
    hydrogen has none of)."""
    from rdkit import Chem
    from rdkit.Chem import Descriptors, rdFingerprintGenerator

    mol = Chem.MolFromSmiles(smiles)
    if mol is None:
        return np.full(bits + len(Descriptors.descList), np.nan, dtype=np.float32)
    counts = rdFingerprintGenerator.GetMorganGenerator(radius=RADIUS, fpSize=bits).GetCountFingerprintAsNumPy(mol)
    with np.errstate(over="ignore", invalid="ignore"):
        descriptors = np.array([_descriptor(function, mol) for _, function in Descriptors.descList]).astype(np.float32)
    descriptors[~np.isfinite(descriptors)] = np.nan
    return np.concatenate([counts.astype(np.float32), descriptors])


def _descriptor(function, mol) -> float:
    try:
        return float(function(mol))
    except (ArithmeticError, ValueError, RuntimeError):
        return np.nan


def _features_of(smiles: list[str], bits: int) -> np.ndarray:
    return np.stack([molecule_features(text, bits) for text in smiles]) if smiles else np.zeros((0, 0), np.float32)


def write_fingerprint_file(pairs_path: str | Path, out_path: str | Path) -> dict:
    """Features of every distinct solute and solvent of a pairs table, in one file. Returns counts for the log."""
    pairs = pd.read_parquet(pairs_path, columns=["solute_smiles", "solvent_smiles"])
    content = {}
    for side in BITS:
        smiles = sorted(pairs[f"{side}_smiles"].unique())
        content[f"{side}_smiles"] = np.array(smiles, dtype=str)
        content[f"{side}_features"] = _features_of(smiles, BITS[side])
    with atomic_path(out_path) as temporary, open(temporary, "wb") as handle:
        np.savez(handle, **content)
    return {side: len(content[f"{side}_smiles"]) for side in BITS}


def pair_features(frame: pd.DataFrame, path: str | Path | None = None) -> np.ndarray:
    """The features of each pair of `frame` (solute_smiles, solvent_smiles), in order, from the dataset's
    fingerprint file where it has the molecule, computed where it does not (or there is no file)."""
    known: dict[str, dict[str, np.ndarray]] = {side: {} for side in BITS}
    if path is not None and Path(path).exists():
        with np.load(path) as content:
            for side in BITS:
                known[side] = dict(zip(content[f"{side}_smiles"].tolist(), content[f"{side}_features"]))
    elif path is not None:
        log.warning("no fingerprint file %s (molpair fingerprints writes it); computing the features", path)
    return np.concatenate([side_features(known[side], frame[f"{side}_smiles"].tolist(), side) for side in BITS], axis=1)


def side_features(known: dict[str, np.ndarray], smiles: list[str], side: str) -> np.ndarray:
    """The features of each of `smiles` as the `side` ("solute" or "solvent") of a pair, in order; those
    not in `known` (SMILES → features) are computed and added to it."""
    missing = sorted(set(smiles) - set(known))
    known.update(zip(missing, _features_of(missing, BITS[side])))
    return np.stack([known[text] for text in smiles])


def feature_count() -> int:
    """How many features a pair has (what a model trained on them expects)."""
    from rdkit.Chem import Descriptors

    return sum(BITS.values()) + 2 * len(Descriptors.descList)
