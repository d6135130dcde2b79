"""Pair models by name; every model maps a batch of PairData to one prediction per pair."""

from __future__ import annotations

from torch import nn

from molpair.models.cigin import CIGIN

MODELS: dict[str, type[nn.Module]] = {"cigin": CIGIN}


def build_model(name: str, model_config: dict) -> nn.Module:
    """Instantiate the registered model `name` with keyword arguments from `model_config`."""
    if name not in MODELS:
        raise KeyError(f"unknown model {name!r}; known: {sorted(MODELS)}")
    return MODELS[name](**model_config)
