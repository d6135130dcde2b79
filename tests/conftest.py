"""Shared test fixtures: small configs and pairs tables built in tmp_path (no shared data copied)."""

from __future__ import annotations

import os
from pathlib import Path

import numpy as np
import pytest

# One thread per calculation, as the CLI does: results are then bitwise reproducible across processes.
os.environ["OMP_NUM_THREADS"] = "1"

from molpair import config as config_module
from molpair.chem.geometry import embed
from molpair.qm.engines import Structure

REPO = Path(__file__).resolve().parents[1]
QM_FIXTURES = Path(os.environ.get("MOLPAIR_QM_FIXTURES") or REPO.parent / "shared" / "qm-fixtures")

# Small structures the engine tests optimize (Å).
WATER = Structure(["O", "H", "H"], np.array([[0.0, 0.0, 0.12], [0.0, 0.76, -0.47], [0.0, -0.76, -0.47]]))
DISTORTED_WATER = Structure(["O", "H", "H"], np.array([[0.0, 0.0, 0.3], [0.0, 1.1, -0.6], [0.1, -0.7, -0.4]]))
# Too large for a program to finish before a loaded machine schedules the process waiting for it (time-limit tests).
DECANE = Structure(*embed("CCCCCCCCCC", 0))
ACETATE = Structure(
    ["C", "C", "O", "O", "H", "H", "H"],
    np.array([[0.0, 0.0, 0.0], [1.52, 0.0, 0.0], [2.13, 1.08, 0.0], [2.13, -1.08, 0.0],
              [-0.39, 1.02, 0.0], [-0.39, -0.51, 0.883], [-0.39, -0.51, -0.883]]),
    charge=-1,
)
METHYL = Structure(
    ["C", "H", "H", "H"], np.array([[0.0, 0.0, 0.0], [1.08, 0.0, 0.0], [-0.54, 0.935, 0.0], [-0.54, -0.935, 0.1]]),
    multiplicity=2,
)


def skip_without_fixtures(folder: Path):
    """Skip unless the QM output fixtures are at `folder` (read from ../shared, never copied here)."""
    return pytest.mark.skipif(not folder.is_dir(), reason=f"QM fixtures not found at {folder} (set MOLPAIR_QM_FIXTURES)")


def skip_without_program(program: str, package: str):
    """Skip unless `program` is on PATH."""
    import shutil

    return pytest.mark.skipif(shutil.which(program) is None, reason=f"{program} not on PATH: apt-get install {package}")


def qm_config(**qm) -> dict:
    """A validated `qm` config section with the given keys set."""
    return config_module.validate({"datasets": {"freesolv": {}}, "qm": qm})["qm"]


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


def run_snakemake(workdir: Path, configfile: Path, profile: str, *extra: str, timeout: int = 1500):
    """Snakemake on this repo's Snakefile in `workdir`, with a workflow profile; jobs find `molpair` on PATH."""
    import subprocess
    import sys

    env = dict(os.environ, PATH=f"{Path(sys.executable).parent}{os.pathsep}{os.environ['PATH']}")
    command = [
        sys.executable, "-m", "snakemake", "-s", str(REPO / "Snakefile"), "--directory", str(workdir),
        "--workflow-profile", str(REPO / "workflow" / "profiles" / profile),
        *extra, "--configfile", str(configfile),  # last: --configfile takes several values
    ]
    return subprocess.run(command, capture_output=True, text=True, env=env, timeout=timeout)


def demo_config(tmp_path: Path, **changes) -> Path:
    """config/demo.yaml written into tmp_path (results under it), with top-level keys replaced."""
    import yaml

    demo = yaml.safe_load((REPO / "config" / "demo.yaml").read_text())
    demo.update(results_dir="results", **changes)
    path = tmp_path / "demo.yaml"
    path.write_text(yaml.safe_dump(demo))
    return path


def alkanol_rows() -> list[tuple[str, str, float]]:
    """40 alkanes/alcohols in water/ethanol with a learnable target: the solute's carbon count."""
    return [
        (solute, solvent, float(n))
        for n in range(1, 11)
        for solute in ("C" * n, "C" * n + "O")
        for solvent in ("O", "CCO")
    ]


def write_pair_set(root: Path, rows: list[tuple[str, str, float]], roles: list[str], seed: int = 0, keep_last: int = 0) -> None:
    """pairs.parquet and a one-fold splits.parquet: rows shuffled (but the last `keep_last`), then given `roles` in order."""
    import random

    import pandas as pd
    import pyarrow as pa
    import pyarrow.parquet as pq

    from molpair.chem.molecules import pair_id
    from molpair.data.ingest import PAIRS_SCHEMA
    from molpair.data.splits import SPLITS_SCHEMA

    pairs = pd.DataFrame(
        {
            "pair_id": [pair_id(a, b) for a, b, _ in rows],
            "solute_smiles": [a for a, _, _ in rows],
            "solvent_smiles": [b for _, b, _ in rows],
            "solute_charge": 0,
            "solvent_charge": 0,
            "target": [t for _, _, t in rows],
            "target_std": 0.0,
            "n_merged": 1,
        }
    )
    pq.write_table(pa.Table.from_pandas(pairs, schema=PAIRS_SCHEMA, preserve_index=False), root / "pairs.parquet")
    ids = list(pairs["pair_id"])
    head, tail = ids[: len(ids) - keep_last], ids[len(ids) - keep_last :]
    random.Random(seed).shuffle(head)
    ids = head + tail
    splits = pd.DataFrame({"pair_id": ids, "fold": 0, "role": roles})
    pq.write_table(pa.Table.from_pandas(splits, schema=SPLITS_SCHEMA, preserve_index=False), root / "splits.parquet")



def write_embedded_ensemble(root: Path, every: int = 1, samples: int = 2) -> None:
    """ensemble.parquet beside root/pairs.parquet for every `every`-th pair: `samples` embedded (not
    optimized) complexes each, the solvent 4-5 Å above the solute, e_int = -target, gap 5 eV."""
    import numpy as np
    import pandas as pd

    from molpair.chem.geometry import embed

    pairs = pd.read_parquet(root / "pairs.parquet")
    rows = []
    for index, pair in enumerate(pairs.itertuples()):
        if index % every:
            continue
        for sample in range(samples):
            solute_el, solute = embed(pair.solute_smiles, sample)
            solvent_el, solvent = embed(pair.solvent_smiles, sample)
            solvent = solvent - solvent.mean(0) + solute.mean(0) + [0.0, 0.0, 4.0 + sample]
            rows.append(
                {
                    "pair_id": pair.pair_id, "status": "ok", "elements": solute_el + solvent_el,
                    "n_solute_atoms": len(solute_el), "coords_opt": np.vstack([solute, solvent]).tolist(),
                    "e_int": -pair.target, "gap": 5.0,
                }
            )
    pd.DataFrame(rows).to_parquet(root / "ensemble.parquet")


@pytest.fixture
def http_root(tmp_path):
    """A local HTTP server on an ephemeral port serving tmp_path/'www'; yields (folder, base URL)."""
    import functools
    import threading
    from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer

    class QuietHandler(SimpleHTTPRequestHandler):
        def log_message(self, *args):
            pass

    root = tmp_path / "www"
    root.mkdir()
    server = ThreadingHTTPServer(("127.0.0.1", 0), functools.partial(QuietHandler, directory=str(root)))
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield root, f"http://127.0.0.1:{server.server_address[1]}"
    server.shutdown()
    server.server_close()
