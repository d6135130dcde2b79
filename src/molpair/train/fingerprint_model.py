"""A trained `lightgbm` run (train/gbm.py) as a predictor for `molpair predict`, `serve` and the design
oracle (a train.predict.PairPredictor): each molecule's features (chem/fingerprints.py) computed once per
process, then the saved trees. Imports neither torch nor Lightning, so prediction starts fast.

Trees have no predictive variance: alone the uncertainty is NaN; averaged with other runs (RunAverage),
the runs' spread is it. There is no interaction map, so no attention weights.
"""

from __future__ import annotations

import functools
from pathlib import Path

import numpy as np

from molpair.chem.featurize import MolArrays
from molpair.chem.fingerprints import BITS, all_features, feature_count

MODEL_FILE = "model.txt"  # the booster of the best round, in LightGBM's text format
MAX_CACHED = 20_000  # (molecule, side) features kept, least recently used dropped first (about 180 MB)


def is_fingerprint_run(run_dir: str | Path) -> bool:
    """Whether `run_dir` holds a trained fingerprint model (rather than a graph model's checkpoint)."""
    return (Path(run_dir) / MODEL_FILE).is_file()


@functools.lru_cache(maxsize=MAX_CACHED)
def _features(smiles: str, side: str, electronic: bool) -> np.ndarray:
    """A molecule's features as the `side` of a pair, computed once per process: every fingerprint run
    (e.g. the repeats of an average) shares them."""
    features = all_features(smiles, side, electronic)
    features.flags.writeable = False
    return features


class FingerprintModel:
    """The booster of a `lightgbm` run; whether it reads the electronic features follows from its
    feature count."""

    def __init__(self, booster, threads: int = 1):
        counts = {feature_count(electronic): electronic for electronic in (False, True)}
        if booster.num_feature() not in counts:
            raise ValueError(
                f"the model expects {booster.num_feature()} features but molpair computes {' or '.join(map(str, counts))} "
                "(trained with another feature set or RDKit version): retrain it"
            )
        self.booster, self.threads, self.electronic = booster, threads, counts[booster.num_feature()]

    @classmethod
    def from_run(cls, run_dir: str | Path, threads: int = 1) -> FingerprintModel:
        import lightgbm

        return cls(lightgbm.Booster(model_file=str(Path(run_dir) / MODEL_FILE)), threads)

    def predict_batch(
        self, molecules: list[tuple[MolArrays, MolArrays]], attention: bool = False
    ) -> tuple[np.ndarray, np.ndarray, None]:
        if any(not graph.smiles for pair in molecules for graph in pair):
            raise ValueError("a fingerprint model needs each molecule's SMILES (featurize.mol_arrays keeps it)")
        columns = [
            np.stack([_features(pair[index].smiles, side, self.electronic) for pair in molecules])
            for index, side in enumerate(BITS)
        ]
        mean = self.booster.predict(np.concatenate(columns, axis=1), num_threads=self.threads)
        return mean.astype(np.float64), np.full(len(molecules), np.nan), None
