"""Predictions of a trained run for new (solute, solvent) pairs, from Python or a CSV file.

Each unique SMILES is featurized once and each distinct pair predicted once (a file that repeats pairs
costs what its distinct pairs cost). A pair whose solute or solvent fails to featurize gets an error
message and a NaN prediction instead of stopping the run; the other pairs are still predicted. Models
run in eval mode, where every pair's prediction is independent of the others in its batch, so pairs are
batched by size (similar sizes together: one large molecule pads only its own batch) and the rows come
back in input order. Every pair also carries the run's applicability-domain flags (train/domain.py).

A model is anything with `predict_batch` (molecule arrays in; means, stds, attention out): a graph run's
torch network (train/trained.py, loaded without Lightning) or its ONNX export (train/onnx_model.py,
which `molpair predict` prefers: it starts without importing torch), a fingerprint run's trees
(train/fingerprint_model.py), or `RunAverage` of several runs, of any of these models.
This module imports neither.
"""

from __future__ import annotations

import logging
import time
from contextlib import nullcontext
from pathlib import Path
from typing import Protocol

import numpy as np
import pandas as pd

from molpair.chem.featurize import MolArrays, mol_arrays
from molpair.chem.molecules import MoleculeError
from molpair.pairs_csv import read_pairs_csv, write_predictions
from molpair.progress import progress
from molpair.train.domain import MIN_SIMILARITY, Domain, domain_flags, load_domain
from molpair.train.fingerprint_model import FingerprintModel, is_fingerprint_run

log = logging.getLogger(__name__)

MAX_BATCH_ATOMS = 8192  # heavy atoms (solute + solvent) per batch; a larger pair goes alone


class PairPredictor(Protocol):
    def predict_batch(
        self, molecules: list[tuple[MolArrays, MolArrays]], attention: bool = False
    ) -> tuple[np.ndarray, np.ndarray, list[np.ndarray] | None]:
        """Prediction and predictive std (NaN without one) of (solute, solvent) graphs, in original
        units; with `attention`, each pair's per-atom solute weights (None without an interaction map)."""


class RunAverage:
    """Several trained runs as one model (a deep ensemble, Lakshminarayanan et al. 2017): the mean of their
    predictions, and their spread (sample standard deviation) as the uncertainty. Repeats of one model on
    one fold (train.repeats, other seeds) are what it is for: three CIGIN seeds on chr_life fold 0 averaged
    had a test RMSE 7 % below one run's on average, 4 % below the best's (results/reference/chromophores/
    PROVENANCE.md, session 37). A pair's attention is the mean of the runs' per-atom weights (still summing
    to 1); None unless every run has an interaction map."""

    def __init__(self, members: list[PairPredictor]):
        if len(members) < 2:
            raise ValueError("an average needs at least two runs")
        self.members = members

    def predict_batch(
        self, molecules: list[tuple[MolArrays, MolArrays]], attention: bool = False
    ) -> tuple[np.ndarray, np.ndarray, list[np.ndarray] | None]:
        outputs = [member.predict_batch(molecules, attention) for member in self.members]
        predictions = np.stack([prediction for prediction, _, _ in outputs])
        maps = [weights for _, _, weights in outputs]
        weights = None if not attention or any(run is None for run in maps) else [
            np.mean(pair, axis=0) for pair in zip(*maps)
        ]
        return predictions.mean(axis=0), predictions.std(axis=0, ddof=1), weights


def checkpoint_path(run_dir: str | Path) -> Path:
    """The best checkpoint of a training run directory; FileNotFoundError when there is none."""
    checkpoint = Path(run_dir) / "best.ckpt"
    if not checkpoint.is_file():
        raise FileNotFoundError(f"no best.ckpt in {run_dir}: not a finished training run directory")
    return checkpoint


def load_run(run_dir: str | Path, device: str = "cpu", threads: int = 1) -> PairPredictor:
    """The run's model: a fingerprint run's trees (train/fingerprint_model.py; new molecules featurized on
    `threads` processes), else its best checkpoint as its torch network, in eval mode on `device`."""
    if is_fingerprint_run(run_dir):
        return FingerprintModel.from_run(run_dir, threads)
    from molpair.train.trained import TrainedModel

    return TrainedModel.from_checkpoint(checkpoint_path(run_dir), device)


def one_model(members: list[PairPredictor]) -> PairPredictor:
    """The one member itself, or `RunAverage` of several."""
    return members[0] if len(members) == 1 else RunAverage(members)


def load_average(run_dirs: list[str | Path], threads: int = 1) -> PairPredictor:
    """`load_predictor` of one run, or `RunAverage` of several runs' (on `threads` each)."""
    return one_model([load_predictor(run_dir, threads) for run_dir in run_dirs])


def load_predictor(run_dir: str | Path, threads: int = 1) -> PairPredictor:
    """The run's best model for prediction: a fingerprint run's trees; a graph run's ONNX export
    (train/onnx_model.py; exported now when missing or older than the checkpoint), else, when it cannot be
    exported or written, its torch network."""
    if is_fingerprint_run(run_dir):
        return load_run(run_dir, threads=threads)
    from molpair.train import onnx_model

    checkpoint = checkpoint_path(run_dir)
    try:
        return onnx_model.load(checkpoint, threads)
    except onnx_model.ExportError as error:
        log.warning("%s; predicting with the torch model", error)
    import torch

    torch.set_num_threads(threads)
    return load_run(run_dir)


