"""Applicability domain of a training run: what its training molecules covered, so that a prediction can
say when its pair lies outside.

A finished run stores domain.json: for each role (solute, solvent) the elements and the heavy-atom count
range of the training pairs' molecules, and their unique canonical SMILES (Morgan fingerprints are
recomputed from them on loading, which keeps the file small and readable). A new pair is out of domain
when one of its molecules holds an element that its role never had in training, when a molecule's
heavy-atom count lies outside its role's training range, or when the solute's most similar training
solute (Tanimoto on Morgan fingerprints, radius 2, 2048 bits) is less similar than a threshold. Elements
are checked per role because solute and solvent have separate encoders: an element seen only in
solvents never reached the solute encoder.
"""

from __future__ import annotations

import json
import logging
from pathlib import Path

import numpy as np
import pandas as pd
from rdkit import Chem, DataStructs
from rdkit.Chem import rdFingerprintGenerator

from molpair.chem.molecules import MoleculeError, parse_smiles
from molpair.io import write_json

log = logging.getLogger(__name__)

DOMAIN_FILE = "domain.json"
MIN_SIMILARITY = 0.3
FINGERPRINT_RADIUS = 2
FINGERPRINT_BITS = 2048
FLAG_COLUMNS = ["in_domain", "unseen_elements", "size_out_of_range", "nearest_similarity", "low_similarity"]
ROLES = ("solute", "solvent")


def _elements(mol: Chem.Mol) -> set[str]:
    return {atom.GetSymbol() for atom in mol.GetAtoms()}


def _fingerprint_generator():
    return rdFingerprintGenerator.GetMorganGenerator(radius=FINGERPRINT_RADIUS, fpSize=FINGERPRINT_BITS)


def describe_training(solutes: list[str], solvents: list[str]) -> dict:
    """domain.json's content for the training pairs' solute and solvent SMILES: per role the elements,
    the [min, max] heavy-atom count and the sorted unique canonical SMILES."""
    description = {"fingerprint": {"kind": "morgan", "radius": FINGERPRINT_RADIUS, "bits": FINGERPRINT_BITS}}
    for role, smiles in zip(ROLES, (solutes, solvents)):
        mols = {Chem.MolToSmiles(mol): mol for mol in map(parse_smiles, set(smiles))}
        sizes = [mol.GetNumHeavyAtoms() for mol in mols.values()]
        description[role] = {
            "elements": sorted(set().union(*map(_elements, mols.values()))),
            "heavy_atoms": [min(sizes), max(sizes)],
            "smiles": sorted(mols),
        }
    return description


def write_domain(solutes: list[str], solvents: list[str], run_dir: str | Path) -> Path:
    """Write the training pairs' domain.json into `run_dir` (atomically); return its path."""
    path = Path(run_dir) / DOMAIN_FILE
    write_json(describe_training(solutes, solvents), path)
    return path


class Domain:
    """The training domain of one run, judging new pairs; `min_similarity` is the low-similarity threshold."""

    def __init__(self, description: dict, min_similarity: float = MIN_SIMILARITY):
        self.elements = {role: set(description[role]["elements"]) for role in ROLES}
        self.heavy_atoms = {role: tuple(description[role]["heavy_atoms"]) for role in ROLES}
        self.min_similarity = float(min_similarity)
        self._generator = _fingerprint_generator()
        self._solute_fingerprints = [
            self._generator.GetFingerprint(parse_smiles(smiles)) for smiles in description["solute"]["smiles"]
        ]

    def nearest_similarity(self, solute: Chem.Mol) -> float:
        """Largest Tanimoto similarity of the solute to a training solute."""
        similarities = DataStructs.BulkTanimotoSimilarity(self._generator.GetFingerprint(solute), self._solute_fingerprints)
        return float(max(similarities, default=0.0))

    def judge(self, role: str, mol: Chem.Mol) -> tuple[set[str], bool]:
        """The elements of a `role` molecule that its role never had in training, and whether its
        heavy-atom count lies outside the role's training range."""
        low, high = self.heavy_atoms[role]
        return _elements(mol) - self.elements[role], not low <= mol.GetNumHeavyAtoms() <= high

    def pair_flags(self, solute: tuple[set[str], bool], solvent: tuple[set[str], bool], similarity: float) -> dict:
        """The FLAG_COLUMNS of one pair from its molecules' `judge` results and the solute's
        nearest_similarity; unseen_elements is a comma-joined, sorted list of symbols."""
        unseen, out_of_range = solute[0] | solvent[0], solute[1] or solvent[1]
        low_similarity = similarity < self.min_similarity
        return {
            "in_domain": not (unseen or out_of_range or low_similarity),
            "unseen_elements": ",".join(sorted(unseen)),
            "size_out_of_range": out_of_range,
            "nearest_similarity": similarity,
            "low_similarity": low_similarity,
        }


