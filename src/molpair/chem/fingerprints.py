"""Fixed-length features of each molecule for the fingerprint model (model `lightgbm`, train/gbm.py).

A solute is its Morgan count fingerprint (radius 2, 2,048 bits), RDKit's 2D descriptors and the sizes of
its conjugated and ring systems (a dye's absorption grows with the extent of its π-system, which no
radius-2 environment sees); a solvent the same with 256 bits (the solvents are few and small). With
`electronic`, each molecule also has its GFN2-xTB frontier orbitals and, with `charge_transfer` too, their
charge transfer (chem/electronic.py), and the pair its solvent's polarity (chem/solvents.py) and the
Lippert-Mataga products of the two (PAIR_FEATURES). A pair's features are its solute's, its solvent's, then
the pair's.
`write_fingerprint_file` computes them once per dataset (minutes on the chromophore sets; the electronic
block, about an hour, only where a run reads it) into the file every fold and repeat reads;
`pair_features` reads it and computes what it lacks.
"""

from __future__ import annotations

import functools
import logging
import time
from concurrent.futures import ProcessPoolExecutor
from contextlib import nullcontext
from pathlib import Path

import numpy as np
import pandas as pd

from molpair.chem.electronic import CHARGE_TRANSFER_FEATURES, ELECTRONIC_FEATURES, electronic_features
from molpair.chem.solvents import SOLVENT_FEATURES, solvent_polarity
from molpair.io import atomic_path
from molpair.progress import progress

log = logging.getLogger(__name__)

BITS = {"solute": 2048, "solvent": 256}
RADIUS = 2
SYSTEM_FEATURES = 7  # values of system_features
CHECKPOINT_S = 300.0  # how often write_fingerprint_file saves what it has computed
# With `electronic` and `charge_transfer`, a pair's own features: its solvent's polarity, then the solute's Lippert-Mataga term
# and squared charge-transfer distance, each times the solvent's orientation polarizability Δf (the
# solvatochromic shift of a charge-transfer dye's emission grows with both).
PAIR_FEATURES = (*SOLVENT_FEATURES, "lm_term_x_delta_f", "ct_distance2_x_delta_f")


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
        shared = _information_content(mol)
        descriptors = np.array([
            shared[name] if name in shared else _descriptor(function, mol) for name, function in Descriptors.descList
        ]).astype(np.float32)
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


def _information_content(mol) -> dict[str, float]:
    """RDKit's descriptors Ipc and AvgIpc (Bonchev and Trinajstić 1977, eq. 6: the information content of the
    characteristic polynomial's coefficients, times their sum for Ipc) from one polynomial. RDKit computes the
    polynomial for each, in O(n⁴) of the heavy atoms: on Graph GA's designs of about 110 heavy atoms the two took
    80 % of the descriptors' time (results/reference/design/session60/ipc60.txt). The values are RDKit's to the
    bit (tests/test_gbm.py; benchmarks/descriptors.py)."""
    from rdkit import Chem
    from rdkit.Chem import Graphs
    from rdkit.ML.InfoTheory import entropy

    try:
        adjacency = np.equal(Chem.GetDistanceMatrix(mol, False), 1)
        coefficients = abs(Graphs.CharacteristicPolynomial(mol, adjacency))
        information = entropy.InfoEntropy(coefficients)
        return {"AvgIpc": float(information), "Ipc": float(sum(coefficients) * information)}
    except (ArithmeticError, ValueError, RuntimeError):
        return {"AvgIpc": np.nan, "Ipc": np.nan}


def _descriptor(function, mol) -> float:
    try:
        return float(function(mol))
    except (ArithmeticError, ValueError, RuntimeError):
        return np.nan


def _blocks(smiles: str, bits: int, electronic: bool) -> tuple[np.ndarray, np.ndarray | None]:
    return molecule_features(smiles, bits), electronic_features(smiles) if electronic else None


