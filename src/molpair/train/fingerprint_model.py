"""A trained `lightgbm` run (train/gbm.py) as a predictor for `molpair predict`, `serve` and the design
oracle (a train.predict.PairPredictor): each molecule's features (chem/fingerprints.py) computed once,
then the saved trees. Imports neither torch nor Lightning, so prediction starts fast.

Trees have no predictive variance: alone the uncertainty is NaN; averaged with other runs (RunAverage),
the runs' spread is it. There is no interaction map, so no attention weights.
"""

from __future__ import annotations

from pathlib import Path

import numpy as np

from molpair.chem.featurize import MolArrays
from molpair.chem.fingerprints import BITS, feature_count, side_features

MODEL_FILE = "model.txt"  # the booster of the best round, in LightGBM's text format
MAX_CACHED = 10_000  # molecules whose features are kept per side (about 90 MB); then the cache starts again


def is_fingerprint_run(run_dir: str | Path) -> bool:
    """Whether `run_dir` holds a trained fingerprint model (rather than a graph model's checkpoint)."""
    return (Path(run_dir) / MODEL_FILE).is_file()


class FingerprintModel:
    """The booster of a `lightgbm` run and the features of the molecules it has seen (at most MAX_CACHED
    per side, so a long-running service does not grow without bound)."""

    def __init__(self, booster, threads: int = 1):
        if booster.num_feature() != feature_count():
            raise ValueError(
                f"the model expects {booster.num_feature()} features but molpair computes {feature_count()} "
                "(trained with another feature set or RDKit version): retrain it"
            )
        self.booster, self.threads = booster, threads
        self.known: dict[str, dict[str, np.ndarray]] = {side: {} for side in BITS}

    @classmethod
    def from_run(cls, run_dir: str | Path, threads: int = 1) -> FingerprintModel:
        import lightgbm

        return cls(lightgbm.Booster(model_file=str(Path(run_dir) / MODEL_FILE)), threads)

    def predict_batch(
        self, molecules: list[tuple[MolArrays, MolArrays]], attention: bool = False
    ) -> tuple[np.ndarray, np.ndarray, None]:
        if any(not graph.smiles for pair in molecules for graph in pair):
            raise ValueError("a fingerprint model needs each molecule's SMILES (featurize.mol_arrays keeps it)")
        for known in self.known.values():
            if len(known) > MAX_CACHED:
                known.clear()
        columns = [side_features(self.known[side], [pair[index].smiles for pair in molecules], side)
                   for index, side in enumerate(BITS)]
        mean = self.booster.predict(np.concatenate(columns, axis=1), num_threads=self.threads)
        return mean.astype(np.float64), np.full(len(molecules), np.nan), None
