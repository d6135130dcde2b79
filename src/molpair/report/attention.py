"""Atom-wise interaction maps of one pair, as per-atom solute weights, a drawing and a table.

The per-atom weight of a solute atom is the sum of |map| over all solvent atoms, normalized so the
solute's weights sum to 1 (InteractionMap.solute_weights). The absolute value counts strongly negative
entries (CIGIN's tanh map spans -1..1) as interactions as strong as positive ones, and summing over the
solvent says how much an atom interacts with the solvent as a whole. Nodes are the heavy atoms of `parse_smiles`, in RDKit order, so
weight i belongs to atom i of the parsed solute. Drawings highlight each solute atom from white to red by
its weight relative to the largest, and write the weight beside it.
"""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pandas as pd
import torch
from rdkit import Chem
from rdkit.Chem.Draw import rdMolDraw2D
from torch_geometric.data import Batch

from molpair.chem.molecules import MoleculeError, parse_smiles
from molpair.data.graphs import FOLLOW_BATCH, graph_of, make_pair
from molpair.io import atomic_path, write_text
from molpair.train.predict import GraphCache, pair_error
from molpair.train.trained import OriginalUnits

DRAWING_SIZE = (500, 400)


@torch.inference_mode()
def pair_attention(module: OriginalUnits, solute: str, solvent: str) -> tuple[np.ndarray, np.ndarray]:
    """Per-atom solute weights (summing to 1) and the full map (solute atoms × solvent atoms) of one pair.

    The module is put in eval mode. Raises ValueError for models without an atom-wise map.
    """
    module.eval()
    graphs = GraphCache()
    solute_graph, solvent_graph = graphs.get(solute), graphs.get(solvent)
    error = pair_error(solute_graph, solvent_graph)
    if error:
        raise MoleculeError(error)
    pair = make_pair(graph_of(solute_graph), graph_of(solvent_graph), float("nan"), "attention")  # target unused
    batch = Batch.from_data_list([pair], follow_batch=FOLLOW_BATCH).to(module.device)
    try:
        interaction = module.model.interaction_map(batch)
    except NotImplementedError as error:
        raise ValueError(f"{error}: attention export needs a model with one (e.g. cigin)") from error
    return interaction.solute_weights(0).cpu().numpy(), interaction.pair(0).double().cpu().numpy()


def _solute_mol(solute: str, weights: np.ndarray) -> Chem.Mol:
    """The parsed solute, checked to have one weight per atom."""
    mol = parse_smiles(solute)
    if mol.GetNumAtoms() != len(weights):
        raise ValueError(f"{len(weights)} weights for {mol.GetNumAtoms()} atoms of {solute}")
    return mol


def weights_table(solute: str, weights: np.ndarray) -> pd.DataFrame:
    """atom_index, element, weight: one row per solute heavy atom."""
    mol = _solute_mol(solute, weights)
    return pd.DataFrame(
        {
            "atom_index": range(mol.GetNumAtoms()),
            "element": [atom.GetSymbol() for atom in mol.GetAtoms()],
            "weight": weights,
        }
    )


def _drawer(suffix: str) -> rdMolDraw2D.MolDraw2D:
    """A PNG (Cairo) or SVG drawer, chosen by the output file's suffix."""
    if suffix == ".png":
        return rdMolDraw2D.MolDraw2DCairo(*DRAWING_SIZE)
    if suffix == ".svg":
        return rdMolDraw2D.MolDraw2DSVG(*DRAWING_SIZE)
    raise ValueError(f"drawing format {suffix or '(none)'!r} not supported: use .png or .svg")


def _heat_colour(fraction: float) -> tuple[float, float, float]:
    """White (0) to strong red (1), as RGB in 0..1."""
    return (1.0, 1.0 - 0.85 * fraction, 1.0 - 0.85 * fraction)


def _draw(drawer: rdMolDraw2D.MolDraw2D, solute_smiles: str, weights: np.ndarray) -> None:
    """Draw the solute with each atom highlighted by its weight and annotated with it, and finish."""
    mol = _solute_mol(solute_smiles, weights)
    largest = float(np.max(weights)) if len(weights) else 0.0
    colours = {}
    for atom, weight in zip(mol.GetAtoms(), weights):
        atom.SetProp("atomNote", f"{weight:.2f}")
        colours[atom.GetIdx()] = _heat_colour(float(weight) / largest if largest > 0 else 0.0)
    rdMolDraw2D.PrepareAndDrawMolecule(
        drawer, mol, highlightAtoms=list(colours), highlightAtomColors=colours, highlightBonds=[]
    )
    drawer.FinishDrawing()


def attention_svg(solute_smiles: str, weights: np.ndarray) -> str:
    """The drawing of `draw_solute_attention` as SVG text, for pages that embed it."""
    drawer = rdMolDraw2D.MolDraw2DSVG(*DRAWING_SIZE)
    _draw(drawer, solute_smiles, weights)
    return drawer.GetDrawingText()


def draw_solute_attention(solute_smiles: str, weights: np.ndarray, out_path: str | Path) -> None:
    """Draw the solute with each atom highlighted by its weight (white to red, relative to the largest) and
    annotated with it; PNG or SVG by the file suffix, written atomically.

    Atom highlights rather than SimilarityMaps contours: those need two atoms or more (methane is a solute).
    """
    out_path = Path(out_path)
    drawer = _drawer(out_path.suffix.lower())
    _draw(drawer, solute_smiles, weights)
    if isinstance(drawer, rdMolDraw2D.MolDraw2DCairo):
        with atomic_path(out_path) as tmp:
            tmp.write_bytes(drawer.GetDrawingText())
    else:
        write_text(drawer.GetDrawingText(), out_path)


def export_attention(
    module: OriginalUnits, solute: str, solvent: str, image_path: str | Path, csv_path: str | Path | None = None
) -> pd.DataFrame:
    """Draw the solute's per-atom weights for this pair to `image_path`, optionally write them as CSV; return the table."""
    weights, _ = pair_attention(module, solute, solvent)
    table = weights_table(solute, weights)
    draw_solute_attention(solute, weights, image_path)
    if csv_path is not None:
        write_text(table.to_csv(index=False), csv_path)
    return table