def write_fingerprint_file(
    pairs_path: str | Path, out_path: str | Path, workers: int = 1, reuse: list[str | Path] = (),
    electronic: bool = True,
) -> dict:
    """Features of every distinct solute and solvent of a pairs table in one file, with their electronic
    block where `electronic` (about 1 s a dye, mostly the conformer and the GFN2-xTB calculation; without
    it, about 0.02 s), computed by `workers` processes with progress; molecules an existing file of
    `reuse` (another dataset's) holds are copied from it, not computed again. What is computed is saved
    every CHECKPOINT_S to `partial_path(out_path)`, which a rerun after a crash reads first. Returns counts
    for the log."""
    pairs = pd.read_parquet(pairs_path, columns=["solute_smiles", "solvent_smiles"])
    molecules = {side: sorted(pairs[f"{side}_smiles"].unique()) for side in BITS}
    partial = partial_path(out_path)
    sources = list(reuse)
    if partial.exists():
        log.info("%s: resuming an interrupted run from what it saved", partial)
        sources.append(partial)
    stored: dict[str, dict] = {side: {} for side in BITS}
    for path in sources:
        for side, rows in (read_fingerprint_file(path) or {}).items():
            stored[side].update((text, row) for text, row in rows.items() if row[1] is not None or not electronic)
    missing = {side: [text for text in smiles if text not in stored[side]] for side, smiles in molecules.items()}
    saved = time.monotonic()
    with progress("fingerprints", sum(map(len, missing.values()))) as reporter, (
        ProcessPoolExecutor(max_workers=workers) if workers > 1 else nullcontext()
    ) as pool:
        for side in BITS:
            compute = functools.partial(_blocks, bits=BITS[side], electronic=electronic)
            for text, row in zip(missing[side], pool.map(compute, missing[side], chunksize=16) if pool else map(compute, missing[side])):
                stored[side][text] = row
                reporter.advance()
                if time.monotonic() - saved > CHECKPOINT_S:
                    _save(partial, stored, molecules)
                    saved = time.monotonic()
    _save(out_path, stored, molecules)
    partial.unlink(missing_ok=True)
    counts = {side: len(smiles) for side, smiles in molecules.items()}
    return {**counts, "computed": sum(map(len, missing.values()))}


def partial_path(out_path: str | Path) -> Path:
    """Where `write_fingerprint_file` keeps what it has computed so far."""
    return Path(out_path).with_suffix(".partial.npz")


def _save(path: Path, stored: dict[str, dict], molecules: dict[str, list[str]]) -> None:
    """The rows of `stored` (per side, SMILES → (features, electronic block or None)) for those of `molecules`
    it has, as a fingerprint file: the electronic blocks only where every row has one."""
    content = {}
    for side, smiles in molecules.items():
        present = [text for text in smiles if text in stored[side]]
        content[f"{side}_smiles"] = np.array(present, dtype=str)
        for index, (block, width) in enumerate((("features", molecule_width(BITS[side])), ("electronic", len(ELECTRONIC_FEATURES)))):
            rows = [stored[side][text][index] for text in present]
            if any(row is None for row in rows):
                continue
            content[f"{side}_{block}"] = np.stack(rows) if rows else np.zeros((0, width), np.float32)
    with atomic_path(path) as temporary, open(temporary, "wb") as handle:
        np.savez(handle, **content)


def read_fingerprint_file(path: str | Path) -> dict[str, dict[str, tuple]] | None:
    """Per side, SMILES → (features, electronic block, None in a file written before it had its current
    features) of a fingerprint file; None (with a warning) where its features are not the ones this molpair computes."""
    with np.load(path) as content:
        if any(content[f"{side}_features"].shape[1] != molecule_width(BITS[side]) for side in BITS):
            log.warning("%s holds other features than this molpair computes (written by another version): "
                        "not used; rerun `molpair fingerprints` to update it", path)
            return None
        rows = {}
        for side in BITS:
            smiles, features = content[f"{side}_smiles"].tolist(), content[f"{side}_features"]
            orbitals = content.get(f"{side}_electronic")
            if orbitals is not None and orbitals.shape[1] != len(ELECTRONIC_FEATURES):
                log.warning("%s: its %s electronic blocks are an older molpair's (%d values, now %d): computed anew",
                            path, side, orbitals.shape[1], len(ELECTRONIC_FEATURES))
                orbitals = None
            if orbitals is None:
                orbitals = [None] * len(smiles)
            rows[side] = {text: (features[index], orbitals[index]) for index, text in enumerate(smiles)}
        return rows


