"""Run one shard of samples through the engine, with a content-addressed cache of finished samples.

A sample's identity is a hash of (start geometry, charge, multiplicity, engine, method, settings).
Finished samples are flushed every few samples into the cache directory of their settings
(each file written atomically). A rerun, after a kill, with another shard layout, or with a longer
time limit, reuses every cached final result and computes only what is missing or failed
transiently (timeout, crashed). The shard file appears only when every sample of it is a row.
"""

from __future__ import annotations

import logging
import time
from pathlib import Path
from typing import Any

import numpy as np
import pyarrow as pa
import pyarrow.compute as pc
import pyarrow.parquet as pq

from molpair import io
from molpair.progress import progress
from molpair.qm import record
from molpair.qm.engines import Engine, Structure, get_engine

log = logging.getLogger("molpair")


def sample_key(sample: dict[str, Any], engine: Engine) -> str:
    """Content hash of what determines a sample's result."""
    coords = None if sample["coords_init"] is None else np.round(np.asarray(sample["coords_init"]), 6).tolist()
    identity = {
        "elements": sample["elements"],
        "coords": coords,
        "charge": sample["charge"],
        "multiplicity": sample["multiplicity"],
        "engine": engine.name,
        "method": engine.method,
        "settings_hash": engine.settings_hash,
        "error": sample["error"] if sample["status"] == record.REJECTED else None,
    }
    return record.content_hash(identity, 24)


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
    row.update(engine.provenance(), sample_key=sample_key(sample, engine))
    if sample["status"] == record.REJECTED:
        row.update(status=record.REJECTED, error=sample["error"], n_steps=0, wall_s=0.0)
        return row
    structure = Structure(sample["elements"], np.asarray(sample["coords_init"]), sample["charge"], sample["multiplicity"])
    result = engine.optimize(structure, time_limit_s)
    e_solute, e_solvent = monomers.get(sample["solute_smiles"]), monomers.get(sample["solvent_smiles"])
    e_int = None
    if result.energy is not None and e_solute is not None and e_solvent is not None:
        e_int = (result.energy - e_solute - e_solvent) * record.HARTREE_TO_KCAL
    fields = result.record_fields()
    e_complex = fields.pop("energy")
    row.update(fields, e_complex=e_complex, e_solute=e_solute, e_solvent=e_solvent, e_int=e_int)
    return row


INDEX_NAME = "index.parquet"
INDEX_SCHEMA = pa.schema([("sample_key", pa.string()), ("file", pa.string()), ("size", pa.int64()), ("mtime_ns", pa.int64())])


class SampleCache:
    """Finished samples of one engine setting, as Parquet files in one directory, looked up by sample_key.

    `index.parquet` maps keys to the files that hold them, each file with its size and mtime, so a
    lookup reads one index and only the files holding wanted keys instead of every file. Files the
    index does not describe as they are now (new, rewritten, or lost to two jobs updating the index
    at once) are scanned and added, so the index is only ever a shortcut, never the truth.
    """

    def __init__(self, directory: str | Path):
        self.directory = Path(directory)
        self.directory.mkdir(parents=True, exist_ok=True)

    def _files(self) -> dict[str, tuple[int, int]]:
        """Cache file name → (size, mtime_ns)."""
        files = {}
        for path in self.directory.glob("*.parquet"):
            if path.name != INDEX_NAME:
                stat = path.stat()
                files[path.name] = (stat.st_size, stat.st_mtime_ns)
        return files

    def _index(self) -> pa.Table:
        """Index rows of the files that are still as they were indexed; others are (re)scanned and added."""
        files = self._files()
        path = self.directory / INDEX_NAME
        index = pq.read_table(path, schema=INDEX_SCHEMA) if path.exists() else INDEX_SCHEMA.empty_table()
        described = {(f, size, mtime) for f, size, mtime in zip(*(index.column(c).to_pylist() for c in ("file", "size", "mtime_ns")))}
        current = {name for name, (size, mtime) in files.items() if (name, size, mtime) in described}
        index = index.filter(pc.is_in(index.column("file"), pa.array(sorted(current), pa.string())))
        stale = sorted(set(files) - current)
        if not stale:
            return index
        added = []
        for name in stale:
            try:
                keys = pq.read_table(self.directory / name, columns=["sample_key"]).column("sample_key").to_pylist()
            except FileNotFoundError:  # a part another job just consolidated
                continue
            size, mtime = files[name]
            added.append(pa.table({"sample_key": keys, "file": [name] * len(keys), "size": [size] * len(keys), "mtime_ns": [mtime] * len(keys)}, schema=INDEX_SCHEMA))
        index = pa.concat_tables([index, *added])
        io.write_parquet(index, path)
        return index

    def lookup(self, keys: set[str]) -> dict[str, dict[str, Any]]:
        """Cached final rows for `keys` (transient failures are not reused)."""
        found: dict[str, dict[str, Any]] = {}
        wanted = pa.array(sorted(keys), pa.string())
        index = self._index()
        holders = set(index.filter(pc.is_in(index.column("sample_key"), wanted)).column("file").to_pylist())
        for name in sorted(holders):
            try:
                table = pq.read_table(self.directory / name, schema=record.ENSEMBLE_SCHEMA)
            except FileNotFoundError:  # consolidated meanwhile: its samples are computed again, not lost
                continue
            table = table.filter(pc.is_in(table.column("sample_key"), wanted))
            for row in table.to_pylist():
                if row["status"] not in record.TRANSIENT:
                    found[row["sample_key"]] = row
        return found

    def write(self, rows: list[dict[str, Any]], name: str) -> None:
        io.write_parquet(record.table(rows, record.ENSEMBLE_SCHEMA), self.directory / name)

    def replace_parts(self, rows: list[dict[str, Any]], tag: str) -> None:
        """Consolidate a finished shard's parts into one cache file.

        A file of that name may hold another sharding's samples (a cache copied from another run, or
        a changed shard size): those rows are kept beside this shard's, never overwritten."""
        path = self.directory / f"{tag}.parquet"
        if path.exists():
            earlier = pq.read_table(path, schema=record.ENSEMBLE_SCHEMA)
            ours = pa.array(sorted({row["sample_key"] for row in rows}), pa.string())
            rows = earlier.filter(pc.invert(pc.is_in(earlier.column("sample_key"), ours))).to_pylist() + rows
        self.write(rows, f"{tag}.parquet")
        for part in self.directory.glob(f"{tag}.part-*.parquet"):
            part.unlink()


