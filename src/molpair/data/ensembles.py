"""What PRL learns from a pair's QM ensemble: a contact distribution and one outcome vector per sample.

Each optimized complex holds the solute's atoms (RDKit order of the SMILES, then the hydrogens that
AddHs appends) followed by the solvent's. Graph nodes are the SMILES atoms, so every hydrogen is
credited to the atom it is bonded to. Two nodes are in contact in a sample when any atom of one
(itself or its hydrogens) lies within the sum of van der Waals radii + CONTACT_MARGIN_A of any atom
of the other.

- `contacts`: the fraction of the pair's ok samples in which each solute node × solvent node pair is
  in contact, normalized to a distribution over the map (the attention map's target).
- `outcomes`: per ok sample, OUTCOME_NAMES: interaction energy, HOMO-LUMO gap shift (complex gap −
  the smaller monomer gap), and a contact profile (node contacts, fractions of solute and solvent
  nodes touching, shortest intermolecular distance).

Only rows whose atoms match the SMILES (element by element) are used; a pair with no usable sample
simply has no ensemble and trains with the ensemble terms masked.
"""

from __future__ import annotations

import logging
import warnings
from dataclasses import dataclass
from pathlib import Path

import numpy as np
import pandas as pd
from rdkit import Chem

from molpair.chem.geometry import radii
from molpair.chem.molecules import MoleculeError, parse_smiles

log = logging.getLogger(__name__)

CONTACT_MARGIN_A = 0.5
OUTCOME_NAMES = (
    "e_int", "gap_shift", "node_contacts", "solute_touching", "solvent_touching", "min_distance"
)
ENSEMBLE_COLUMNS = ["pair_id", "status", "elements", "n_solute_atoms", "coords_opt", "e_int", "gap"]


@dataclass
class PairEnsemble:
    """Training signal of one pair: contact distribution (solute nodes, solvent nodes) and outcomes (K, F)."""

    contacts: np.ndarray
    outcomes: np.ndarray


def _node_owner(smiles: str) -> tuple[list[str], np.ndarray]:
    """Elements of the molecule with explicit hydrogens, and the graph node each atom belongs to."""
    mol = parse_smiles(smiles)
    with_h = Chem.AddHs(mol)
    n_nodes = mol.GetNumAtoms()
    owner = np.arange(with_h.GetNumAtoms())
    for atom in with_h.GetAtoms():
        if atom.GetIdx() >= n_nodes:
            owner[atom.GetIdx()] = atom.GetNeighbors()[0].GetIdx()
    return [atom.GetSymbol() for atom in with_h.GetAtoms()], owner


def _node_contacts(
    coords: np.ndarray, n_solute: int, cutoffs: np.ndarray, solute_owner: np.ndarray, solvent_owner: np.ndarray
) -> tuple[np.ndarray, float]:
    """Boolean node contact map of one sample, and its shortest solute-solvent distance (Å)."""
    distances = np.linalg.norm(coords[:n_solute, None, :] - coords[None, n_solute:, :], axis=-1)
    atom_contacts = distances <= cutoffs
    nodes = np.zeros((solute_owner.max() + 1, solvent_owner.max() + 1), dtype=bool)
    rows, cols = np.nonzero(atom_contacts)
    nodes[solute_owner[rows], solvent_owner[cols]] = True
    return nodes, float(distances.min())


def pair_ensemble(
    samples: pd.DataFrame, solute_smiles: str, solvent_smiles: str, monomer_gaps: dict[str, float]
) -> PairEnsemble | None:
    """The ensemble signal of one pair from its ensemble rows; None when no ok sample matches the SMILES."""
    try:
        solute_elements, solute_owner = _node_owner(solute_smiles)
        solvent_elements, solvent_owner = _node_owner(solvent_smiles)
    except MoleculeError:
        return None
    elements = solute_elements + solvent_elements
    n_solute = len(solute_elements)
    element_radii = radii(elements)
    cutoffs = element_radii[:n_solute, None] + element_radii[None, n_solute:] + CONTACT_MARGIN_A
    smaller_gap = min(monomer_gaps.get(solute_smiles, np.nan), monomer_gaps.get(solvent_smiles, np.nan))

    maps, outcomes = [], []
    for row in samples.itertuples(index=False):
        if row.status != "ok" or list(row.elements) != elements or row.n_solute_atoms != n_solute:
            continue
        coords = np.array([list(xyz) for xyz in row.coords_opt], dtype=float)
        nodes, min_distance = _node_contacts(coords, n_solute, cutoffs, solute_owner, solvent_owner)
        maps.append(nodes)
        outcomes.append(
            [
                row.e_int,
                row.gap - smaller_gap if row.gap is not None else np.nan,
                nodes.sum(),
                nodes.any(axis=1).mean(),
                nodes.any(axis=0).mean(),
                min_distance,
            ]
        )
    if not maps:
        return None
    frequency = np.mean(maps, axis=0)
    total = frequency.sum()
    contacts = frequency / total if total > 0 else np.full(frequency.shape, 1.0 / frequency.size)
    return PairEnsemble(contacts=contacts.astype(np.float32), outcomes=np.array(outcomes, dtype=float))


def read_ensembles(
    ensemble_path: str | Path, pairs: pd.DataFrame, monomers_path: str | Path | None = None
) -> dict[str, PairEnsemble]:
    """PairEnsemble per pair_id of `pairs` (pair_id, solute_smiles, solvent_smiles) that has usable samples.

    Gap shifts need the monomers table (smiles, status, gap); without it they are NaN.
    """
    table = pd.read_parquet(ensemble_path, columns=ENSEMBLE_COLUMNS)
    monomer_gaps: dict[str, float] = {}
    if monomers_path is not None and Path(monomers_path).exists():
        monomers = pd.read_parquet(monomers_path, columns=["smiles", "status", "gap"])
        ok = monomers[monomers.status == "ok"]
        monomer_gaps = dict(zip(ok.smiles, ok.gap.astype(float)))
    smiles = pairs.set_index("pair_id")[["solute_smiles", "solvent_smiles"]]
    ensembles = {}
    for pair_id, samples in table[table.pair_id.isin(smiles.index)].groupby("pair_id", sort=False):
        solute, solvent = smiles.loc[pair_id]
        ensemble = pair_ensemble(samples, solute, solvent, monomer_gaps)
        if ensemble is not None:
            ensembles[pair_id] = ensemble
    log.info(
        "ensembles: %d of %d pairs have usable samples (%d samples)",
        len(ensembles), len(pairs), sum(len(e.outcomes) for e in ensembles.values()),
    )
    return ensembles


def outcome_scaler(ensembles: dict[str, PairEnsemble], pair_ids) -> tuple[np.ndarray, np.ndarray]:
    """Per-feature mean and std of the outcomes of `pair_ids` (the training pairs), NaNs ignored."""
    rows = [ensembles[p].outcomes for p in pair_ids if p in ensembles]
    if not rows:
        return np.zeros(len(OUTCOME_NAMES)), np.ones(len(OUTCOME_NAMES))
    stacked = np.vstack(rows)
    with warnings.catch_warnings():  # an outcome unknown for every pair (gap shifts without monomers)
        warnings.simplefilter("ignore", RuntimeWarning)
        mean, std = np.nanmean(stacked, axis=0), np.nanstd(stacked, axis=0)
    mean = np.where(np.isfinite(mean), mean, 0.0)
    std = np.where(np.isfinite(std) & (std > 0), std, 1.0)
    return mean, std