def pair_features(
    frame: pd.DataFrame, path: str | Path | None = None, electronic: bool = False, charge_transfer: bool = True
) -> np.ndarray:
    """The features of each pair of `frame` (solute_smiles, solvent_smiles), in order, with the electronic
    block where `electronic` (`join_pair`), from the dataset's fingerprint file where it has them, computed
    where it does not (or there is no file)."""
    known: dict[str, dict[str, np.ndarray]] = {side: {} for side in BITS}
    if path is not None and Path(path).exists():
        known.update(stored_features(path, electronic))
    elif path is not None:
        log.warning("no fingerprint file %s (molpair fingerprints writes it); computing the features", path)
    solute, solvent = (side_features(known[side], frame[f"{side}_smiles"].tolist(), side, electronic) for side in BITS)
    return join_pair(solute, solvent, frame["solvent_smiles"].tolist(), electronic, charge_transfer)


def join_pair(
    solute: np.ndarray, solvent: np.ndarray, solvent_smiles: list[str], electronic: bool, charge_transfer: bool = True
) -> np.ndarray:
    """Pairs' features from their solutes' and solvents' (rows in the same order, with the electronic block
    where `electronic`): those two, then with `charge_transfer` the pair block (PAIR_FEATURES); without it, the
    molecules' charge-transfer columns are left out (the orbitals-only layout of molpair before session 48)."""
    if not electronic:
        return np.concatenate([solute, solvent], axis=1)
    if not charge_transfer:
        drop = len(CHARGE_TRANSFER_FEATURES)
        return np.concatenate([solute[:, :-drop], solvent[:, :-drop]], axis=1)
    polarity = np.array([solvent_polarity(text) for text in solvent_smiles], dtype=np.float64).reshape(-1, len(SOLVENT_FEATURES))
    delta_f = polarity[:, SOLVENT_FEATURES.index("delta_f")]
    dye = dict(zip(ELECTRONIC_FEATURES, solute[:, -len(ELECTRONIC_FEATURES):].T.astype(np.float64)))
    products = np.column_stack([dye["lm_term"] * delta_f, dye["ct_distance"] ** 2 * delta_f])
    return np.concatenate([solute, solvent, polarity.astype(np.float32), products.astype(np.float32)], axis=1)


def stored_features(path: str | Path, electronic: bool) -> dict[str, dict[str, np.ndarray]]:
    """Per side, SMILES → features (`all_features`' layout) of the molecules a fingerprint file holds, those
    with the electronic block only where `electronic`; empty where its features are another version's."""
    return {
        side: {
            text: np.concatenate([features, orbitals]) if electronic else features
            for text, (features, orbitals) in rows.items()
            if orbitals is not None or not electronic
        }
        for side, rows in (read_fingerprint_file(path) or {}).items()
    }


def side_features(known: dict[str, np.ndarray], smiles: list[str], side: str, electronic: bool = False) -> np.ndarray:
    """The features of each of `smiles` as the `side` ("solute" or "solvent") of a pair, in order; those
    not in `known` (SMILES → features) are computed and added to it."""
    known.update((text, all_features(text, side, electronic)) for text in set(smiles) - set(known))
    return np.stack([known[text] for text in smiles])


def all_features(smiles: str, side: str, electronic: bool) -> np.ndarray:
    """One molecule's features as the `side` of a pair, the electronic block last where `electronic`."""
    features = molecule_features(smiles, BITS[side])
    return np.concatenate([features, electronic_features(smiles)]) if electronic else features


def molecule_width(bits: int, electronic: bool = False) -> int:
    """How many features a molecule with `bits` fingerprint bits has (`all_features`)."""
    from rdkit.Chem import Descriptors

    return bits + len(Descriptors.descList) + SYSTEM_FEATURES + (len(ELECTRONIC_FEATURES) if electronic else 0)


def feature_count(electronic: bool = False, charge_transfer: bool = True) -> int:
    """How many features a pair has (what a model trained on them expects; `join_pair`)."""
    count = sum(molecule_width(bits, electronic) for bits in BITS.values())
    if electronic:
        count += len(PAIR_FEATURES) if charge_transfer else -2 * len(CHARGE_TRANSFER_FEATURES)
    return count