def load_domain(run_dir: str | Path, min_similarity: float = MIN_SIMILARITY) -> Domain | None:
    """The run's Domain; None, with one warning, for runs trained before runs stored domain.json."""
    path = Path(run_dir) / DOMAIN_FILE
    if not path.is_file():
        log.warning(
            "%s has no %s (trained before runs stored their domain): predictions carry no domain flags",
            run_dir, DOMAIN_FILE,
        )
        return None
    return Domain(json.loads(path.read_text()), min_similarity)


def _parsed(smiles: str) -> Chem.Mol | None:
    try:
        return parse_smiles(smiles)
    except MoleculeError:
        return None


def domain_flags(domain: Domain | None, solutes: list[str], solvents: list[str]) -> pd.DataFrame:
    """FLAG_COLUMNS for each pair, in order; missing values (empty unseen_elements, NaN similarity, NA
    booleans) without a domain or where a SMILES does not parse. Each unique molecule is parsed and judged
    once (a batch of many pairs has far fewer molecules)."""
    n_rows = len(solutes)
    columns = {column: [None] * n_rows for column in FLAG_COLUMNS}
    if domain is not None:
        solutes, solvents = ([smiles if isinstance(smiles, str) else "" for smiles in side] for side in (solutes, solvents))
        mols = {smiles: _parsed(smiles) for smiles in {*solutes, *solvents}}
        judged = {
            (role, smiles): domain.judge(role, mols[smiles])
            for role, side in zip(ROLES, (solutes, solvents)) for smiles in set(side) if mols[smiles] is not None
        }
        similarity = {
            smiles: domain.nearest_similarity(mols[smiles]) for smiles in set(solutes) if mols[smiles] is not None
        }
        for row, (solute, solvent) in enumerate(zip(solutes, solvents)):
            if ("solute", solute) in judged and ("solvent", solvent) in judged:
                flags = domain.pair_flags(judged["solute", solute], judged["solvent", solvent], similarity[solute])
                for column, value in flags.items():
                    columns[column][row] = value
    columns["unseen_elements"] = [value or "" for value in columns["unseen_elements"]]
    columns["nearest_similarity"] = np.array(columns["nearest_similarity"], dtype=float)  # None → NaN
    for column in ("in_domain", "size_out_of_range", "low_similarity"):
        columns[column] = pd.array(columns[column], dtype="boolean")  # None → NA
    return pd.DataFrame(columns)


def domain_warning(flags) -> str:
    """Why a pair is out of domain, from its FLAG_COLUMNS (a row or dict); empty when in domain or unknown."""
    if pd.isna(flags["in_domain"]) or flags["in_domain"]:
        return ""
    reasons = []
    if flags["unseen_elements"]:
        reasons.append(f"elements never seen in training: {flags['unseen_elements']}")
    if flags["size_out_of_range"]:
        reasons.append("heavy-atom count outside the training range")
    if flags["low_similarity"]:
        reasons.append(f"solute unlike any training solute (nearest similarity {flags['nearest_similarity']:.2f})")
    return "; ".join(reasons)
