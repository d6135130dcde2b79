"""Molecule graphs: dimensions, both edge directions, single atoms and ions."""

import pytest
import torch

from molpair.chem.featurize import ATOM_DIM, BOND_DIM, ELEMENTS
from molpair.chem.molecules import MoleculeError
from molpair.data.graphs import mol_graph


def test_dims_and_both_directions():
    graph = mol_graph("CCO")
    assert graph.x.shape == (3, ATOM_DIM)
    assert graph.edge_index.shape == (2, 4)
    assert graph.edge_attr.shape == (4, BOND_DIM)
    edges = {tuple(e) for e in graph.edge_index.t().tolist()}
    assert edges == {(0, 1), (1, 0), (1, 2), (2, 1)}


def test_each_feature_group_is_one_hot():
    graph = mol_graph("c1ccccc1O")
    # element, degree, charge, H count, hybridization: five one-hot groups per atom
    assert torch.all(graph.x[:, : len(ELEMENTS) + 1].sum(dim=1) == 1)
    assert torch.all(graph.x.sum(dim=1) >= 5)


@pytest.mark.parametrize("smiles", ["O", "[Cl-]", "[Na+]", "C"])
def test_single_atom_molecules_have_no_edges(smiles):
    graph = mol_graph(smiles)
    assert graph.x.shape == (1, ATOM_DIM)
    assert graph.edge_index.shape == (2, 0)
    assert graph.edge_index.dtype == torch.long
    assert graph.edge_attr.shape == (0, BOND_DIM)


def test_ion_charge_and_unknown_element():
    chloride, sodium = mol_graph("[Cl-]").x[0], mol_graph("[Na+]").x[0]
    assert not torch.equal(chloride, sodium)
    assert sodium[len(ELEMENTS)] == 1  # "other" element slot
    assert chloride[ELEMENTS.index("Cl")] == 1


def test_bond_features_distinguish_types():
    single = mol_graph("CC").edge_attr[0]
    double = mol_graph("C=C").edge_attr[0]
    aromatic = mol_graph("c1ccccc1").edge_attr[0]
    assert len({tuple(single.tolist()), tuple(double.tolist()), tuple(aromatic.tolist())}) == 3
    assert aromatic.sum() >= 3  # aromatic, conjugated, in ring, stereo none


def test_invalid_smiles_raises():
    with pytest.raises(MoleculeError):
        mol_graph("not a smiles")
