"""Kill the workflow midway through its QM stage, rerun it, and compare with an uninterrupted run.

    python benchmarks/resume.py --config config/demo.yaml --workdir /tmp/molpair-resume

Prints which shards were finished at the kill (and whether the rerun left them untouched), how many
samples of the unfinished shards were already flushed and reused, and whether the final ensemble
equals the uninterrupted one (all columns but wall_s).
"""

from __future__ import annotations

import argparse
import os
import shutil
import signal
import subprocess
import sys
import time
from pathlib import Path

import pyarrow.parquet as pq
import yaml

REPO = Path(__file__).resolve().parents[1]


def start(workdir: Path, configfile: Path, *extra: str) -> subprocess.Popen:
    env = dict(os.environ, PATH=f"{Path(sys.executable).parent}{os.pathsep}{os.environ['PATH']}")
    command = [sys.executable, "-m", "snakemake", "-s", str(REPO / "Snakefile"), "--directory", str(workdir),
               "--workflow-profile", str(REPO / "workflow/profiles/default"), *extra, "--configfile", str(configfile)]
    log = open(workdir / "snakemake.log", "a")
    return subprocess.Popen(command, env=env, stdout=log, stderr=subprocess.STDOUT, start_new_session=True)


def prepare(workdir: Path, config: dict) -> Path:
    shutil.rmtree(workdir, ignore_errors=True)
    workdir.mkdir(parents=True)
    configfile = workdir / "config.yaml"
    configfile.write_text(yaml.safe_dump({**config, "results_dir": "results"}))
    return configfile


def ensemble_rows(workdir: Path, dataset: str) -> list[dict]:
    table = pq.read_table(workdir / "results" / dataset / "ensemble.parquet").drop_columns(["wall_s"])
    return sorted(table.to_pylist(), key=lambda r: (r["pair_id"], r["sample_idx"]))


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--config", default=str(REPO / "config/demo.yaml"))
    parser.add_argument("--workdir", default="/tmp/molpair-resume")
    args = parser.parse_args()
    config = yaml.safe_load(Path(args.config).read_text())
    dataset = next(iter(config["datasets"]))
    root = Path(args.workdir)

    reference = root / "reference"
    t0 = time.perf_counter()
    assert start(reference, prepare(reference, config)).wait() == 0, f"see {reference}/snakemake.log"
    print(f"uninterrupted run: {time.perf_counter() - t0:.1f} s")

    interrupted = root / "interrupted"
    configfile = prepare(interrupted, config)
    shards = interrupted / "results" / dataset / "ensemble"
    cache = interrupted / "results" / "cache"
    proc = start(interrupted, configfile)
    while not list(shards.glob("shard-*.parquet")) or not list(cache.glob("*/*.part-*.parquet")):
        if proc.poll() is not None:
            sys.exit("the run finished before it could be interrupted; use a config with more samples per shard")
        time.sleep(0.1)
    os.killpg(proc.pid, signal.SIGKILL)
    proc.wait()
    finished = {p.name: p.stat().st_mtime_ns for p in shards.glob("shard-*.parquet")}
    flushed = sorted(p.name for p in cache.glob("*/*.part-*.parquet"))
    print(f"killed (SIGKILL to the whole process group) with shards finished: {sorted(finished)}; "
          f"flushed parts of unfinished shards: {flushed}")

    # A hard kill leaves Snakemake's lock behind; a user clears it the same way.
    assert start(interrupted, configfile, "--unlock").wait() == 0, f"see {interrupted}/snakemake.log"
    t0 = time.perf_counter()
    assert start(interrupted, configfile).wait() == 0, f"see {interrupted}/snakemake.log"
    print(f"rerun after the kill: {time.perf_counter() - t0:.1f} s")
    untouched = all((shards / name).stat().st_mtime_ns == stamp for name, stamp in finished.items())
    print(f"finished shards left untouched by the rerun: {untouched}")
    for log in sorted((interrupted / "results" / "logs" / "qm" / dataset).glob("*.log")):
        lines = [line.split(": ", 2)[-1] for line in log.read_text().splitlines() if "already done" in line]
        print(f"  last QM job of {log.stem}: {lines[-1]}")
    same = ensemble_rows(interrupted, dataset) == ensemble_rows(reference, dataset)
    print(f"final ensemble equals the uninterrupted run's (all columns but wall_s): {same}")
    sys.exit(0 if same and untouched else 1)


if __name__ == "__main__":
    main()
