"""Solute-solvent pairs as one PyG data object, so the standard DataLoader batches them.

Follows PyG's "pairs of graphs" recipe: each molecule keeps its own node set (`x_solute`,
`x_solvent`), and `__inc__` shifts each edge_index by its own molecule's node count.
Batch with `pair_loader` (follow_batch gives `x_solute_batch` / `x_solvent_batch`).
"""

from __future__ import annotations

import logging
import pickle
from pathlib import Path

import pandas as pd
import torch
from torch.utils.data import Dataset
from torch_geometric.data import Data
from torch_geometric.loader import DataLoader

from molpair.chem.featurize import MolArrays, mol_arrays
from molpair.chem.molecules import MoleculeError
from molpair.data.ensembles import OUTCOME_NAMES, PairEnsemble
from molpair.io import atomic_path

log = logging.getLogger(__name__)

FOLLOW_BATCH = ["x_solute", "x_solvent", "outcomes"]


def graph_of(arrays: MolArrays) -> Data:
    """A molecule's arrays (`featurize.mol_arrays`) as a PyG graph, sharing their memory."""
    return Data(x=torch.from_numpy(arrays.x), edge_index=torch.from_numpy(arrays.edge_index),
                edge_attr=torch.from_numpy(arrays.edge_attr))


def mol_graph(smiles: str) -> Data:
    """The PyG graph of one molecule (x, edge_index, edge_attr); raises MoleculeError as `mol_arrays` does."""
    return graph_of(mol_arrays(smiles))


class PairData(Data):
    """One (solute, solvent) pair: two graphs, a target `y` of shape (1,) and its `pair_id`."""

    def __inc__(self, key, value, *args, **kwargs):
        if key == "edge_index_solute":
            return self.x_solute.size(0)
        if key == "edge_index_solvent":
            return self.x_solvent.size(0)
        return super().__inc__(key, value, *args, **kwargs)


def make_pair(solute: Data, solvent: Data, y: float, pair_id: str) -> PairData:
    """Combine two molecule graphs (from `mol_graph`) into one PairData."""
    return PairData(
        x_solute=solute.x,
        edge_index_solute=solute.edge_index,
        edge_attr_solute=solute.edge_attr,
        x_solvent=solvent.x,
        edge_index_solvent=solvent.edge_index,
        edge_attr_solvent=solvent.edge_attr,
        y=torch.tensor([y], dtype=torch.float),
        pair_id=pair_id,
        num_nodes=solute.num_nodes + solvent.num_nodes,
    )


def attach_ensemble(item: PairData, ensemble: PairEnsemble | None, mean, std) -> None:
    """Add the ensemble fields every pair of an ensemble-trained batch carries (empty without an ensemble).

    has_ensemble: (1,) bool; outcomes: (samples, len(OUTCOME_NAMES)) standardized with the training
    pairs' mean and std, unknown values 0. An ensemble whose contact map does not match the graphs'
    atoms is not this pair's and is left out.
    """
    shape = (item.x_solute.size(0), item.x_solvent.size(0))
    if ensemble is None or ensemble.contacts.shape != shape:
        item.has_ensemble = torch.tensor([False])
        item.outcomes = torch.zeros(0, len(OUTCOME_NAMES))
        return
    item.has_ensemble = torch.tensor([True])
    scaled = (ensemble.outcomes - mean) / std
    item.outcomes = torch.from_numpy(scaled).float().nan_to_num(0.0)


