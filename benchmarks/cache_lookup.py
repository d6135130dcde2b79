"""Sample-cache lookup at chromophore scale: the index against a scan of every cache file, in one run.

    python benchmarks/cache_lookup.py --files 900 --per-file 256

Writes `files` cache files of `per-file` synthetic samples (20 atoms each), then times one shard
job's lookup of 256 keys: by scanning every file's sample_key column (the lookup before the index),
and through index.parquet (first lookup, which builds it, then a hit and a miss).
"""

from __future__ import annotations

import argparse
import secrets
import tempfile
import time
from pathlib import Path

import pyarrow as pa
import pyarrow.compute as pc
import pyarrow.parquet as pq

from molpair.qm.shard import SampleCache


def scan(directory: Path, keys: set[str]) -> int:
    """Files holding any of `keys`, found by reading every file's key column."""
    wanted = pa.array(sorted(keys), pa.string())
    return sum(
        pc.any(pc.is_in(pq.read_table(path, columns=["sample_key"]).column("sample_key"), wanted)).as_py()
        for path in sorted(directory.glob("shard-*.parquet"))
    )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--files", type=int, default=900)
    parser.add_argument("--per-file", type=int, default=256)
    args = parser.parse_args()
    directory = Path(tempfile.mkdtemp(prefix="molpair-cache-"))
    cache = SampleCache(directory)
    keys = []
    for f in range(args.files):
        batch = [secrets.token_hex(12) for _ in range(args.per_file)]
        keys += batch
        cache.write([{"pair_id": "p", "sample_idx": i, "seed": 1, "status": "ok", "sample_key": k, "settings_hash": "h",
                      "engine": "tblite", "method": "GFN2-xTB", "elements": ["C"] * 20, "coords_init": [[0.0, 0.0, 0.0]] * 20,
                      "coords_opt": [[0.0, 0.0, 0.0]] * 20, "charges": [0.0] * 20, "charge": 0, "multiplicity": 1,
                      "n_steps": 30, "wall_s": 0.5} for i, k in enumerate(batch)], f"shard-{f:05d}.parquet")
    hit, miss = set(keys[-256:]), {secrets.token_hex(12) for _ in range(256)}
    print(f"{args.files} cache files of {args.per_file} samples in {directory}")
    t = time.perf_counter()
    scan(directory, hit)
    scan_s = time.perf_counter() - t
    print(f"  scan of every file:          {scan_s:.3f} s")
    for label, wanted in (("index, first (builds it)", hit), ("index, hit", hit), ("index, miss", miss)):
        t = time.perf_counter()
        cache.lookup(wanted)
        seconds = time.perf_counter() - t
        print(f"  {label + ':':28s} {seconds:.3f} s  ({scan_s / seconds:.1f}x the scan's speed)")


if __name__ == "__main__":
    main()
