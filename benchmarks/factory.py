"""Factory figures of a finished run: samples by status, seconds per sample, engine share, stage times.

    python benchmarks/factory.py --config config/config.yaml [--dataset freesolv]

Reads results only (ensemble.parquet and the per-job Snakemake benchmark files); computes nothing.
"""

from __future__ import annotations

import argparse
import csv
from pathlib import Path

import numpy as np
import pyarrow.parquet as pq

from molpair import config as config_module
from molpair.layout import Layout


STAGES = ("ingest", "split", "monomers", "sample", "qm", "collect", "train", "report")


def job_times(files: list[Path]) -> list[tuple[float, float]]:
    """(start, end) epoch seconds of each job, from Snakemake benchmark files (end = file mtime)."""
    spans = []
    for path in files:
        with open(path) as handle:
            seconds = float(next(csv.DictReader(handle, delimiter="\t"))["s"])
        end = path.stat().st_mtime
        spans.append((end - seconds, end))
    return spans


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--config", default="config/config.yaml")
    parser.add_argument("--dataset", default=None)
    args = parser.parse_args()
    cfg = config_module.load(args.config)
    layout = Layout(cfg["results_dir"])
    benchmarks = layout.root / "benchmarks"
    for dataset in [args.dataset] if args.dataset else list(cfg["datasets"]):
        table = pq.read_table(layout.ensemble(dataset), columns=["pair_id", "status", "wall_s", "n_steps"]).to_pandas()
        print(f"== {dataset}: {len(table)} samples of {table.pair_id.nunique()} pairs")
        for status, n in table.status.value_counts().items():
            print(f"  {status:14s} {n}")
        ran = table[table.status != "rejected"]
        print(f"  seconds per sample: median {ran.wall_s.median():.3f}, p95 {np.percentile(ran.wall_s, 95):.3f}, "
              f"mean {ran.wall_s.mean():.3f}; optimizer steps median {ran.n_steps.median():.0f}")
        qm_spans = job_times(list((benchmarks / "qm" / dataset).rglob("*.tsv")))
        if qm_spans:
            job_seconds = sum(end - start for start, end in qm_spans)
            wall = max(e for _, e in qm_spans) - min(s for s, _ in qm_spans)
            print(f"  qm stage: {len(qm_spans)} jobs, {job_seconds:.0f} job-seconds, {wall:.0f} s wall; "
                  f"engine time {table.wall_s.sum():.0f} s = {100 * table.wall_s.sum() / job_seconds:.1f}% of job time")
        print("  stage wall times (first job start to last job end):")
        for stage in STAGES:
            directory = benchmarks / stage
            files = list(directory.glob(f"{dataset}.tsv")) + list((directory / dataset).rglob("*.tsv"))
            spans = job_times(files if stage != "report" else list(directory.glob("*.tsv")))
            if spans:
                wall = max(e for _, e in spans) - min(s for s, _ in spans)
                print(f"    {stage:9s} {len(spans):4d} jobs  {wall:8.1f} s")


if __name__ == "__main__":
    main()
