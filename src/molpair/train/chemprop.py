"""Chemprop v2 as a baseline: its own CLI, trained on exactly our fold, its predictions in our layout.

The fold's pairs go to `chemprop train` as one CSV (solute and solvent SMILES, target) with a
`--splits-file` that names our train / val / test rows, so Chemprop sees the same split as our
models; its architecture stays at its defaults, and the epoch budget and early-stopping patience are
the run's `train` settings (the same as every other model's). `chemprop predict` with the best model
then predicts every role, and the outputs are written like `train_fold`'s: predictions.parquet
(y_std NaN: no variance) and metrics.json. Chemprop's own files stay under `chemprop/`.
"""

from __future__ import annotations

import json
import logging
import os
import shutil
import subprocess
import sys
import time
from pathlib import Path

import numpy as np
import pandas as pd

from molpair.io import write_json
from molpair.train.run import PREDICTION_SCHEMA, ROLES, fold_frame, run_seed, write_run_outputs

log = logging.getLogger(__name__)

SMILES_COLUMNS = ("solute_smiles", "solvent_smiles")


def chemprop_command() -> str:
    """The `chemprop` executable beside this Python (a venv), else on PATH; raises if missing."""
    local = Path(sys.executable).with_name("chemprop")
    found = str(local) if local.exists() else shutil.which("chemprop")
    if found is None:
        raise FileNotFoundError(
            "model chemprop needs Chemprop v2's CLI: bash scripts/setup.sh (its own venv), or chemprop==2.3.1 on PATH"
        )
    return found


def _run(arguments: list[str], threads: int, log_path: Path) -> None:
    """Run one Chemprop command with `threads` threads; its output goes to `log_path`, its tail into errors."""
    env = {**os.environ, "OMP_NUM_THREADS": str(threads), "MKL_NUM_THREADS": str(threads)}
    with open(log_path, "a") as handle:
        done = subprocess.run(arguments, stdout=handle, stderr=subprocess.STDOUT, env=env, check=False)
    if done.returncode != 0:
        tail = "".join(log_path.read_text().splitlines(keepends=True)[-20:])
        raise RuntimeError(f"{Path(arguments[0]).name} {arguments[1]} exited {done.returncode}:\n{tail}")


def train_chemprop(
    pairs_path: str | Path,
    splits_path: str | Path,
    fold: int,
    repeat: int,
    train_config: dict,
    out_dir: str | Path,
    threads: int = 1,
) -> dict:
    """Train and evaluate Chemprop v2 on fold `fold`, repeat `repeat`; write outputs to `out_dir`."""
    started = time.perf_counter()
    out_dir = Path(out_dir)
    work = out_dir / "chemprop"
    shutil.rmtree(work, ignore_errors=True)  # Chemprop does not resume; a rerun starts clean
    work.mkdir(parents=True)
    seed = run_seed(train_config, fold, repeat)

    frame = fold_frame(pairs_path, splits_path, fold).reset_index(drop=True)
    data = work / "data.csv"
    frame[[*SMILES_COLUMNS, "target"]].to_csv(data, index=False)
    split = [{role: np.flatnonzero(frame["role"] == role).tolist() for role in ROLES}]
    (work / "splits.json").write_text(json.dumps(split))

    program, log_path = chemprop_command(), work / "chemprop.log"
    _run(
        [
            program, "train", "-i", str(data), "-s", *SMILES_COLUMNS, "--target-columns", "target",
            "--splits-file", str(work / "splits.json"), "-o", str(work / "model"),
            "--epochs", str(train_config["max_epochs"]), "--patience", str(train_config["patience"]),
            "--pytorch-seed", str(seed), "--data-seed", str(seed), "--accelerator", "cpu", "--devices", "1",
            "--num-workers", "0",
        ],
        threads,
        log_path,
    )
    best = sorted((work / "model").rglob("best*.pt"))
    if not best:
        raise FileNotFoundError(f"chemprop train wrote no best*.pt under {work / 'model'}")
    predicted = work / "predictions.csv"
    _run(
        [
            program, "predict", "-i", str(data), "-s", *SMILES_COLUMNS, "--model-paths", str(best[0]),
            "-o", str(predicted), "--num-workers", "0", "--accelerator", "cpu", "--devices", "1",
        ],
        threads,
        log_path,
    )
    y_pred = pd.read_csv(predicted)["target"].to_numpy(dtype=float)
    table = pd.DataFrame(
        {
            "pair_id": frame["pair_id"],
            "role": frame["role"],
            "y_true": frame["target"].astype(float),
            "y_pred": y_pred,
            "y_std": np.nan,
        }
    )[PREDICTION_SCHEMA.names]
    metrics = {
        **write_run_outputs(table, out_dir, model="chemprop", fold=int(fold), repeat=int(repeat), seed=seed),
        **{f"n_{role}": int((frame["role"] == role).sum()) for role in ROLES},
        "chemprop_checkpoint": str(best[0].relative_to(out_dir)),
        "seconds": round(time.perf_counter() - started, 3),
    }
    write_json(metrics, out_dir / "metrics.json")
    log.info("chemprop fold %d rep %d: test_rmse=%.4g (%.1f s)", fold, repeat, metrics["test_rmse"], metrics["seconds"])
    return metrics
