"""Training: the Lightning module and one cross-validation fold run."""

from molpair.train.module import PairRegressor
from molpair.train.run import train_fold

__all__ = ["PairRegressor", "train_fold"]
