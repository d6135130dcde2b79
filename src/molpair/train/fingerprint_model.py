"""A trained `lightgbm` run (train/gbm.py) as a predictor for `molpair predict`, `serve` and the design
oracle (a train.predict.PairPredictor): each molecule's features (chem/fingerprints.py) read from the
dataset's fingerprint file beside the run where it holds them (the features the run was trained on), else
computed (about 1 s a dye, its conformer and GFN2-xTB single point; a batch's new molecules on `threads` processes), once
per process; then the saved trees. Imports neither torch nor Lightning, so prediction starts fast.

Trees have no predictive variance: alone the uncertainty is NaN; averaged with other runs (RunAverage),
the runs' spread is it. There is no interaction map, so no attention weights.
"""

from __future__ import annotations

import multiprocessing
import os
import threading
from collections import OrderedDict
from concurrent.futures import ProcessPoolExecutor
from pathlib import Path

import numpy as np

from molpair.chem.featurize import MolArrays
from molpair.chem.fingerprints import BITS, all_features, feature_count, join_pair, stored_features
from molpair.layout import Layout
from molpair.threads import thread_variables

MODEL_FILE = "model.txt"  # the booster of the best round, in LightGBM's text format
MAX_CACHED = 20_000  # (molecule, side) features kept, least recently used dropped first (about 180 MB)


def is_fingerprint_run(run_dir: str | Path) -> bool:
    """Whether `run_dir` holds a trained fingerprint model (rather than a graph model's checkpoint)."""
    return (Path(run_dir) / MODEL_FILE).is_file()


# (SMILES, side, electronic) → features, for the process: every fingerprint run (e.g. the repeats of an
# average) shares them. The lock keeps it (and a model's worker pool) whole under `molpair serve`'s
# concurrent requests.
_cache: OrderedDict[tuple[str, str, bool], np.ndarray] = OrderedDict()
_cache_lock = threading.Lock()


def _compute(key: tuple[str, str, bool]) -> np.ndarray:
    return all_features(*key)


def _one_thread() -> None:
    """Pins each worker process's calculation (tblite loads on its first molecule, after this)."""
    os.environ.update(thread_variables(1))


class FingerprintModel:
    """The booster of a `lightgbm` run; whether it reads the electronic features, and their charge-transfer
    part, follows from its feature count. With `threads` > 1, a batch's new molecules are featurized on that
    many worker processes (started on first need, spawned: the parent may hold OpenMP or torch threads)."""

    model_name = "lightgbm"

    def __init__(self, booster, threads: int = 1, features_file: str | Path | None = None):
        layouts = [(False, True), (True, False), (True, True)]  # (electronic, charge_transfer)
        counts = {feature_count(*layout): layout for layout in layouts}
        if booster.num_feature() not in counts:
            raise ValueError(
                f"the model expects {booster.num_feature()} features but molpair computes {' or '.join(map(str, counts))} "
                "(trained with another feature set or RDKit version): retrain it"
            )
        self.booster, self.threads = booster, threads
        self.electronic, self.charge_transfer = counts[booster.num_feature()]
        self._pool: ProcessPoolExecutor | None = None
        self.features_file = Path(features_file) if features_file else None
        self._stored: dict[str, dict[str, np.ndarray]] | None = None  # the file's, read on the first new molecule

    @classmethod
    def from_run(cls, run_dir: str | Path, threads: int = 1) -> FingerprintModel:
        import lightgbm

        dataset_dir = Path(run_dir).absolute().parent.parent.parent  # of results/{dataset}/runs/lightgbm/fold{f}-rep{r}
        features_file = Layout(dataset_dir.parent).fingerprints(dataset_dir.name)
        return cls(lightgbm.Booster(model_file=str(Path(run_dir) / MODEL_FILE)), threads, features_file)

    def predict_batch(
        self, molecules: list[tuple[MolArrays, MolArrays]], attention: bool = False
    ) -> tuple[np.ndarray, np.ndarray, None]:
        if any(not graph.smiles for pair in molecules for graph in pair):
            raise ValueError("a fingerprint model needs each molecule's SMILES (featurize.mol_arrays keeps it)")
        keys = [(pair[index].smiles, side, self.electronic) for index, side in enumerate(BITS) for pair in molecules]
        found = self._features(keys)
        solute, solvent = (np.stack(found[start : start + len(molecules)]) for start in range(0, len(keys), len(molecules)))
        features = join_pair(solute, solvent, [pair[1].smiles for pair in molecules], self.electronic, self.charge_transfer)
        mean = self.booster.predict(features, num_threads=self.threads)
        return mean.astype(np.float64), np.full(len(molecules), np.nan), None

    def _features(self, keys: list[tuple[str, str, bool]]) -> list[np.ndarray]:
        """The features of each (SMILES, side, electronic) of `keys`: kept ones from the cache, the others
        read from the dataset's file or computed (on the worker processes where there are several) and kept,
        least recently used dropped beyond MAX_CACHED."""
        missing = [key for key in dict.fromkeys(keys) if key not in _cache]
        fresh = {key: features for key in missing if (features := self._stored_features(key)) is not None}
        unknown = [key for key in missing if key not in fresh]
        pool = self._workers(len(unknown))
        fresh.update(zip(unknown, pool.map(_compute, unknown) if pool else map(_compute, unknown)))
        with _cache_lock:
            for key in dict.fromkeys(keys):
                if key not in _cache:  # found above, or (rarely) dropped by another request since
                    features = fresh[key] if key in fresh else _compute(key)
                    features.flags.writeable = False
                    _cache[key] = features
                _cache.move_to_end(key)
            found = [_cache[key] for key in keys]
            while len(_cache) > MAX_CACHED:
                _cache.popitem(last=False)
        return found

    def _stored_features(self, key: tuple[str, str, bool]) -> np.ndarray | None:
        """A molecule's features from the dataset's fingerprint file, None where it lacks them."""
        if self._stored is None:
            exists = self.features_file is not None and self.features_file.is_file()
            self._stored = stored_features(self.features_file, self.electronic) if exists else {}
        smiles, side, _ = key
        return self._stored.get(side, {}).get(smiles)

    def _workers(self, new: int) -> ProcessPoolExecutor | None:
        """The worker processes for `new` molecules to featurize, or None where one process will do."""
        if self.threads == 1 or new < 2:
            return None
        with _cache_lock:
            if self._pool is None:
                self._pool = ProcessPoolExecutor(
                    self.threads, mp_context=multiprocessing.get_context("spawn"), initializer=_one_thread
                )
        return self._pool
