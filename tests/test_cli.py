"""The command line: parsing existing outputs, clear errors instead of tracebacks."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

from conftest import QM_FIXTURES as FIXTURES
from conftest import REPO


def molpair(*args: str, cwd: Path = REPO) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "molpair.cli", *args], capture_output=True, text=True, cwd=cwd, timeout=120)


@pytest.mark.skipif(not (FIXTURES / "orca").is_dir(), reason="QM fixtures not found (set MOLPAIR_QM_FIXTURES)")
def write_config(tmp_path: Path, datasets: str) -> Path:
    """A config file with these `datasets` (YAML flow mapping) and results under tmp_path."""
    config = tmp_path / "c.yaml"
    config.write_text(f"datasets: {datasets}\nresults_dir: {tmp_path / 'results'}\n")
    return config


def test_qm_parse_prints_the_record():
    result = molpair("qm", "parse", "--engine", "orca", str(FIXTURES / "orca" / "orca4.2.1_xtb2_opt_numfreq_smd_water.out"))
    assert result.returncode == 0, result.stderr
    record = json.loads(result.stdout)
    assert record["status"] == "ok" and record["energy"] == pytest.approx(-5.073602096)
    assert record["gap"] == pytest.approx(2.1272 + 12.3106)


def test_unknown_dataset_is_a_message_not_a_traceback(tmp_path):
    config = write_config(tmp_path, "{freesolv: {}}")
    result = molpair("split", "--config", str(config), "--dataset", "mnsol")
    assert result.returncode == 2
    assert "dataset 'mnsol' is not in the config" in result.stderr and "Traceback" not in result.stderr


def test_missing_input_is_a_message(tmp_path):
    config = write_config(tmp_path, "{freesolv: {}}")
    result = molpair("collect", "--config", str(config), "--dataset", "freesolv")
    assert result.returncode == 2 and "Traceback" not in result.stderr
    result = molpair("search", "--config", str(config), "--dataset", "freesolv", "--model", "cigin")
    assert result.returncode == 2 and "Traceback" not in result.stderr
    assert "missing input" in result.stderr and "splits.parquet: run the stage that writes it first" in result.stderr


def test_incomplete_dataset_entry_is_a_message_naming_the_key(tmp_path):
    config = write_config(tmp_path, "{lab: {file: lab.csv, solute: s, solvent: v, unit: nm}}")
    result = molpair("ingest", "--config", str(config), "--dataset", "lab")
    assert result.returncode == 2
    assert "datasets.lab.target: missing" in result.stderr and "Traceback" not in result.stderr
