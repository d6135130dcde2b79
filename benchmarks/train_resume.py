"""Kill a training job after some epochs, rerun it, and compare with an uninterrupted run.

    python benchmarks/train_resume.py --config benchmarks/mnsol-cpu.yaml --dataset mnsol --model prl \
        --kill-after 15 --workdir /tmp/molpair-train-resume

Run from the directory the config's `results_dir` is relative to (as Snakemake and molpair read it).
Needs a config whose results already hold the dataset's pairs and splits (and, for the ensemble models,
its ensemble and monomers); they are linked into `--workdir`, which the runs write to. Prints the wall
times, the epoch the rerun resumed after, and the largest difference between the two runs' predictions.
"""

from __future__ import annotations

import argparse
import json
import os
import re
import shutil
import signal
import subprocess
import sys
import time
from pathlib import Path

import pandas as pd
import yaml

from molpair.layout import Layout


def prepare(workdir: Path, config: dict, dataset: str) -> Path:
    """A copy of `config` writing under `workdir`, with the dataset's inputs linked from the original."""
    source = Layout(config["results_dir"])
    shutil.rmtree(workdir, ignore_errors=True)
    target = Layout(workdir / "results")
    target.dataset(dataset).mkdir(parents=True)
    for path in (source.pairs(dataset), source.splits(dataset), source.ensemble(dataset), source.monomers(dataset)):
        if path.exists():
            (target.dataset(dataset) / path.name).symlink_to(path.resolve())
    configfile = workdir / "config.yaml"
    configfile.write_text(yaml.safe_dump({**config, "results_dir": str(workdir / "results")}))
    return configfile


def start(configfile: Path, args: argparse.Namespace, log: Path) -> subprocess.Popen:
    molpair = Path(sys.executable).parent / "molpair"
    command = [str(molpair), "train", "--config", str(configfile), "--dataset", args.dataset,
               "--model", args.model, "--fold", str(args.fold), "--threads", str(args.threads)]
    return subprocess.Popen(command, stdout=log.open("w"), stderr=subprocess.STDOUT, start_new_session=True)


def epochs_logged(log: Path) -> int:
    return len(re.findall(r"molpair\.train\.run: epoch \d+:", log.read_text()))


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--config", required=True)
    parser.add_argument("--dataset", required=True)
    parser.add_argument("--model", default="prl")
    parser.add_argument("--fold", type=int, default=0)
    parser.add_argument("--threads", type=int, default=1)
    parser.add_argument("--kill-after", type=int, default=5, help="epochs logged before the kill")
    parser.add_argument("--workdir", default="/tmp/molpair-train-resume")
    args = parser.parse_args()
    config = yaml.safe_load(Path(args.config).read_text())
    config["results_dir"] = str(Path(config.get("results_dir", "results")).resolve())  # as molpair reads it
    workdir = Path(args.workdir).resolve()
    configfile = prepare(workdir, config, args.dataset)
    run_dir = Layout(workdir / "results").run(args.dataset, args.model, args.fold, 0)

    t0 = time.perf_counter()
    assert start(configfile, args, workdir / "whole.log").wait() == 0, f"see {workdir}/whole.log"
    print(f"uninterrupted run: {time.perf_counter() - t0:.1f} s")
    whole_metrics = json.loads((run_dir / "metrics.json").read_text())
    whole = pd.read_parquet(run_dir / "predictions.parquet")
    shutil.rmtree(run_dir)

    t0 = time.perf_counter()
    job = start(configfile, args, workdir / "killed.log")
    while epochs_logged(workdir / "killed.log") < args.kill_after:
        if job.poll() is not None:
            sys.exit(f"the run ended before {args.kill_after} epochs; see {workdir}/killed.log")
        time.sleep(0.2)
    os.killpg(job.pid, signal.SIGKILL)
    job.wait()
    print(f"killed after {time.perf_counter() - t0:.1f} s, {epochs_logged(workdir / 'killed.log')} epochs logged")

    t0 = time.perf_counter()
    assert start(configfile, args, workdir / "rerun.log").wait() == 0, f"see {workdir}/rerun.log"
    print(f"rerun: {time.perf_counter() - t0:.1f} s")
    metrics = json.loads((run_dir / "metrics.json").read_text())
    resumed = pd.read_parquet(run_dir / "predictions.parquet")
    print(f"resumed after epoch {metrics['resumed_after_epoch']}; epochs {metrics['epochs_run']} "
          f"(uninterrupted {whole_metrics['epochs_run']}), best epoch {metrics['best_epoch']} "
          f"({whole_metrics['best_epoch']})")
    print(f"test RMSE {metrics['test_rmse']:.6f} (uninterrupted {whole_metrics['test_rmse']:.6f}); "
          f"largest |y_pred difference| {float((resumed['y_pred'] - whole['y_pred']).abs().max()):.3g}")


if __name__ == "__main__":
    main()
