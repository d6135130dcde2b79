"""Per-engine cost and agreement on the same FreeSolv samples (same start geometries for every engine).

    MOLPAIR_DATA_DIR=../shared/data python benchmarks/engines.py --samples 50 \
        --engines tblite:GFN2-xTB xtb:GFN2-xTB mopac:PM7

For each engine: median and p95 seconds per sample, samples by status; for each pair of engines:
Pearson and Spearman correlation and mean absolute difference of e_int over samples ok in both.
"""

from __future__ import annotations

import argparse
import itertools
import os
import tempfile
import time
from pathlib import Path

# One thread for the engine and for NumPy's BLAS (the optimizers' linear algebra), as factory jobs run
# (molpair.threads.thread_variables); set before NumPy loads.
for _variable in ("OMP_NUM_THREADS", "OPENBLAS_NUM_THREADS", "MKL_NUM_THREADS"):
    os.environ.setdefault(_variable, "1")

import numpy as np  # noqa: E402
import pandas as pd  # noqa: E402
import pyarrow.parquet as pq  # noqa: E402

from molpair import config as config_module  # noqa: E402
from molpair.data.ingest import ingest  # noqa: E402
from molpair.layout import Layout  # noqa: E402
from molpair.qm import monomers, sampling, shard  # noqa: E402
from molpair.qm.engines import get_engine  # noqa: E402


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--samples", type=int, default=50)
    parser.add_argument("--k", type=int, default=2, help="samples per pair")
    parser.add_argument("--engines", nargs="+", default=["tblite:GFN2-xTB", "xtb:GFN2-xTB", "mopac:PM7"])
    args = parser.parse_args()

    work = Path(tempfile.mkdtemp(prefix="molpair-engines-"))
    n_pairs = -(-args.samples // args.k)
    cfg = config_module.validate(
        {"results_dir": str(work), "datasets": {"freesolv": {"max_pairs": n_pairs}}, "geometry": {"k_samples": args.k}}
    )
    ingest("freesolv", cfg["datasets"]["freesolv"], work, seed=0)
    pairs = pq.read_table(Layout(work).pairs("freesolv")).to_pylist()
    samples = [sampling.build_sample(p, k, cfg["geometry"], cfg["qm"]["prerelax"]) for p in pairs for k in range(args.k)][: args.samples]
    smiles = sorted({s for p in pairs for s in (p["solute_smiles"], p["solvent_smiles"])})
    print(f"{len(samples)} samples of {len(pairs)} FreeSolv pairs, {len(smiles)} molecules; work dir {work}")

    e_int = {}
    for spec in args.engines:
        engine_name, method = spec.split(":")
        qm = config_module.validate({"datasets": {"freesolv": {}}, "qm": {"engine": engine_name, "method": method}})["qm"]
        engine = get_engine(qm)
        monomer_path = work / f"monomers-{engine_name}.parquet"
        start = time.perf_counter()
        monomers.run(smiles, qm, cfg["geometry"]["seed"], work, monomer_path)
        monomer_s = time.perf_counter() - start
        energies = shard.monomer_energies(monomer_path, engine)
        rows = [shard.compute_sample(s, engine, energies, qm["time_limit_s"]) for s in samples]
        frame = pd.DataFrame(rows)
        ran = frame[frame.status != "rejected"]
        counts = ", ".join(f"{k} {v}" for k, v in frame.status.value_counts().items())
        print(f"{spec:18s} {engine.version:>10s}  median {ran.wall_s.median():.3f} s/sample, "
              f"p95 {np.percentile(ran.wall_s, 95):.3f} s; {counts}; monomers {monomer_s:.1f} s")
        e_int[spec] = frame.set_index(["pair_id", "sample_idx"]).e_int.where(frame.set_index(["pair_id", "sample_idx"]).status == "ok")

    for a, b in itertools.combinations(e_int, 2):
        both = pd.concat([e_int[a], e_int[b]], axis=1, keys=[a, b]).dropna()
        if len(both) < 3:
            print(f"{a} vs {b}: fewer than 3 samples ok in both")
            continue
        pearson = both[a].corr(both[b])
        spearman = both[a].corr(both[b], method="spearman")
        mad = (both[a] - both[b]).abs().mean()
        print(f"e_int {a} vs {b}: n={len(both)}, Pearson r={pearson:.3f}, Spearman rho={spearman:.3f}, "
              f"mean |diff| {mad:.2f} kcal/mol")


if __name__ == "__main__":
    main()
