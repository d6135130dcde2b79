"""Predictions of a trained run for new (solute, solvent) pairs, from Python or a CSV file.

Each unique SMILES is featurized once. A pair whose solute or solvent fails to featurize gets an error
message and a NaN prediction instead of stopping the run; the other pairs are still predicted. Models
run in eval mode, where every pair's prediction is independent of the others in its batch. Every pair
also carries the run's applicability-domain flags (train/domain.py).
"""

from __future__ import annotations

import logging
import time
from contextlib import nullcontext
from pathlib import Path

import numpy as np
import pandas as pd
import torch
from torch_geometric.data import Batch, Data

from molpair.chem.featurize import mol_graph
from molpair.chem.molecules import MoleculeError
from molpair.data.graphs import FOLLOW_BATCH, make_pair
from molpair.io import atomic_path
from molpair.progress import progress
from molpair.train.domain import FLAG_COLUMNS, MIN_SIMILARITY, Domain, domain_flags, load_domain
from molpair.train.module import PairRegressor

log = logging.getLogger(__name__)

OUTPUT_COLUMNS = ["prediction", "uncertainty", "error", *FLAG_COLUMNS]


def load_run(run_dir: str | Path, device: str | torch.device = "cpu") -> PairRegressor:
    """The best checkpoint of a training run directory, in eval mode on `device`."""
    checkpoint = Path(run_dir) / "best.ckpt"
    if not checkpoint.is_file():
        raise FileNotFoundError(f"no best.ckpt in {run_dir}: not a finished training run directory")
    return PairRegressor.load_from_checkpoint(checkpoint, map_location=device).eval()


class GraphCache:
    """Molecule graph or MoleculeError text per SMILES, so each SMILES is featurized once.

    `seconds` accumulates the featurization time, so callers can separate it from model time.
    Missing values (not strings) count as empty SMILES.
    """

    def __init__(self):
        self.entries: dict[str, Data | str] = {}
        self.seconds = 0.0

    def get(self, smiles) -> Data | str:
        """The graph of `smiles`, or the error message when it cannot be featurized."""
        key = smiles if isinstance(smiles, str) else ""
        if key not in self.entries:
            started = time.perf_counter()
            try:
                self.entries[key] = mol_graph(key)
            except MoleculeError as error:
                self.entries[key] = str(error)
            self.seconds += time.perf_counter() - started
        return self.entries[key]


def pair_error(solute: Data | str, solvent: Data | str) -> str:
    """The error message of a pair naming the side(s) that failed; empty when both graphs exist."""
    failed = [f"{side}: {entry}" for side, entry in (("solute", solute), ("solvent", solvent)) if isinstance(entry, str)]
    return "; ".join(failed)


@torch.inference_mode()
def _predict_batch(module: PairRegressor, pairs: list) -> tuple[np.ndarray, np.ndarray]:
    """Prediction and predictive std (NaN without one) of a list of PairData, in original units."""
    batch = Batch.from_data_list(pairs, follow_batch=FOLLOW_BATCH).to(module.device)
    out = module.predict_step(batch, 0)
    return out["y_pred"].double().cpu().numpy(), out["y_std"].double().cpu().numpy()


def predict_pairs(
    module: PairRegressor,
    solutes: list[str],
    solvents: list[str],
    batch_size: int = 256,
    show_progress: bool = False,
    domain: Domain | None = None,
) -> pd.DataFrame:
    """One row per input pair, in order: solute_smiles, solvent_smiles, then OUTPUT_COLUMNS.

    `uncertainty` is the predictive standard deviation (NaN for models without one); `error` is empty
    for predicted rows and names the failing side otherwise (prediction NaN). The domain flags
    (FLAG_COLUMNS) are those of `domain`, the run's training domain; missing without one and on failed
    rows. The module is put in eval mode. `frame.attrs["seconds"]` holds the featurization, model
    (batching + forward) and domain times.
    """
    if len(solutes) != len(solvents):
        raise ValueError(f"{len(solutes)} solutes but {len(solvents)} solvents")
    module.eval()
    n_rows = len(solutes)
    prediction = np.full(n_rows, np.nan)
    uncertainty = np.full(n_rows, np.nan)
    errors = [""] * n_rows
    graphs = GraphCache()
    model_seconds = 0.0
    with progress("predict", n_rows) if show_progress else nullcontext() as reporter:
        for start in range(0, n_rows, batch_size):
            rows = range(start, min(start + batch_size, n_rows))
            pairs, kept = [], []
            for row in rows:
                solute, solvent = graphs.get(solutes[row]), graphs.get(solvents[row])
                errors[row] = pair_error(solute, solvent)
                if not errors[row]:
                    pairs.append(make_pair(solute, solvent, float("nan"), str(row)))  # target unused
                    kept.append(row)
            if pairs:
                started = time.perf_counter()
                prediction[kept], uncertainty[kept] = _predict_batch(module, pairs)
                model_seconds += time.perf_counter() - started
            if reporter:
                reporter.advance(len(rows))
    started = time.perf_counter()
    flags = domain_flags(domain, solutes, solvents)
    frame = pd.DataFrame(
        {
            "solute_smiles": solutes,
            "solvent_smiles": solvents,
            "prediction": prediction,
            "uncertainty": uncertainty,
            "error": errors,
            **flags,
        }
    )
    frame.attrs["seconds"] = {
        "featurize": graphs.seconds, "model": model_seconds, "domain": time.perf_counter() - started
    }
    return frame


def read_pairs_csv(path: str | Path, solute_column: str, solvent_column: str) -> pd.DataFrame:
    """The input CSV with every column as text (other columns round-trip unchanged); clear error on missing columns."""
    frame = pd.read_csv(path, dtype=str, keep_default_na=False)
    missing = [column for column in (solute_column, solvent_column) if column not in frame.columns]
    if missing:
        raise ValueError(
            f"{path} has no column {', '.join(map(repr, missing))} (columns found: {', '.join(frame.columns)}); "
            "name the SMILES columns with --solute-column / --solvent-column"
        )
    return frame


def predict_file(
    run_dir: str | Path,
    input_csv: str | Path,
    output_csv: str | Path,
    solute_column: str = "solute_smiles",
    solvent_column: str = "solvent_smiles",
    batch_size: int = 256,
    min_similarity: float = MIN_SIMILARITY,
) -> pd.DataFrame:
    """Predict every row of `input_csv` with the run's best model; write the input plus OUTPUT_COLUMNS
    to `output_csv` (atomically) and return that frame. `min_similarity` is the domain's low-similarity
    threshold."""
    frame = read_pairs_csv(input_csv, solute_column, solvent_column)
    module = load_run(run_dir)
    predicted = predict_pairs(
        module, frame[solute_column].tolist(), frame[solvent_column].tolist(), batch_size, show_progress=True,
        domain=load_domain(run_dir, min_similarity),
    )
    replaced = [column for column in OUTPUT_COLUMNS if column in frame.columns]
    if replaced:
        log.warning("input columns %s are replaced by this prediction's", ", ".join(replaced))
    output = frame.assign(**{column: predicted[column].array for column in OUTPUT_COLUMNS})
    output.attrs = predicted.attrs
    with atomic_path(output_csv) as tmp:
        output.to_csv(tmp, index=False)
    n_errors = int((output["error"] != "").sum())
    n_outside = int((~output["in_domain"]).sum())  # NA (unknown) rows count as neither
    log.info(
        "wrote %d predictions to %s (%d rows with errors, %d outside the training domain)",
        len(output) - n_errors, output_csv, n_errors, n_outside,
    )
    return output
