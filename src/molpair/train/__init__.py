"""Training: the Lightning module and one cross-validation fold run.

Both are imported on first use: prediction imports only this package's light modules, not Lightning.
"""

__all__ = ["PairRegressor", "train_fold"]


def __getattr__(name: str):
    if name == "PairRegressor":
        from molpair.train.module import PairRegressor

        return PairRegressor
    if name == "train_fold":
        from molpair.train.run import train_fold

        return train_fold
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