def run(
    samples_path: str | Path,
    monomers_path: str | Path,
    out_path: str | Path,
    qm_config: dict[str, Any],
    cache_dir: str | Path,
    tag: str,
    flush_every: int = 8,
    flush_seconds: float = 60.0,
) -> dict[str, int]:
    """Compute every sample of the shard that the cache lacks; then write the shard file.

    `tag` names this shard's files in the cache (e.g. "freesolv-shard-3").
    """
    engine = get_engine(qm_config)
    monomers = monomer_energies(monomers_path, engine)
    samples = pq.read_table(samples_path).to_pylist()
    keys = [sample_key(sample, engine) for sample in samples]
    cache = SampleCache(cache_dir)
    cached = cache.lookup(set(keys))
    todo = [sample for sample, key in zip(samples, keys) if key not in cached]
    log.info("%s: %d samples, %d already done (cached), %d to compute", out_path, len(samples), len(samples) - len(todo), len(todo))

    computed: dict[str, dict[str, Any]] = {}
    buffer: list[dict[str, Any]] = []
    n_parts = len(list(cache.directory.glob(f"{tag}.part-*.parquet")))
    last_flush = time.perf_counter()

    def flush():
        nonlocal n_parts, last_flush, buffer
        if buffer:
            cache.write(buffer, f"{tag}.part-{n_parts:05d}.parquet")
            n_parts += 1
            buffer = []
        last_flush = time.perf_counter()

    with progress(f"qm {Path(out_path).name}", len(todo)) as bar:
        for sample in todo:
            row = compute_sample(sample, engine, monomers, qm_config["time_limit_s"])
            computed[row["sample_key"]] = row
            buffer.append(row)
            bar.advance()
            if len(buffer) >= flush_every or time.perf_counter() - last_flush > flush_seconds:
                flush()
    flush()

    rows = []
    for sample, key in zip(samples, keys):
        row = dict(computed.get(key) or cached[key])
        # Identical start geometries may belong to other pairs (shared cache): keep this sample's identity.
        row.update(pair_id=sample["pair_id"], sample_idx=sample["sample_idx"], seed=sample["seed"])
        rows.append(row)
    io.write_parquet(record.table(rows, record.ENSEMBLE_SCHEMA), out_path)
    cache.replace_parts(rows, tag)
    counts = record.status_counts([row["status"] for row in rows])
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
    summary = {
        "samples": ensemble.num_rows,
        "pairs": len(set(ensemble.column("pair_id").to_pylist())),
        "by_status": record.status_counts(ensemble.column("status").to_pylist()),
        "settings_hash": next(iter(hashes), None),
    }
    log.info("ensemble %s: %d samples of %d pairs, %s", out_path, summary["samples"], summary["pairs"], summary["by_status"])
    return summary
