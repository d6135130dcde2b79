"""The pretraining set: unlabeled pairs made of the datasets' own solutes and solvents.

Candidates are every combination of the unique solutes of `pretrain.solutes_from` with the unique
solvents of `pretrain.solvents_from`, less every pair that a dataset of the config labels, so no
pretraining pair is a validation or test pair of any fold. A seeded shuffle orders the candidates and
the first `pretrain.pairs` are kept in that order: a larger count only adds pairs, and the factory's
sample cache keeps what was computed for the smaller one.
"""

from __future__ import annotations

import random

import numpy as np
import pandas as pd
import pyarrow as pa

from molpair.chem.molecules import pair_id, parse_smiles
from molpair.config import pretrain_sources_error
from molpair.data.ingest import PAIRS_SCHEMA
from molpair.io import write_json, write_parquet
from molpair.layout import PRETRAIN_SET, Layout


def _molecules(tables: list[pd.DataFrame], role: str) -> dict[str, int]:
    """Canonical SMILES → formal charge of every `role` molecule of the tables, sorted by SMILES."""
    frame = pd.concat([table[[f"{role}_smiles", f"{role}_charge"]] for table in tables])
    frame = frame.drop_duplicates(f"{role}_smiles").sort_values(f"{role}_smiles")
    return dict(zip(frame[f"{role}_smiles"], frame[f"{role}_charge"].astype(int)))


def choose_pairs(labeled: dict[str, pd.DataFrame], pretrain: dict) -> tuple[pd.DataFrame, dict]:
    """The pretraining pairs (PAIRS_SCHEMA columns, target NaN) and a summary of how they were chosen.

    `labeled` maps each dataset of the config to its pairs table; `pretrain` is the config section.
    """
    solute_sets = pretrain["solutes_from"] or list(labeled)
    solvent_sets = pretrain["solvents_from"] or list(labeled)
    solutes = _molecules([labeled[name] for name in solute_sets], "solute")
    solvents = _molecules([labeled[name] for name in solvent_sets], "solvent")
    heavy = {smiles: parse_smiles(smiles).GetNumAtoms() for smiles in {*solutes, *solvents}}
    taken = {pid for table in labeled.values() for pid in table["pair_id"]}
    limit = pretrain["max_heavy_atoms"]
    candidates = [
        (solute, solvent)
        for solute in solutes
        for solvent in solvents
        if pair_id(solute, solvent) not in taken and (limit is None or heavy[solute] + heavy[solvent] <= limit)
    ]
    random.Random(pretrain["seed"]).shuffle(candidates)
    chosen = candidates[: pretrain["pairs"]]
    pairs = pd.DataFrame(
        {
            "pair_id": [pair_id(solute, solvent) for solute, solvent in chosen],
            "solute_smiles": [solute for solute, _ in chosen],
            "solvent_smiles": [solvent for _, solvent in chosen],
            "solute_charge": [solutes[solute] for solute, _ in chosen],
            "solvent_charge": [solvents[solvent] for _, solvent in chosen],
            "target": np.nan,
            "target_std": np.nan,
            "n_merged": 0,
        }
    )
    summary = {
        "pairs": len(pairs),
        "pairs_requested": pretrain["pairs"],
        "candidates": len(candidates),
        "solutes": len(solutes),
        "solvents": len(solvents),
        "solutes_from": solute_sets,
        "solvents_from": solvent_sets,
        "labeled_pairs_excluded": len(taken),
        "max_heavy_atoms": limit,
        "seed": pretrain["seed"],
    }
    return pairs, summary


def write_pretrain_pairs(config: dict) -> dict:
    """Write the pretraining set's pairs.parquet and pretrain.json from the datasets' pairs tables."""
    if problem := pretrain_sources_error(config):
        raise ValueError(problem)
    layout = Layout(config["results_dir"])
    labeled = {name: pd.read_parquet(layout.pairs(name)) for name in config["datasets"]}
    pairs, summary = choose_pairs(labeled, config["pretrain"])
    if pairs.empty:
        raise ValueError(
            "pretrain: no candidate pair is left (every solute-solvent combination is labeled or too large)"
        )
    write_parquet(pa.Table.from_pandas(pairs, schema=PAIRS_SCHEMA, preserve_index=False), layout.pairs(PRETRAIN_SET))
    write_json(summary, layout.pretrain_summary())
    return summary
