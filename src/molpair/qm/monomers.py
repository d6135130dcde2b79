"""Isolated molecules: embed once and optimize once per engine setting, cached by content hash.

A molecule shared by many pairs or datasets is computed once: the cache file name is a hash of
(canonical SMILES, engine, method, settings hash), under results/molecules/{engine}-{method}/.
"""

from __future__ import annotations

import logging
from concurrent.futures import ProcessPoolExecutor
from pathlib import Path
from typing import Any

import pyarrow.parquet as pq

from molpair import io
from molpair.chem.geometry import atoms_of, embed_molecule, force_field_relax, spin_multiplicity
from molpair.chem.molecules import MoleculeError, formal_charge
from molpair.progress import progress
from molpair.qm import record
from molpair.qm.engines import Engine, Structure, get_engine

log = logging.getLogger("molpair")


def cache_dir(results_dir: str | Path, engine: Engine) -> Path:
    return Path(results_dir) / "molecules" / f"{engine.name}-{engine.method}"


def cache_key(smiles: str, engine: Engine) -> str:
    return record.content_hash([smiles, engine.name, engine.method, engine.settings_hash], 24)


def compute(smiles: str, engine: Engine, seed: int, time_limit_s: float) -> dict[str, Any]:
    """One monomer record: ETKDG geometry (seeded), pre-relaxed as the complexes are (qm.prerelax),
    optimized by the engine; failures are records too."""
    row: dict[str, Any] = {"cache_key": cache_key(smiles, engine), "smiles": smiles, "seed": seed}
    row.update(engine.provenance())
    try:
        row["charge"] = formal_charge(smiles)
        row["multiplicity"] = spin_multiplicity(smiles)
        mol = embed_molecule(smiles, seed)
    except MoleculeError as error:
        row.update(charge=row.get("charge", 0), multiplicity=row.get("multiplicity", 1))
        row.update(status=record.REJECTED, error=str(error))
        return row
    elements, coords = atoms_of(mol)
    if engine.settings.get("prerelax") == "mmff":
        coords, _ = force_field_relax([mol], coords)
    result = engine.optimize(Structure(elements, coords, row["charge"], row["multiplicity"]), time_limit_s)
    row.update(elements=elements, coords_init=coords.tolist(), **result.record_fields())
    return row


def _needs_computing(path: Path) -> bool:
    """Not cached yet, or cached as a transient failure (timeout, crash) that a rerun retries."""
    return not path.exists() or pq.read_table(path, columns=["status"]).column("status")[0].as_py() in record.TRANSIENT


def _compute_and_cache(args: tuple[str, dict, int, Path]) -> dict[str, Any]:
    smiles, qm_config, seed, path = args
    row = compute(smiles, get_engine(qm_config), seed, qm_config["time_limit_s"])
    io.write_parquet(record.table([row], record.MONOMER_SCHEMA), path)
    return row


def run(
    smiles_list: list[str],
    qm_config: dict[str, Any],
    seed: int,
    results_dir: str | Path,
    out_path: str | Path,
    workers: int = 1,
) -> dict[str, int]:
    """Compute the missing monomers of `smiles_list`, then write their table to `out_path`."""
    engine = get_engine(qm_config)
    directory = cache_dir(results_dir, engine)
    paths = {smiles: directory / f"{cache_key(smiles, engine)}.parquet" for smiles in sorted(set(smiles_list))}
    missing = [(s, qm_config, seed, p) for s, p in paths.items() if _needs_computing(p)]
    log.info("monomers: %d unique, %d cached, %d to compute", len(paths), len(paths) - len(missing), len(missing))
    if missing:
        with progress("monomers", len(missing)) as bar:
            if workers > 1:
                with ProcessPoolExecutor(max_workers=workers) as pool:
                    for _ in pool.map(_compute_and_cache, missing, chunksize=4):
                        bar.advance()
            else:
                for item in missing:
                    _compute_and_cache(item)
                    bar.advance()
    table = record.table(
        [row for path in paths.values() for row in pq.read_table(path).to_pylist()], record.MONOMER_SCHEMA
    )
    io.write_parquet(table, out_path)
    counts = record.status_counts(table.column("status").to_pylist())
    log.info("monomers: %s", ", ".join(f"{k} {v}" for k, v in counts.items()))
    return counts
