"""Datasets: where the raw files come from, how they become validated pairs, and the CV folds."""
