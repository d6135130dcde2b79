"""Canonical SMILES, stable identities and input validation for molecules and pairs."""

from __future__ import annotations

import functools
import hashlib
from typing import Sequence

import numpy as np
from rdkit import Chem, RDLogger
from rdkit.Chem.MolStandardize import rdMolStandardize

RDLogger.DisableLog("rdApp.*")

# GFN2-xTB and GFN1-xTB are parametrized for H..Rn; the NDDO methods cover a subset of these.
MAX_ATOMIC_NUMBER = 86


class MoleculeError(ValueError):
    """An input molecule that cannot enter the factory; `reason` is a short, countable label."""

    def __init__(self, reason: str, detail: str = ""):
        super().__init__(f"{reason}: {detail}" if detail else reason)
        self.reason = reason
        self.detail = detail


def parse_smiles(smiles: str) -> Chem.Mol:
    """Parse and validate one SMILES; raise MoleculeError with a countable reason."""
    text = (smiles or "").strip()
    if not text:
        raise MoleculeError("empty SMILES")
    mol = Chem.MolFromSmiles(text)
    if mol is None:
        raise MoleculeError("unparsable SMILES", text)
    if mol.GetNumAtoms() == 0:
        raise MoleculeError("empty SMILES", text)
    if len(Chem.GetMolFrags(mol)) > 1:
        raise MoleculeError("multi-component SMILES", text)
    for atom in mol.GetAtoms():
        z = atom.GetAtomicNum()
        if z == 0 or z > MAX_ATOMIC_NUMBER:
            raise MoleculeError("unsupported element", f"{atom.GetSymbol()} in {text}")
    return mol


def main_fragment(smiles: str) -> tuple[str, list[str]]:
    """The molecule of a salt without its counter-ions: RDKit's LargestFragmentChooser (organic
    fragments first) on a multi-component SMILES, and the canonical SMILES of the fragments left out.
    Anything else (one component, or not parsable) comes back as given, with nothing removed."""
    mol = Chem.MolFromSmiles((smiles or "").strip())
    if mol is None or len(Chem.GetMolFrags(mol)) < 2:
        return smiles, []
    kept = Chem.MolToSmiles(rdMolStandardize.LargestFragmentChooser(preferOrganic=True).choose(mol))
    fragments = [Chem.MolToSmiles(fragment) for fragment in Chem.GetMolFrags(mol, asMols=True)]
    fragments.remove(kept)
    return kept, fragments


def canonical_smiles(smiles: str) -> str:
    """RDKit canonical isomeric SMILES of a validated molecule."""
    return Chem.MolToSmiles(parse_smiles(smiles))


def formal_charge(smiles: str) -> int:
    """Total formal charge of a molecule."""
    return Chem.GetFormalCharge(parse_smiles(smiles))


@functools.lru_cache(maxsize=None)
def atom_count(smiles: str) -> int:
    """Atoms of a validated molecule with its hydrogens: the size the factory's geometry and QM stages see
    (cached: a dataset repeats its solvents and dyes)."""
    return Chem.AddHs(parse_smiles(smiles)).GetNumAtoms()


def pair_atoms(solutes: Sequence[str], solvents: Sequence[str]) -> np.ndarray:
    """Atoms with hydrogens of each solute-solvent complex, on which a sample's cost grows about as
    atoms^2.9 on dyes."""
    return np.array([atom_count(a) + atom_count(b) for a, b in zip(solutes, solvents)], dtype=int)


def _digest(text: str, length: int = 16) -> str:
    return hashlib.sha256(text.encode()).hexdigest()[:length]


def pair_id(solute_smiles: str, solvent_smiles: str) -> str:
    """Stable identity of a (solute, solvent) pair from canonical SMILES, equal across runs and machines."""
    return _digest(f"{solute_smiles}>>{solvent_smiles}")


def molecule_id(smiles: str) -> str:
    """Stable identity of one canonical molecule."""
    return _digest(smiles)
