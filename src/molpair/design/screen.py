"""A learned screen that chooses which of a generator's new proposals the oracle scores.

A Gaussian process on the oracle's answers so far (Tanimoto kernel on Morgan fingerprints, as PMO's GP BO
baseline, Gao et al. 2022) regresses each scored molecule's distance from the target in windows, read back
from its score and capped at `CAP` windows (a molecule outside the domain scores 0 and counts as `CAP`).
A new proposal is ranked by its expected improvement (Jones et al. 1998) on the distance of the tenth-best
molecule so far: the top-10 AUC rises only when a new molecule enters the ten best. The screen sees only
the scores the generator was paid, so any oracle can stand behind it, and choosing costs no oracle call.
"""

from __future__ import annotations

import numpy as np
from rdkit import Chem
from scipy.linalg import cho_factor, cho_solve, solve_triangular
from scipy.stats import norm

from molpair.design.metrics import MORGAN
from molpair.design.oracle import INVALID, charge_key, windows_from_target

CAP = 10.0  # windows: every score below closeness 1 / 101 looks the same to the screen
NOISE = 0.05  # the kernel's nugget on standardized distances: the oracle is deterministic, the kernel is not exact


def fingerprint(smiles: str) -> np.ndarray:
    """The Morgan bit vector (radius 2, 2,048 bits) of a parsable SMILES, as 0/1 floats."""
    return MORGAN.GetFingerprintAsNumPy(Chem.MolFromSmiles(smiles)).astype(np.float32)


def tanimoto(left: np.ndarray, right: np.ndarray) -> np.ndarray:
    """Tanimoto similarity of every row of `left` with every row of `right` (bit vectors)."""
    shared = left @ right.T
    union = left.sum(axis=1)[:, None] + right.sum(axis=1)[None, :] - shared
    return np.divide(shared, union, out=np.zeros_like(shared), where=union > 0)


def distance(score: float) -> float:
    """A score read back as windows from the target, capped at CAP (a score of 0 counts as CAP)."""
    return CAP if score <= 0 else min(windows_from_target(score), CAP)


class Screen:
    """Chooses new proposals by the expected improvement of a GP fitted to the last `memory` scored molecules."""

    def __init__(self, memory: int = 2000):
        self.memory = int(memory)
        self._distances: dict[str, float] = {}  # charge key → distance, in the order first scored
        self._fingerprints: dict[str, np.ndarray] = {}
        self._gram, self._gram_start = np.zeros((0, 0), dtype=np.float32), 0  # the last window's Tanimoto matrix

    def record(self, smiles: list[str], scores: list[float]) -> None:
        """Learn the oracle's scores of `smiles` (repeats and invalid strings are skipped; an invalid one is
        passed again by `keep`, costing no second call)."""
        for text, score in zip(smiles, scores):
            key = charge_key(text)
            if not key.startswith(INVALID) and key not in self._distances:
                self._distances[key] = distance(score)
                self._fingerprints[key] = fingerprint(key)

    def keep(self, proposals: list[str], count: int) -> list[int]:
        """Indices (ascending) of the proposals to score: every repeat of a scored molecule (it costs no
        call), every invalid string (the oracle charges and records it, so the run's validity still counts
        the generator's mistakes) and the `count` new valid molecules with the highest expected improvement;
        a new molecule's later copies in `proposals` are dropped."""
        passed, new = [], {}
        for index, text in enumerate(proposals):
            key = charge_key(text)
            if key in self._distances or key.startswith(INVALID):
                passed.append(index)
            elif key not in new:
                new[key] = index
        ranked = list(new.values())
        if len(new) > count:
            improvement = self.expected_improvement(list(new))
            ranked = [ranked[i] for i in np.argsort(-improvement, kind="stable")[:count]]
        return sorted(passed + ranked)

    def expected_improvement(self, canonical: list[str]) -> np.ndarray:
        """Each molecule's expected improvement on the tenth-best distance (0 for all while fewer than ten are known)."""
        if len(self._distances) < 10:
            return np.zeros(len(canonical))
        start = max(0, len(self._distances) - self.memory)
        keys = list(self._distances)[start:]
        known = np.stack([self._fingerprints[key] for key in keys])
        distances = np.array([self._distances[key] for key in keys])
        mean, scale = distances.mean(), distances.std() or 1.0
        factor = cho_factor(self._window_gram(start, known) + NOISE * np.eye(len(keys)), lower=True)
        alpha = cho_solve(factor, (distances - mean) / scale)
        cross = tanimoto(np.stack([fingerprint(text) for text in canonical]), known)
        predicted = mean + scale * (cross @ alpha)
        reduced = solve_triangular(factor[0], cross.T, lower=True)
        spread = scale * np.sqrt(np.clip(1.0 - (reduced**2).sum(axis=0), 1e-9, None))
        tenth = np.sort(list(self._distances.values()))[9]
        z = (tenth - predicted) / spread
        return (tenth - predicted) * norm.cdf(z) + spread * norm.pdf(z)

    def _window_gram(self, start: int, known: np.ndarray) -> np.ndarray:
        """Tanimoto matrix of the window of scored molecules from `start` (fingerprints `known`), reusing the
        last window's rows: only the new molecules' rows are computed. Bit counts are exact in float32, so
        the matrix is the one computed whole, to the bit."""
        overlap = max(0, self._gram_start + len(self._gram) - start)  # molecules in both windows
        fresh = tanimoto(known[overlap:], known)
        gram = np.empty((len(known), len(known)), dtype=np.float32)
        gram[:overlap, :overlap] = self._gram[start - self._gram_start:, start - self._gram_start:]
        gram[overlap:] = fresh
        gram[:overlap, overlap:] = fresh[:, :overlap].T
        self._gram, self._gram_start = gram, start
        return gram
