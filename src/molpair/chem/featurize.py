"""Molecular graphs for the encoders: heavy atoms as nodes, bonds as edges in both directions.

Features are one-hot encodings of a few RDKit atom and bond properties (as in Chemprop and the
CIGIN paper), each with an "other" slot so unseen values never fail. The graph is NumPy arrays
(`mol_arrays`), so prediction through an exported model never imports torch; `data.graphs.mol_graph`
makes the PyG object training reads.
"""

from __future__ import annotations

from typing import NamedTuple

import numpy as np
from rdkit import Chem

from molpair.chem.molecules import parse_smiles

ELEMENTS = ["H", "B", "C", "N", "O", "F", "Si", "P", "S", "Cl", "Se", "Br", "I"]
DEGREES = [0, 1, 2, 3, 4, 5]
FORMAL_CHARGES = [-2, -1, 0, 1, 2]
TOTAL_HS = [0, 1, 2, 3, 4]
HYBRIDIZATIONS = [
    Chem.HybridizationType.S,
    Chem.HybridizationType.SP,
    Chem.HybridizationType.SP2,
    Chem.HybridizationType.SP3,
    Chem.HybridizationType.SP3D,
    Chem.HybridizationType.SP3D2,
]
BOND_TYPES = [
    Chem.BondType.SINGLE,
    Chem.BondType.DOUBLE,
    Chem.BondType.TRIPLE,
    Chem.BondType.AROMATIC,
]
BOND_STEREO = [
    Chem.BondStereo.STEREONONE,
    Chem.BondStereo.STEREOANY,
    Chem.BondStereo.STEREOZ,
    Chem.BondStereo.STEREOE,
    Chem.BondStereo.STEREOCIS,
    Chem.BondStereo.STEREOTRANS,
]


def _one_hot(value, choices: list) -> list[float]:
    """One-hot over `choices` plus a trailing "other" slot."""
    encoding = [0.0] * (len(choices) + 1)
    encoding[choices.index(value) if value in choices else -1] = 1.0
    return encoding


def atom_features(atom: Chem.Atom) -> list[float]:
    """Element, degree, formal charge, total H count, hybridization, aromaticity, ring membership."""
    return (
        _one_hot(atom.GetSymbol(), ELEMENTS)
        + _one_hot(atom.GetDegree(), DEGREES)
        + _one_hot(atom.GetFormalCharge(), FORMAL_CHARGES)
        + _one_hot(atom.GetTotalNumHs(), TOTAL_HS)
        + _one_hot(atom.GetHybridization(), HYBRIDIZATIONS)
        + [float(atom.GetIsAromatic()), float(atom.IsInRing())]
    )


def bond_features(bond: Chem.Bond) -> list[float]:
    """Bond type, conjugation, ring membership, stereo."""
    return (
        _one_hot(bond.GetBondType(), BOND_TYPES)
        + [float(bond.GetIsConjugated()), float(bond.IsInRing())]
        + _one_hot(bond.GetStereo(), BOND_STEREO)
    )


ATOM_DIM = len(atom_features(Chem.MolFromSmiles("C").GetAtomWithIdx(0)))
BOND_DIM = len(bond_features(Chem.MolFromSmiles("CC").GetBondWithIdx(0)))


class MolArrays(NamedTuple):
    """One molecule's graph: x (atoms, ATOM_DIM) float32, edge_index (2, 2·bonds) int64, edge_attr
    (2·bonds, BOND_DIM) float32; and the SMILES it was made from (what a fingerprint model reads)."""

    x: np.ndarray
    edge_index: np.ndarray
    edge_attr: np.ndarray
    smiles: str = ""


def mol_arrays(smiles: str) -> MolArrays:
    """The graph of one molecule.

    Raises molpair.chem.molecules.MoleculeError for SMILES that cannot be parsed or validated.
    """
    mol = parse_smiles(smiles)
    x = np.array([atom_features(atom) for atom in mol.GetAtoms()], dtype=np.float32)
    sources, targets, attrs = [], [], []
    for bond in mol.GetBonds():
        i, j = bond.GetBeginAtomIdx(), bond.GetEndAtomIdx()
        features = bond_features(bond)
        sources += [i, j]
        targets += [j, i]
        attrs += [features, features]
    edge_index = np.array([sources, targets], dtype=np.int64).reshape(2, -1)
    edge_attr = np.array(attrs, dtype=np.float32).reshape(-1, BOND_DIM)
    return MolArrays(x.reshape(-1, ATOM_DIM), edge_index, edge_attr, smiles)
