"""The result record of one calculation (an ensemble row, a monomer row) and its Parquet schemas."""

from __future__ import annotations

import hashlib
import json
from collections import Counter
from typing import Any

import pyarrow as pa

HARTREE_TO_KCAL = 627.509474

OK = "ok"
NOT_CONVERGED = "not_converged"
SCF_FAILED = "scf_failed"
CRASHED = "crashed"
TIMEOUT = "timeout"
REJECTED = "rejected"
PENDING = "pending"
STATUSES = (OK, NOT_CONVERGED, SCF_FAILED, CRASHED, TIMEOUT, REJECTED)
# Outcomes a rerun computes again (the machine's fault, or a limit the user may raise); others are final.
TRANSIENT = (TIMEOUT, CRASHED)

_coords = pa.list_(pa.list_(pa.float64(), 3))

# Fields every engine result carries (energies in Eh, orbital energies in eV, dipole in Debye).
ENGINE_FIELDS = [
    pa.field("status", pa.string(), nullable=False),
    pa.field("error", pa.string()),
    pa.field("engine", pa.string(), nullable=False),
    pa.field("engine_version", pa.string()),
    pa.field("method", pa.string(), nullable=False),
    pa.field("settings_hash", pa.string(), nullable=False),
    pa.field("energy", pa.float64()),
    pa.field("homo", pa.float64()),
    pa.field("lumo", pa.float64()),
    pa.field("gap", pa.float64()),
    pa.field("dipole", pa.float64()),
    pa.field("charges", pa.list_(pa.float64())),
    pa.field("coords_opt", _coords),
    pa.field("n_steps", pa.int32()),
    pa.field("wall_s", pa.float64()),
]

SAMPLE_SCHEMA = pa.schema(
    [
        pa.field("pair_id", pa.string(), nullable=False),
        pa.field("sample_idx", pa.int32(), nullable=False),
        pa.field("seed", pa.int64(), nullable=False),
        pa.field("solute_smiles", pa.string(), nullable=False),
        pa.field("solvent_smiles", pa.string(), nullable=False),
        pa.field("charge", pa.int32(), nullable=False),
        pa.field("multiplicity", pa.int32(), nullable=False),
        pa.field("n_solute_atoms", pa.int32()),
        pa.field("elements", pa.list_(pa.string())),
        pa.field("coords_init", _coords),
        pa.field("status", pa.string(), nullable=False),
        pa.field("error", pa.string()),
    ]
)

ENSEMBLE_SCHEMA = pa.schema(
    [
        pa.field("pair_id", pa.string(), nullable=False),
        pa.field("sample_idx", pa.int32(), nullable=False),
        pa.field("seed", pa.int64(), nullable=False),
        pa.field("status", pa.string(), nullable=False),
        pa.field("error", pa.string()),
        pa.field("engine", pa.string(), nullable=False),
        pa.field("engine_version", pa.string()),
        pa.field("method", pa.string(), nullable=False),
        pa.field("settings_hash", pa.string(), nullable=False),
        pa.field("sample_key", pa.string()),
        pa.field("charge", pa.int32(), nullable=False),
        pa.field("multiplicity", pa.int32(), nullable=False),
        pa.field("n_solute_atoms", pa.int32()),
        pa.field("elements", pa.list_(pa.string())),
        pa.field("coords_init", _coords),
        pa.field("coords_opt", _coords),
        pa.field("e_complex", pa.float64()),
        pa.field("e_solute", pa.float64()),
        pa.field("e_solvent", pa.float64()),
        pa.field("e_int", pa.float64()),
        pa.field("homo", pa.float64()),
        pa.field("lumo", pa.float64()),
        pa.field("gap", pa.float64()),
        pa.field("dipole", pa.float64()),
        pa.field("charges", pa.list_(pa.float64())),
        pa.field("n_steps", pa.int32()),
        pa.field("wall_s", pa.float64()),
    ],
    metadata={
        b"units": b"e_complex, e_solute, e_solvent: Eh; e_int: kcal/mol; homo, lumo, gap: eV; "
        b"dipole: Debye; coords: Angstrom; wall_s: seconds",
    },
)

MONOMER_SCHEMA = pa.schema(
    [
        pa.field("cache_key", pa.string(), nullable=False),
        pa.field("smiles", pa.string(), nullable=False),
        pa.field("charge", pa.int32(), nullable=False),
        pa.field("multiplicity", pa.int32(), nullable=False),
        pa.field("seed", pa.int64(), nullable=False),
        pa.field("elements", pa.list_(pa.string())),
        pa.field("coords_init", _coords),
        *ENGINE_FIELDS,
    ]
)


def content_hash(value: Any, length: int) -> str:
    """Short sha256 of a JSON-serializable value (keys sorted), equal across runs and machines."""
    return hashlib.sha256(json.dumps(value, sort_keys=True).encode()).hexdigest()[:length]


def settings_hash(settings: dict[str, Any]) -> str:
    """Short content hash of the settings that change a result (not threads or shard sizes)."""
    return content_hash(settings, 12)


def status_counts(statuses: list[str]) -> dict[str, int]:
    """Number of rows per status, statuses sorted by name."""
    return dict(sorted(Counter(statuses).items()))


def table(rows: list[dict[str, Any]], schema: pa.Schema) -> pa.Table:
    """Rows → table with exactly `schema` (missing optional fields become null)."""
    return pa.Table.from_pylist([{f.name: row.get(f.name) for f in schema} for row in rows], schema=schema)
