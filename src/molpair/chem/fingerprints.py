"""Fixed-length features of each molecule for the fingerprint model (model `lightgbm`, train/gbm.py).

A solute is its Morgan count fingerprint (radius 2, 2,048 bits), RDKit's 2D descriptors and the sizes of
its conjugated and ring systems (a dye's absorption grows with the extent of its π-system, which no
radius-2 environment sees); a solvent the same with 256 bits (the solvents are few and small). A pair's
features are its solute's then its solvent's.
`write_fingerprint_file` computes them once per dataset (the descriptors take minutes on the chromophore
sets) into the file every fold and repeat reads; `pair_features` reads it and computes what it lacks.
"""

from __future__ import annotations

import functools
import logging
from concurrent.futures import ProcessPoolExecutor
from contextlib import nullcontext
from pathlib import Path

import numpy as np
import pandas as pd

from molpair.io import atomic_path
from molpair.progress import progress

log = logging.getLogger(__name__)

BITS = {"solute": 2048, "solvent": 256}
RADIUS = 2
SYSTEM_FEATURES = 7  # values of system_features


def molecule_features(smiles: str, bits: int) -> np.ndarray:
    """Morgan counts (`bits` bits), RDKit's 2D descriptors, then `system_features` of one molecule
    (float32; NaN where RDKit cannot parse it, or a descriptor fails or is not finite: e.g. SPS divides by
    the heavy atoms, which hydrogen has none of)."""
    from rdkit import Chem
    from rdkit.Chem import Descriptors, rdFingerprintGenerator

    mol = Chem.MolFromSmiles(smiles)
    if mol is None:
        return np.full(molecule_width(bits), np.nan, dtype=np.float32)
    counts = rdFingerprintGenerator.GetMorganGenerator(radius=RADIUS, fpSize=bits).GetCountFingerprintAsNumPy(mol)
    with np.errstate(over="ignore", invalid="ignore"):
        descriptors = np.array([_descriptor(function, mol) for _, function in Descriptors.descList]).astype(np.float32)
    descriptors[~np.isfinite(descriptors)] = np.nan
    return np.concatenate([counts.astype(np.float32), descriptors, system_features(mol)])


def system_features(mol) -> np.ndarray:
    """The extent of a molecule's π-system and rings (SYSTEM_FEATURES values): atoms of its largest
    conjugated system, that as a share of the heavy atoms, the number of conjugated systems and of
    conjugated bonds, atoms of the largest ring system (fused or spiro rings), the number of ring systems,
    and the share of heavy atoms that are sp2."""
    from rdkit import Chem

    heavy = max(mol.GetNumHeavyAtoms(), 1)
    conjugated = _system_sizes(mol, lambda bond: bond.GetIsConjugated())
    rings = _system_sizes(mol, lambda bond: bond.IsInRing())
    sp2 = sum(atom.GetHybridization() == Chem.HybridizationType.SP2 for atom in mol.GetAtoms())
    largest = max(conjugated, default=0)
    return np.array([
        largest, largest / heavy, len(conjugated), sum(bond.GetIsConjugated() for bond in mol.GetBonds()),
        max(rings, default=0), len(rings), sp2 / heavy,
    ], dtype=np.float32)


def _system_sizes(mol, joins) -> list[int]:
    """Atom counts of the groups of atoms connected by the bonds for which `joins(bond)` holds (atoms on
    no such bond left out)."""
    from rdkit import Chem

    joined = Chem.RWMol(mol)
    for bond in mol.GetBonds():
        if not joins(bond):
            joined.RemoveBond(bond.GetBeginAtomIdx(), bond.GetEndAtomIdx())
    return [len(group) for group in Chem.GetMolFrags(joined) if len(group) > 1]


def _descriptor(function, mol) -> float:
    try:
        return float(function(mol))
    except (ArithmeticError, ValueError, RuntimeError):
        return np.nan


def write_fingerprint_file(pairs_path: str | Path, out_path: str | Path, workers: int = 1) -> dict:
    """Features of every distinct solute and solvent of a pairs table, in one file, computed by `workers`
    processes (with progress: the descriptors take about 0.1 s a dye). Returns counts for the log."""
    pairs = pd.read_parquet(pairs_path, columns=["solute_smiles", "solvent_smiles"])
    molecules = {side: sorted(pairs[f"{side}_smiles"].unique()) for side in BITS}
    content = {}
    with progress("fingerprints", sum(map(len, molecules.values()))) as reporter, (
        ProcessPoolExecutor(max_workers=workers) if workers > 1 else nullcontext()
    ) as pool:
        for side, smiles in molecules.items():
            compute = functools.partial(molecule_features, bits=BITS[side])
            rows = []
            for features in pool.map(compute, smiles, chunksize=16) if pool else map(compute, smiles):
                rows.append(features)
                reporter.advance()
            content[f"{side}_smiles"] = np.array(smiles, dtype=str)
            content[f"{side}_features"] = np.stack(rows) if rows else np.zeros((0, molecule_width(BITS[side])), np.float32)
    with atomic_path(out_path) as temporary, open(temporary, "wb") as handle:
        np.savez(handle, **content)
    return {side: len(smiles) for side, smiles in molecules.items()}


def pair_features(frame: pd.DataFrame, path: str | Path | None = None) -> np.ndarray:
    """The features of each pair of `frame` (solute_smiles, solvent_smiles), in order, from the dataset's
    fingerprint file where it has the molecule, computed where it does not (or there is no file)."""
    known: dict[str, dict[str, np.ndarray]] = {side: {} for side in BITS}
    if path is not None and Path(path).exists():
        with np.load(path) as content:
            widths = {side: content[f"{side}_features"].shape[1] for side in BITS}
            if all(widths[side] == molecule_width(BITS[side]) for side in BITS):
                known = {side: dict(zip(content[f"{side}_smiles"].tolist(), content[f"{side}_features"])) for side in BITS}
            else:
                log.warning("%s holds %d features per solute, this molpair computes %d (written by another "
                            "version): computing them anew; rerun `molpair fingerprints` to update it",
                            path, widths["solute"], molecule_width(BITS["solute"]))
    elif path is not None:
        log.warning("no fingerprint file %s (molpair fingerprints writes it); computing the features", path)
    return np.concatenate([side_features(known[side], frame[f"{side}_smiles"].tolist(), side) for side in BITS], axis=1)


def side_features(known: dict[str, np.ndarray], smiles: list[str], side: str) -> np.ndarray:
    """The features of each of `smiles` as the `side` ("solute" or "solvent") of a pair, in order; those
    not in `known` (SMILES → features) are computed and added to it."""
    known.update((text, molecule_features(text, BITS[side])) for text in set(smiles) - set(known))
    return np.stack([known[text] for text in smiles])


def molecule_width(bits: int) -> int:
    """How many features `molecule_features` gives a molecule with `bits` fingerprint bits."""
    from rdkit.Chem import Descriptors

    return bits + len(Descriptors.descList) + SYSTEM_FEATURES


def feature_count() -> int:
    """How many features a pair has (what a model trained on them expects)."""
    return sum(molecule_width(bits) for bits in BITS.values())
