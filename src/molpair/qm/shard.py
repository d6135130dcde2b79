"""Run one shard of samples through the engine, with resumable progress.

Finished samples are flushed to `<shard>.parts/` every few samples (each part written atomically);
a rerun after a kill reads them back and computes only what is missing. The shard file itself
appears only when every sample of the shard is a row.
"""

from __future__ import annotations

import logging
import shutil
import time
from pathlib import Path
from typing import Any

import numpy as np
import pyarrow as pa
import pyarrow.parquet as pq

from molpair import io
from molpair.qm import record
from molpair.qm.engines import Engine, Structure, get_engine
from molpair.progress import progress

log = logging.getLogger("molpair")


def parts_dir(out_path: str | Path) -> Path:
    out_path = Path(out_path)
    return out_path.with_name(out_path.name + ".parts")


def monomer_energies(monomers_path: str | Path, engine: Engine) -> dict[str, float | None]:
    """SMILES → optimized monomer energy (Eh), None where the monomer failed; same settings only."""
    table = pq.read_table(monomers_path, columns=["smiles", "status", "energy", "settings_hash"]).to_pylist()
    foreign = {row["settings_hash"] for row in table} - {engine.settings_hash}
    if foreign:
        raise ValueError(
            f"{monomers_path} holds monomers computed with other settings ({', '.join(sorted(foreign))}); "
            f"this run uses {engine.settings_hash}"
        )
    return {row["smiles"]: row["energy"] if row["status"] == record.OK else None for row in table}


def compute_sample(sample: dict[str, Any], engine: Engine, monomers: dict[str, float | None], time_limit_s: float) -> dict[str, Any]:
    """One ensemble row from one start geometry; e_int in kcal/mol where all three energies exist."""
    row = {key: sample[key] for key in ("pair_id", "sample_idx", "seed", "charge", "multiplicity", "n_solute_atoms", "elements", "coords_init")}
    row.update(engine.provenance())
    if sample["status"] == record.REJECTED:
        row.update(status=record.REJECTED, error=sample["error"], n_steps=0, wall_s=0.0)
        return row
    structure = Structure(sample["elements"], np.asarray(sample["coords_init"]), sample["charge"], sample["multiplicity"])
    result = engine.optimize(structure, time_limit_s)
    e_solute, e_solvent = monomers.get(sample["solute_smiles"]), monomers.get(sample["solvent_smiles"])
    e_int = None
    if result.energy is not None and e_solute is not None and e_solvent is not None:
        e_int = (result.energy - e_solute - e_solvent) * record.HARTREE_TO_KCAL
    row.update(
        status=result.status,
        error=result.error,
        coords_opt=None if result.coords is None else result.coords.tolist(),
        e_complex=result.energy,
        e_solute=e_solute,
        e_solvent=e_solvent,
        e_int=e_int,
        homo=result.homo,
        lumo=result.lumo,
        gap=result.gap,
        dipole=result.dipole,
        charges=result.charges,
        n_steps=result.n_steps,
        wall_s=result.wall_s,
    )
    return row


def _finished(parts: Path, settings_hash: str) -> list[pa.Table]:
    tables = []
    for path in sorted(parts.glob("part-*.parquet")):
        table = pq.read_table(path, schema=record.ENSEMBLE_SCHEMA)
        if set(table.column("settings_hash").to_pylist()) == {settings_hash}:
            tables.append(table)
        else:
            log.warning("ignoring %s: computed with other settings", path)
    return tables


def run(
    samples_path: str | Path,
    monomers_path: str | Path,
    out_path: str | Path,
    qm_config: dict[str, Any],
    flush_every: int = 8,
    flush_seconds: float = 60.0,
) -> dict[str, int]:
    """Compute every sample of the shard not yet in its parts; then write the shard file."""
    engine = get_engine(qm_config)
    monomers = monomer_energies(monomers_path, engine)
    samples = pq.read_table(samples_path).to_pylist()
    parts = parts_dir(out_path)
    parts.mkdir(parents=True, exist_ok=True)
    done_tables = _finished(parts, engine.settings_hash)
    done = {(r["pair_id"], r["sample_idx"]) for t in done_tables for r in t.select(["pair_id", "sample_idx"]).to_pylist()}
    todo = [s for s in samples if (s["pair_id"], s["sample_idx"]) not in done]
    log.info("%s: %d samples, %d already done, %d to compute", out_path, len(samples), len(done), len(todo))

    buffer: list[dict[str, Any]] = []
    next_part = len(list(parts.glob("part-*.parquet")))
    last_flush = time.perf_counter()

    def flush():
        nonlocal next_part, last_flush, buffer
        if buffer:
            table = record.table(buffer, record.ENSEMBLE_SCHEMA)
            io.write_parquet(table, parts / f"part-{next_part:05d}.parquet")
            done_tables.append(table)
            next_part += 1
            buffer = []
        last_flush = time.perf_counter()

    with progress(f"qm {Path(out_path).name}", len(todo)) as bar:
        for sample in todo:
            buffer.append(compute_sample(sample, engine, monomers, qm_config["time_limit_s"]))
            bar.advance()
            if len(buffer) >= flush_every or time.perf_counter() - last_flush > flush_seconds:
                flush()
    flush()

    order = {(s["pair_id"], s["sample_idx"]): i for i, s in enumerate(samples)}
    rows = sorted(
        (row for table in done_tables for row in table.to_pylist()), key=lambda r: order[(r["pair_id"], r["sample_idx"])]
    )
    io.write_parquet(record.table(rows, record.ENSEMBLE_SCHEMA), out_path)
    shutil.rmtree(parts)
    statuses = [row["status"] for row in rows]
    counts = {status: statuses.count(status) for status in sorted(set(statuses))}
    log.info("%s: %s", out_path, ", ".join(f"{k} {v}" for k, v in counts.items()))
    return counts


def collect(shard_paths: list[str | Path], out_path: str | Path) -> dict[str, Any]:
    """Concatenate shards into one ensemble; refuses to mix results from different settings."""
    tables = [pq.read_table(path, schema=record.ENSEMBLE_SCHEMA) for path in shard_paths]
    ensemble = pa.concat_tables(tables) if tables else record.table([], record.ENSEMBLE_SCHEMA)
    hashes = set(ensemble.column("settings_hash").to_pylist())
    if len(hashes) > 1:
        raise ValueError(f"shards hold results of different settings ({', '.join(sorted(hashes))}); refusing to mix them")
    io.write_parquet(ensemble, out_path)
    statuses = ensemble.column("status").to_pylist()
    summary = {
        "samples": ensemble.num_rows,
        "pairs": len(set(ensemble.column("pair_id").to_pylist())),
        "by_status": {status: statuses.count(status) for status in sorted(set(statuses))},
        "settings_hash": next(iter(hashes), None),
    }
    log.info("ensemble %s: %d samples of %d pairs, %s", out_path, summary["samples"], summary["pairs"], summary["by_status"])
    return summary
