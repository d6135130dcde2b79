"""Trained molpair runs as the oracle of a design: one target property in one solvent, on a call budget.

Each call scores designs (solute SMILES) paired with the target's solvent. With several runs (e.g. the
fold models of one model) the prediction is their mean and the uncertainty their spread (sample std);
with one run, its own predictive std where it has one. A design is a **hit** only when its prediction
lies within `window` of the target value **and** it is inside the oracle's applicability domain: the
first run's training domain (train/domain.py: known elements, size range, nearest-neighbour Tanimoto
similarity to the training solutes at least `min_similarity`) and a fold spread at most `max_spread`.

The score a generator maximizes is the closeness 1 / (1 + ((prediction − value) / window)²), 1 at the
target and 0.5 at the window's edge, with a slope far from it; designs outside the domain score 0, so a
generator cannot climb by leaving what the model knows. Every distinct canonical SMILES is charged once;
an invalid SMILES is recorded (score 0) and charged once; asking again costs nothing. When the budget is
spent the oracle raises BudgetSpent, after recording what fitted.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from pathlib import Path
from typing import Callable

import numpy as np
import pandas as pd

from molpair.chem.molecules import MoleculeError, canonical_smiles
from molpair.train.domain import domain_flags, load_domain
from molpair.train.predict import load_run, one_model, predict_pairs

CALL_COLUMNS = [
    "call", "step", "smiles", "canonical", "valid", "predicted", "uncertainty", "score", "in_domain", "hit",
    "nearest_similarity",
]


INVALID = "invalid:"  # prefix of the charge key of an unparsable SMILES (canonical SMILES never start so)


def charge_key(smiles: str) -> str:
    """What one oracle call is charged for: the canonical SMILES, or the invalid string itself."""
    try:
        return canonical_smiles(smiles)
    except MoleculeError:
        return INVALID + smiles


class BudgetSpent(Exception):
    """The oracle's call budget is used up."""


@dataclass(frozen=True)
class Target:
    """A design goal: `value` ± `window` of the oracle's property, in `solvent`."""

    name: str
    value: float
    window: float
    solvent: str

    def closeness(self, prediction: float) -> float:
        return 1.0 / (1.0 + ((prediction - self.value) / self.window) ** 2)


def windows_from_target(score: float) -> float:
    """How many windows from the target a prediction of closeness `score` (> 0) lies: closeness inverted."""
    return math.sqrt(max(1.0 / score - 1.0, 0.0))


class Oracle:
    """Scores lists of SMILES for one Target with trained runs; records every charged call in `calls`."""

    def __init__(
        self, run_dirs: list[str | Path], target: Target, budget: int, min_similarity: float = 0.3,
        max_spread: float | None = None, on_call: Callable[[], None] | None = None, threads: int = 1,
    ):
        """`on_call` is called once per charged call (e.g. a progress reporter's advance); `threads`: a
        lightgbm run's worker processes for the molecules it has not seen."""
        if not run_dirs:
            raise ValueError("the oracle needs at least one trained run")
        models = [load_run(run_dir, threads=threads) for run_dir in run_dirs]
        self.averaged = len(models) > 1
        self.model = one_model(models)
        self.domain = load_domain(run_dirs[0], min_similarity)
        self.target, self.budget, self.max_spread, self.on_call = target, int(budget), max_spread, on_call
        self.calls: list[dict] = []
        self.proposed = 0  # SMILES strings asked about, repeats and invalid ones included
        self.proposed_valid = 0
        self._known: dict[str, float] = {}  # canonical SMILES (or an invalid string) → score
        self._step = 0

    @property
    def spent(self) -> int:
        return len(self.calls)

    def __call__(self, smiles: list[str]) -> list[float]:
        """Scores of `smiles`, in order; raises BudgetSpent once the budget is used up (the designs that
        fitted are recorded). A batch's new designs are charged in the order of their canonical SMILES, not
        as proposed: mol-ga proposes from sets, whose order follows Python's per-process string hashing, so
        charging as proposed made the same seed give other designs in another process."""
        self._step += 1
        keys = [charge_key(text) for text in smiles]
        self.proposed += len(smiles)
        self.proposed_valid += sum(not key.startswith(INVALID) for key in keys)
        new_valid: dict[str, str] = {}  # canonical SMILES → the first of its strings, in sorted order
        exhausted = False
        for key, text in sorted(zip(keys, smiles)):
            if key in self._known or key in new_valid:
                continue
            if self.spent + len(new_valid) >= self.budget:
                exhausted = True
                break
            if key.startswith(INVALID):
                self._record(key, text, None)
            else:
                new_valid[key] = text
        for (key, text), row in zip(new_valid.items(), self._predict(list(new_valid))):
            self._record(key, text, row)
        if exhausted:
            raise BudgetSpent(f"{self.budget} oracle calls spent")
        return [self._known.get(key, 0.0) for key in keys]

    def _predict(self, canonical: list[str]) -> list[dict]:
        """Prediction, uncertainty, domain verdict and nearest similarity of each canonical SMILES."""
        if not canonical:
            return []
        solvents = [self.target.solvent] * len(canonical)
        frame = predict_pairs(self.model, canonical, solvents)
        mean, uncertainty = frame["prediction"].to_numpy(dtype=float), frame["uncertainty"].to_numpy(dtype=float)
        flags = domain_flags(self.domain, canonical, solvents)
        in_domain = np.ones(len(canonical), dtype=bool)
        if self.domain is not None:
            in_domain &= flags["in_domain"].fillna(False).to_numpy(dtype=bool)
        if self.averaged and self.max_spread is not None:
            in_domain &= uncertainty <= self.max_spread
        in_domain &= np.isfinite(mean)  # featurization failed (e.g. an element the model cannot encode)
        similarity = flags["nearest_similarity"].to_numpy(dtype=float)
        return [
            {"predicted": float(mean[index]), "uncertainty": float(uncertainty[index]),
             "in_domain": bool(in_domain[index]), "nearest_similarity": float(similarity[index])}
            for index in range(len(canonical))
        ]

    def _record(self, key: str, smiles: str, predicted: dict | None) -> None:
        """Charge one call for `key` (see charge_key), proposed as `smiles`."""
        canonical = "" if key.startswith(INVALID) else key
        valid = predicted is not None and math.isfinite(predicted["predicted"])
        in_domain = bool(predicted and predicted["in_domain"])
        closeness = self.target.closeness(predicted["predicted"]) if valid else 0.0
        score = closeness if in_domain else 0.0
        hit = valid and in_domain and abs(predicted["predicted"] - self.target.value) <= self.target.window
        self._known[key] = score
        self.calls.append({
            "call": self.spent + 1, "step": self._step, "smiles": smiles, "canonical": canonical, "valid": valid,
            "predicted": predicted["predicted"] if predicted else float("nan"),
            "uncertainty": predicted["uncertainty"] if predicted else float("nan"),
            "score": score, "in_domain": in_domain, "hit": hit,
            "nearest_similarity": predicted["nearest_similarity"] if predicted else float("nan"),
        })
        if self.on_call is not None:
            self.on_call()

    def table(self) -> pd.DataFrame:
        """Every charged call, in order (CALL_COLUMNS)."""
        return pd.DataFrame(self.calls, columns=CALL_COLUMNS)
