"""A fault run: the demo with an impossible per-sample time limit, then a rerun with a normal one.

    python benchmarks/faults.py --config config/demo.yaml --time-limit 0.3 --workdir /tmp/molpair-faults

Prints the statuses after the first run (timeouts are rows; every shard completes), then what the
rerun with the config's own limit computed (only the timed-out samples) and the final statuses.
"""

from __future__ import annotations

import argparse
import re
import time
from pathlib import Path

import pyarrow.parquet as pq
import yaml

from resume import prepare, start


def statuses(workdir: Path, dataset: str) -> dict[str, int]:
    table = pq.read_table(workdir / "results" / dataset / "ensemble.parquet", columns=["status"]).to_pandas()
    return table.status.value_counts().to_dict()


def computed(workdir: Path, dataset: str) -> tuple[int, int]:
    """(reused from the cache, computed) summed over the QM job logs of the last run."""
    reused = todo = 0
    for log in (workdir / "results" / "logs" / "qm" / dataset).glob("*.log"):
        match = re.search(r"(\d+) already done \(cached\), (\d+) to compute", log.read_text())
        reused, todo = reused + int(match.group(1)), todo + int(match.group(2))
    return reused, todo


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--config", default=str(Path(__file__).resolve().parents[1] / "config/demo.yaml"))
    parser.add_argument("--time-limit", type=float, default=0.3, help="seconds per sample in the first run")
    parser.add_argument("--workdir", default="/tmp/molpair-faults")
    args = parser.parse_args()
    config = yaml.safe_load(Path(args.config).read_text())
    dataset = next(iter(config["datasets"]))
    workdir = Path(args.workdir)

    limited = {**config, "qm": {**config.get("qm", {}), "time_limit_s": args.time_limit}}
    configfile = prepare(workdir, limited)
    t0 = time.perf_counter()
    assert start(workdir, configfile).wait() == 0, f"see {workdir}/snakemake.log"
    print(f"run with time_limit_s={args.time_limit}: {time.perf_counter() - t0:.1f} s, statuses {statuses(workdir, dataset)}")

    normal = {**config, "results_dir": "results"}
    configfile.write_text(yaml.safe_dump(normal))
    t0 = time.perf_counter()
    assert start(workdir, configfile).wait() == 0, f"see {workdir}/snakemake.log"
    reused, todo = computed(workdir, dataset)
    print(f"rerun with the config's limit: {time.perf_counter() - t0:.1f} s; QM jobs reused {reused} cached samples "
          f"and computed {todo}; statuses {statuses(workdir, dataset)}")


if __name__ == "__main__":
    main()
