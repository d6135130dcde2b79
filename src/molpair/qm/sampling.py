"""Random initial complexes: K samples per pair, each with its own conformers and rigid placement.

Every sample is seeded from (pair_id, sample index, base seed), so a rerun, on any machine and in
any shard layout, reproduces the same start geometry.
"""

from __future__ import annotations

import hashlib
import logging
from pathlib import Path
from typing import Any

import numpy as np
import pyarrow.parquet as pq

from molpair import io
from molpair.chem.geometry import (
    atoms_of,
    embed_molecule,
    force_field_relax,
    place_in_contact,
    radii,
    random_direction,
    random_rotation,
    spin_multiplicity,
)
from molpair.chem.molecules import MoleculeError, atom_count
from molpair.layout import balanced_shards, shard_count
from molpair.qm import record

log = logging.getLogger("molpair")


def sample_seed(pair_id: str, sample_idx: int, base_seed: int) -> int:
    digest = hashlib.sha256(f"{pair_id}:{sample_idx}:{base_seed}".encode()).digest()
    return int.from_bytes(digest[:8], "little") >> 1


def build_sample(pair: dict[str, Any], sample_idx: int, geometry: dict[str, Any], prerelax: str) -> dict[str, Any]:
    """One start geometry: solute and solvent conformers, solvent rotated and slid into contact, then
    (prerelax "mmff") the complex relaxed with a force field (`geometry.force_field_relax`)."""
    seed = sample_seed(pair["pair_id"], sample_idx, geometry["seed"])
    row = {
        "pair_id": pair["pair_id"],
        "sample_idx": sample_idx,
        "seed": seed,
        "solute_smiles": pair["solute_smiles"],
        "solvent_smiles": pair["solvent_smiles"],
        "charge": int(pair["solute_charge"]) + int(pair["solvent_charge"]),
        "multiplicity": 1,
        "status": record.PENDING,
    }
    rng = np.random.default_rng(seed)
    try:
        unpaired = spin_multiplicity(pair["solute_smiles"]) + spin_multiplicity(pair["solvent_smiles"]) - 2
        row["multiplicity"] = unpaired + 1
        molecules = [embed_molecule(pair[key], int(rng.integers(2**31 - 1))) for key in ("solute_smiles", "solvent_smiles")]
    except MoleculeError as error:
        row.update(status=record.REJECTED, error=str(error))
        return row
    (solute_el, solute), (solvent_el, solvent) = (atoms_of(mol) for mol in molecules)
    solute = solute - solute.mean(axis=0)
    solvent = (solvent - solvent.mean(axis=0)) @ random_rotation(rng).T
    placed = place_in_contact(
        solute, radii(solute_el), solvent, radii(solvent_el), random_direction(rng), geometry["contact_scale"]
    )
    coords = np.vstack([solute, placed])
    if prerelax == "mmff":
        coords, force_field = force_field_relax(molecules, coords)
        if force_field == "none":
            log.warning("%s sample %d: neither MMFF94 nor UFF has parameters; not pre-relaxed", pair["pair_id"], sample_idx)
    row.update(n_solute_atoms=len(solute_el), elements=solute_el + solvent_el, coords_init=coords.tolist())
    return row


# Seconds per sample grow about as (atoms with hydrogens)^COST_EXPONENT: fitted 1.6-2.1 on FreeSolv
# and MNSol, 2.7-3.1 on chromophores (LBFGS and ModelBFGS after MMFF, benchmarks/optimizers.py); the
# large ones make the tail.
COST_EXPONENT = 3.0


def expected_cost(pair: dict[str, Any]) -> float:
    """Relative cost of one sample of the pair (its atoms with hydrogens ^ COST_EXPONENT; 0 where a SMILES
    does not parse)."""
    try:
        atoms = atom_count(pair["solute_smiles"]) + atom_count(pair["solvent_smiles"])
    except MoleculeError:
        return 0.0
    return float(atoms) ** COST_EXPONENT


def write_shard(
    pairs_path: str | Path,
    shard: int,
    out_path: str | Path,
    geometry: dict[str, Any],
    samples_per_shard: int,
    prerelax: str,
    rows: list[int] | None = None,
) -> int:
    """Write the start geometries of one shard's pairs (all K samples of each); return the sample count.

    `rows` are the pairs-table rows that get an ensemble (`layout.ensemble_rows`; None: all). Shards
    hold pairs of near-equal expected cost (`expected_cost`), not equal counts.
    """
    pairs = pq.read_table(pairs_path, columns=["pair_id", "solute_smiles", "solvent_smiles", "solute_charge", "solvent_charge"])
    if rows is not None:
        pairs = pairs.take(rows)
    k = geometry["k_samples"]
    n_shards = shard_count(pairs.num_rows, k, samples_per_shard)
    if not 0 <= shard < n_shards:
        raise ValueError(f"shard {shard} out of range: {pairs.num_rows} pairs make {n_shards} shards")
    all_pairs = pairs.to_pylist()
    chunk = [all_pairs[i] for i in balanced_shards([expected_cost(pair) for pair in all_pairs], n_shards)[shard]]
    samples = [build_sample(pair, idx, geometry, prerelax) for pair in chunk for idx in range(k)]
    io.write_parquet(record.table(samples, record.SAMPLE_SCHEMA), out_path)
    rejected = sum(sample["status"] == record.REJECTED for sample in samples)
    log.info("shard %d: %d pairs, %d samples (%d rejected at embedding)", shard, len(chunk), len(samples), rejected)
    return len(samples)
