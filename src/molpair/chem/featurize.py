"""Molecular graphs for the encoders: heavy atoms as nodes, bonds as edges in both directions.

Features are one-hot encodings of a few RDKit atom and bond properties (as in Chemprop and the
CIGIN paper), each with an "other" slot so unseen values never fail.
"""

from __future__ import annotations

import torch
from rdkit import Chem
from torch_geometric.data import Data

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


def mol_graph(smiles: str) -> Data:
    """Graph of one molecule: x (atoms, ATOM_DIM), edge_index (2, 2·bonds), edge_attr (2·bonds, BOND_DIM).

    Raises molpair.chem.molecules.MoleculeError for SMILES that cannot be parsed or validated.
    """
    mol = parse_smiles(smiles)
    x = torch.tensor([atom_features(atom) for atom in mol.GetAtoms()], dtype=torch.float)
    sources, targets, attrs = [], [], []
    for bond in mol.GetBonds():
        i, j = bond.GetBeginAtomIdx(), bond.GetEndAtomIdx()
        features = bond_features(bond)
        sources += [i, j]
        targets += [j, i]
        attrs += [features, features]
    edge_index = torch.tensor([sources, targets], dtype=torch.long).view(2, -1)
    edge_attr = torch.tensor(attrs, dtype=torch.float).view(-1, BOND_DIM)
    return Data(x=x, edge_index=edge_index, edge_attr=edge_attr)
