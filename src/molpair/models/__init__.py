"""Pair models by name; every model maps a batch of PairData to one prediction per pair (see base.PairModel)."""

from __future__ import annotations

import inspect
from collections.abc import Callable
from functools import partial

from molpair.models.attentivefp import PairAttentiveFP
from molpair.models.base import InteractionMap, PairModel
from molpair.models.cgib import CGIB
from molpair.models.cigin import CIGIN
from molpair.models.prl import PRL

MODELS: dict[str, Callable[..., PairModel]] = {
    "attentivefp": PairAttentiveFP,
    "cigin": CIGIN,
    "cgib": CGIB,
    "prl": PRL,
    "prl_pretrained": PRL,  # starts from the pretrain stage's weights (train.run)
    # Ablations: PRL with ensemble terms switched off (their schema entries lack the weights).
    "prl_no_ensemble": partial(PRL, distribution_weight=0.0, distillation_weight=0.0),
    "prl_no_distribution": partial(PRL, distribution_weight=0.0),
    "prl_no_distillation": partial(PRL, distillation_weight=0.0),
}


def build_model(name: str, model_config: dict) -> PairModel:
    """Instantiate the registered model `name` with keyword arguments from `model_config`."""
    if name not in MODELS:
        raise KeyError(f"unknown model {name!r}; known: {sorted(MODELS)}")
    return MODELS[name](**model_config)


def _parameters(name: str) -> dict[str, inspect.Parameter]:
    """The keyword settings model `name` takes (a registry entry's partial included)."""
    return dict(inspect.signature(MODELS[name]).parameters)


def full_model_config(name: str, model_config: dict) -> dict:
    """`model_config` with every setting the model takes, defaults filled in, so a run's saved
    hyperparameters name all of them (and a later change of a default cannot change a saved model)."""
    defaults = {key: p.default for key, p in _parameters(name).items() if p.default is not inspect.Parameter.empty}
    return {**defaults, **model_config}


def saved_model_config(name: str, model_config: dict) -> dict:
    """A saved run's model_config with the settings its code used without naming them: runs of a model with
    CIGIN's interaction map from before `scaled_interaction` existed used the unscaled map."""
    if "scaled_interaction" in _parameters(name):
        return {"scaled_interaction": False, **model_config}
    return model_config


__all__ = ["MODELS", "InteractionMap", "PairModel", "build_model", "full_model_config", "saved_model_config"]