class PairGraphDataset(Dataset):
    """Pair graphs of a pairs table (pair_id, solute_smiles, solvent_smiles, target).

    Each unique SMILES is featurized once. Pairs whose SMILES fail are left out and listed in
    `skipped` (pair_id → reason), so one bad molecule never stops a run. With `graph_file` (the
    dataset's `write_graph_file` output) the graphs are read from it instead, when it holds every pair
    with the same SMILES and target; a stale or unreadable file is featurized around, with a warning.
    """

    def __init__(self, pairs: pd.DataFrame, graph_file: str | Path | None = None):
        cached = _read_graph_file(graph_file, pairs) if graph_file is not None else None
        if cached is not None:
            self.items, self.skipped = cached
            return
        graphs: dict[str, Data | None] = {}
        errors: dict[str, str] = {}
        for smiles in pd.unique(pd.concat([pairs["solute_smiles"], pairs["solvent_smiles"]])):
            try:
                graphs[smiles] = mol_graph(smiles)
            except MoleculeError as error:
                graphs[smiles] = None
                errors[smiles] = str(error)
        self.items: list[PairData] = []
        self.skipped: dict[str, str] = {}
        for row in pairs.itertuples(index=False):
            solute, solvent = graphs[row.solute_smiles], graphs[row.solvent_smiles]
            if solute is None or solvent is None:
                bad = row.solute_smiles if solute is None else row.solvent_smiles
                self.skipped[row.pair_id] = errors[bad]
                continue
            self.items.append(make_pair(solute, solvent, float(row.target), row.pair_id))
        if self.skipped:
            log.warning("skipped %d of %d pairs that failed to featurize", len(self.skipped), len(pairs))

    def __len__(self) -> int:
        return len(self.items)

    def __getitem__(self, index: int) -> PairData:
        return self.items[index]

    @property
    def targets(self) -> torch.Tensor:
        """All targets, shape (n,)."""
        return torch.cat([item.y for item in self.items]) if self.items else torch.zeros(0)


def pair_loader(dataset, batch_size: int, shuffle: bool = False, **kwargs) -> DataLoader:
    """A PyG DataLoader over pairs that records which pair each solute and solvent atom belongs to."""
    return DataLoader(dataset, batch_size=batch_size, shuffle=shuffle, follow_batch=FOLLOW_BATCH, **kwargs)


_KEY_COLUMNS = ["pair_id", "solute_smiles", "solvent_smiles", "target"]


def write_graph_file(pairs_path: str | Path, out_path: str | Path) -> dict:
    """Featurize every pair of a pairs table once, into the file every training job of the dataset reads
    (instead of featurizing again per fold, model and repeat). Returns counts for the log."""
    pairs = pd.read_parquet(pairs_path, columns=_KEY_COLUMNS)
    dataset = PairGraphDataset(pairs)
    content = {"pairs": pairs.to_dict(orient="list"), "items": dataset.items, "skipped": dataset.skipped}
    with atomic_path(out_path) as temporary:
        torch.save(content, temporary)
    return {"pairs": len(pairs), "featurized": len(dataset.items), "skipped": len(dataset.skipped)}


def _read_graph_file(path: str | Path, pairs: pd.DataFrame) -> tuple[list[PairData], dict[str, str]] | None:
    """The items and skips of `pairs` from a graph file, in the order of `pairs`; None if it is missing,
    unreadable or does not describe these pairs exactly."""
    path = Path(path)
    if not path.exists():
        return None
    try:
        # Our own file of PyG Data objects, which torch's weights_only loader does not know.
        content = torch.load(path, map_location="cpu", weights_only=False)
        known = pd.DataFrame(content["pairs"]).set_index("pair_id")
    except (OSError, RuntimeError, EOFError, KeyError, pickle.UnpicklingError) as error:
        log.warning("cannot read the graph file %s (%s); featurizing instead", path, error)
        return None
    wanted = pairs[_KEY_COLUMNS].set_index("pair_id")
    if not wanted.index.isin(known.index).all() or not known.loc[wanted.index].equals(wanted):
        log.warning("the graph file %s does not match these pairs (stale); featurizing instead", path)
        return None
    by_id = {item.pair_id: item for item in content["items"]}
    items = [by_id[pair_id] for pair_id in wanted.index if pair_id in by_id]
    skipped = {pair_id: content["skipped"][pair_id] for pair_id in wanted.index if pair_id in content["skipped"]}
    return items, skipped
