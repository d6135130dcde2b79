"""The demo workflow through a real Slurm cluster (snakemake-executor-plugin-slurm), and a failing job
failing the run. Needs a cluster: `bash scripts/local-slurm.sh start` gives a one-node one on localhost;
skipped when `sinfo` gets no answer."""

from __future__ import annotations

import importlib.util
import re
import shutil
import subprocess
from functools import cache
from pathlib import Path

import pandas as pd
import pytest
import yaml

from conftest import data_dir, demo_config, run_snakemake

pytestmark = [pytest.mark.slurm, pytest.mark.workflow]

SUBMITTED = re.compile(r"Job \d+ has been submitted with SLURM jobid (\d+) \(log: (\S+)\)")


@cache
def no_cluster() -> str | None:
    """Why the Slurm tests cannot run here, or None when a cluster answers."""
    if importlib.util.find_spec("snakemake_executor_plugin_slurm") is None:
        return "snakemake-executor-plugin-slurm is not installed (pip install snakemake-executor-plugin-slurm)"
    if shutil.which("sinfo") is None or shutil.which("sbatch") is None:
        return "no Slurm clients (sinfo, sbatch); start a local cluster: bash scripts/local-slurm.sh start"
    try:
        sinfo = subprocess.run(["sinfo", "-h", "-o", "%a %D"], capture_output=True, text=True, timeout=30)
    except subprocess.TimeoutExpired:
        return "sinfo timed out; start a local cluster: bash scripts/local-slurm.sh start"
    if sinfo.returncode != 0 or "up" not in sinfo.stdout:
        problem = (sinfo.stderr.strip() or sinfo.stdout.strip() or "no partition up").splitlines()[-1]
        return f"no Slurm cluster answers (sinfo: {problem}); start one: bash scripts/local-slurm.sh start"
    return None


@pytest.fixture(autouse=True)
def _needs_cluster():
    if reason := no_cluster():
        pytest.skip(reason)


def snakemake(workdir: Path, configfile: Path, *extra: str):
    """Snakemake with the Slurm profile; the jobs inherit this environment (sbatch --export=ALL)."""
    return run_snakemake(workdir, configfile, "slurm", *extra)


def show(output: str, *patterns: str) -> None:
    """Print the lines of Snakemake's output that prove what happened (CI shows them: pytest -rP)."""
    for line in output.splitlines():
        if any(p in line for p in patterns):
            print(line.strip())


def slurm_states(run_output: str) -> dict[str, str]:
    """State of this run's Slurm jobs as squeue still shows them (finished jobs stay for MinJobAge)."""
    run_id = re.search(r"SLURM run ID: (\S+)", run_output)
    assert run_id, "no 'SLURM run ID' line: the Slurm executor did not run"
    squeue = subprocess.run(
        ["squeue", "-h", "-t", "all", "--name", run_id.group(1), "-o", "%i|%T"],
        capture_output=True, text=True, timeout=30,
    )
    return dict(line.split("|") for line in squeue.stdout.split())


@pytest.mark.skipif(data_dir() is None, reason="MOLPAIR_DATA_DIR is not set to the shared data folder")
def test_demo_workflow_through_slurm(tmp_path):
    configfile = demo_config(tmp_path)
    run = snakemake(tmp_path, configfile)
    output = run.stdout + run.stderr
    show(output, "SLURM run ID", "submitted with SLURM jobid", "steps (100%) done")
    assert run.returncode == 0, output[-6000:]

    results = tmp_path / "results"
    report = pd.read_csv(results / "report" / "rmse.csv")
    row = report.set_index(["dataset", "model"]).loc[("freesolv", "cigin")]
    assert row.runs == 5 and row.pairs == 24 and row.samples_ok + row.samples_failed == 48
    assert "freesolv" in (results / "report" / "rmse.md").read_text()
    assert (results / "logs" / "qm" / "freesolv" / "shard-0.log").stat().st_size > 0

    # Every rule's jobs went through sbatch, each with its Slurm log under .snakemake/slurm_logs.
    submitted = SUBMITTED.findall(output)
    rules = {re.search(r"slurm_logs/rule_(\w+)/", log).group(1) for _, log in submitted}
    expected = {"ingest", "split", "featurize", "monomers", "sample", "qm", "collect", "train", "design", "report"}
    assert rules == expected, output[-6000:]
    assert len({job_id for job_id, _ in submitted}) == len(submitted) >= 16
    assert all(Path(log).parent.is_relative_to(tmp_path / ".snakemake" / "slurm_logs") for _, log in submitted)
    # squeue (no accounting needed) still lists the finished jobs of this run: all completed.
    states = slurm_states(output)
    assert states and set(states) <= {job_id for job_id, _ in submitted}
    assert set(states.values()) == {"COMPLETED"}, states

    again = snakemake(tmp_path, configfile, "-n")
    assert again.returncode == 0 and "Nothing to be done" in again.stdout + again.stderr


def test_failing_slurm_job_fails_the_workflow(tmp_path):
    # The raw file exists at parse time (so the config passes validation), but its checksum is wrong:
    # the ingest job fails inside Slurm.
    raw = tmp_path / "empty.txt"
    raw.write_text("")
    config = {"results_dir": "results", "datasets": {"freesolv": {"file": str(raw), "sha256": "0" * 64}}}
    configfile = tmp_path / "broken.yaml"
    configfile.write_text(yaml.safe_dump(config))

    run = snakemake(tmp_path, configfile)
    output = run.stdout + run.stderr
    show(output, "submitted with SLURM jobid", "Error in rule", "SLURM-job", "log: results/logs", "checksum mismatch", "Exiting")
    print(f"snakemake exit code: {run.returncode}")
    assert run.returncode != 0, output[-6000:]
    assert "Error in rule ingest" in output
    assert "SLURM status is: 'FAILED'" in output
    # The rule's log and the Slurm job's log are named, and the rule's log is shown (show-failed-logs).
    assert "results/logs/ingest/freesolv.log" in output
    slurm_log = re.search(r"\S+/\.snakemake/slurm_logs/rule_ingest/freesolv/\d+\.log", output)
    assert slurm_log and Path(slurm_log.group(0)).is_file(), output[-6000:]
    assert "checksum mismatch" in output
    assert "checksum mismatch" in (tmp_path / "results" / "logs" / "ingest" / "freesolv.log").read_text()
    assert not (tmp_path / "results" / "freesolv" / "pairs.parquet").exists()
