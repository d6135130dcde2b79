"""Shared test fixtures: small configs and pairs tables built in tmp_path (no shared data copied)."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

# One thread per calculation, as the CLI does: results are then bitwise reproducible across processes.
os.environ["OMP_NUM_THREADS"] = "1"

from molpair import config as config_module

REPO = Path(__file__).resolve().parents[1]


def data_dir() -> Path | None:
    value = os.environ.get("MOLPAIR_DATA_DIR")
    return Path(value) if value and Path(value).is_dir() else None


@pytest.fixture
def small_config(tmp_path):
    """A validated config writing under tmp_path, cheap settings."""
    return config_module.validate(
        {
            "results_dir": str(tmp_path / "results"),
            "datasets": {"freesolv": {}},
            "geometry": {"k_samples": 2},
            "qm": {"samples_per_shard": 4, "max_steps": 100},
        }
    )
