"""Cross-validation folds: k folds of a seeded shuffle, each held-out fold halved into validation and test.

With 5 folds every fold is about 80% train, 10% validation, 10% test; every pair is held out in exactly
one fold, as validation or as test, and trains in all others (the protocol of the CGIB line of work).
"""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pyarrow as pa
import pyarrow.compute as pc
import pyarrow.parquet as pq

from molpair.io import write_parquet

ROLES = ("train", "val", "test")
SPLITS_SCHEMA = pa.schema([("pair_id", pa.string()), ("fold", pa.int32()), ("role", pa.string())])


def assign_roles(n_pairs: int, n_folds: int = 5, seed: int = 0) -> np.ndarray:
    """Role index (0 train, 1 val, 2 test) of each pair in each fold, shape (n_folds, n_pairs)."""
    if n_folds < 2:
        raise ValueError(f"n_folds must be at least 2, got {n_folds}")
    if n_pairs < 2 * n_folds:
        raise ValueError(f"{n_pairs} pairs cannot fill {n_folds} folds with a validation and a test pair each")
    order = np.random.default_rng(seed).permutation(n_pairs)
    roles = np.zeros((n_folds, n_pairs), dtype=np.int8)
    for fold, held_out in enumerate(np.array_split(order, n_folds)):
        half = len(held_out) // 2
        roles[fold, held_out[:half]] = 1
        roles[fold, held_out[half:]] = 2
    return roles


def make_splits(pairs_path: str | Path, out_path: str | Path, n_folds: int = 5, seed: int = 0) -> None:
    """Write the folds of the pairs in `pairs_path` as long-format parquet (pair_id, fold, role)."""
    ids = pq.read_table(pairs_path, columns=["pair_id"]).column("pair_id").to_pylist()
    if len(set(ids)) != len(ids):
        raise ValueError(f"{pairs_path} repeats pair ids; ingest merges duplicates, so rerun ingest")
    roles = assign_roles(len(ids), n_folds, seed)
    table = pa.table(
        {
            "pair_id": ids * n_folds,
            "fold": np.repeat(np.arange(n_folds, dtype=np.int32), len(ids)),
            "role": np.asarray(ROLES)[roles.ravel()],
        },
        schema=SPLITS_SCHEMA,
    )
    write_parquet(table, out_path)


def load_split(splits_path: str | Path, fold: int) -> dict[str, list[str]]:
    """Pair ids of each role ('train', 'val', 'test') in one fold, in pairs-file order."""
    table = pq.read_table(splits_path, schema=SPLITS_SCHEMA)
    rows = table.filter(pc.equal(table["fold"], fold))
    if rows.num_rows == 0:
        folds = sorted(set(table["fold"].to_pylist()))
        raise ValueError(f"fold {fold} not in {splits_path}; it has folds {folds}")
    ids, roles = rows["pair_id"].to_pylist(), rows["role"].to_pylist()
    return {role: [i for i, r in zip(ids, roles) if r == role] for role in ROLES}