class GraphCache:
    """Molecule graph (`MolArrays`) or MoleculeError text per SMILES, so each SMILES is featurized once.

    `seconds` accumulates the featurization time, so callers can separate it from model time.
    Missing values (not strings) count as empty SMILES.
    """

    def __init__(self):
        self.entries: dict[str, MolArrays | str] = {}
        self.seconds = 0.0

    def get(self, smiles) -> MolArrays | str:
        """The graph of `smiles`, or the error message when it cannot be featurized."""
        key = smiles if isinstance(smiles, str) else ""
        if key not in self.entries:
            started = time.perf_counter()
            try:
                self.entries[key] = mol_arrays(key)
            except MoleculeError as error:
                self.entries[key] = str(error)
            self.seconds += time.perf_counter() - started
        return self.entries[key]


def pair_error(solute: MolArrays | str, solvent: MolArrays | str) -> str:
    """The error message of a pair naming the side(s) that failed; empty when both graphs exist."""
    failed = [f"{side}: {entry}" for side, entry in (("solute", solute), ("solvent", solvent)) if isinstance(entry, str)]
    return "; ".join(failed)


def size_batches(sizes: list[int], batch_size: int, max_atoms: int = MAX_BATCH_ATOMS) -> list[list[int]]:
    """Indices into `sizes` in batches of similar size: in order of size, each batch at most `batch_size`
    items and `max_atoms` atoms (an item larger than that alone)."""
    batches, current, atoms = [], [], 0
    for index in sorted(range(len(sizes)), key=sizes.__getitem__):
        if current and (len(current) == batch_size or atoms + sizes[index] > max_atoms):
            batches.append(current)
            current, atoms = [], 0
        current.append(index)
        atoms += sizes[index]
    return batches + [current] if current else batches


def predict_pairs(
    module: PairPredictor,
    solutes: list[str],
    solvents: list[str],
    batch_size: int = 256,
    show_progress: bool = False,
    domain: Domain | None = None,
    attention: bool = False,
    max_atoms: int = MAX_BATCH_ATOMS,
) -> pd.DataFrame:
    """One row per input pair, in order: solute_smiles, solvent_smiles, then OUTPUT_COLUMNS.

    `uncertainty` is the predictive standard deviation (NaN for models without one); `error` is empty
    for predicted rows and names the failing side otherwise (prediction NaN). The domain flags
    (FLAG_COLUMNS) are those of `domain`, the run's training domain; missing without one and on failed
    rows. With `attention`, an `attention` column holds each pair's per-atom solute weights (an array
    summing to 1, from the same forward pass as the prediction; None on failed rows and for models
    without an interaction map). Pairs are batched by size (`size_batches`: at most `batch_size` pairs
    and `max_atoms` heavy atoms per batch). `frame.attrs["seconds"]` holds the featurization, model
    (batching + forward) and domain times.
    """
    if len(solutes) != len(solvents):
        raise ValueError(f"{len(solutes)} solutes but {len(solvents)} solvents")
    n_rows = len(solutes)
    prediction = np.full(n_rows, np.nan)
    uncertainty = np.full(n_rows, np.nan)
    weights = [None] * n_rows
    graphs = GraphCache()
    entries = [(graphs.get(solute), graphs.get(solvent)) for solute, solvent in zip(solutes, solvents)]
    errors = [pair_error(*entry) for entry in entries]
    first_row = {}  # each distinct pair is predicted once, in the row where it first occurs
    for row in range(n_rows):
        if not errors[row]:
            first_row.setdefault((solutes[row], solvents[row]), row)
    kept = sorted(first_row.values())
    sizes = [len(entries[row][0].x) + len(entries[row][1].x) for row in kept]
    model_seconds = 0.0
    with progress("predict", n_rows) if show_progress else nullcontext() as reporter:
        if reporter:
            reporter.advance(n_rows - len(kept))
        for batch in size_batches(sizes, batch_size, max_atoms):
            rows = [kept[index] for index in batch]
            started = time.perf_counter()
            prediction[rows], uncertainty[rows], batch_weights = module.predict_batch([entries[row] for row in rows], attention)
            model_seconds += time.perf_counter() - started
            if batch_weights is not None:
                for row, row_weights in zip(rows, batch_weights):
                    weights[row] = row_weights
            if reporter:
                reporter.advance(len(rows))
    repeated = [row for row in range(n_rows) if not errors[row] and first_row[solutes[row], solvents[row]] != row]
    source = [first_row[solutes[row], solvents[row]] for row in repeated]
    prediction[repeated], uncertainty[repeated] = prediction[source], uncertainty[source]
    for row, first in zip(repeated, source):
        weights[row] = weights[first]
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
            **({"attention": weights} if attention else {}),
        }
    )
    frame.attrs["seconds"] = {
        "featurize": graphs.seconds, "model": model_seconds, "domain": time.perf_counter() - started
    }
    return frame


def predict_file(
    run_dirs: list[str | Path],
    input_csv: str | Path,
    output_csv: str | Path,
    solute_column: str = "solute_smiles",
    solvent_column: str = "solvent_smiles",
    batch_size: int = 256,
    min_similarity: float = MIN_SIMILARITY,
    threads: int = 1,
) -> pd.DataFrame:
    """Predict every row of `input_csv` with one run's best model or the average of several runs'
    (`load_average`, on `threads`); write the input plus OUTPUT_COLUMNS to `output_csv` (atomically) and
    return that frame. The domain flags are the first run's, `min_similarity` its low-similarity threshold."""
    frame = read_pairs_csv(input_csv, solute_column, solvent_column)
    module = load_average(run_dirs, threads)
    predicted = predict_pairs(
        module, frame[solute_column].tolist(), frame[solvent_column].tolist(), batch_size, show_progress=True,
        domain=load_domain(run_dirs[0], min_similarity),
    )
    return write_predictions(frame, predicted, output_csv)
