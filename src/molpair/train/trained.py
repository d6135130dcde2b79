"""A trained pair model in original units, loaded from a run's checkpoint without Lightning.

Training wraps the pair model in a LightningModule (train/module.py); prediction, the service and
attention only need the network and its target scaling. Importing Lightning costs seconds, so they load
the checkpoint's hyperparameters and state dict with torch.load into `TrainedModel`. Both classes share
`OriginalUnits`, so they hold the same state-dict keys and turn standardized outputs into original units
the same way.
"""

from __future__ import annotations

from pathlib import Path
from typing import NamedTuple

import numpy as np
import torch
from torch import nn
from torch_geometric.data import Batch

from molpair.chem.featurize import MolArrays
from molpair.data.graphs import FOLLOW_BATCH, graph_of, make_pair
from molpair.models import InteractionMap, build_model, saved_model_config


class Prediction(NamedTuple):
    """Predictions of a batch in original units: mean and standard deviation (pairs,), NaN std for
    models without a variance, and the interaction map when asked for (None for models without one)."""

    mean: torch.Tensor
    std: torch.Tensor
    interaction: InteractionMap | None = None


class OriginalUnits:
    """Mixin of the nn.Modules that hold a pair model trained on standardized targets.

    `_build` creates `model` and the buffers y_mean, y_std (the training split's, restored from the
    hyperparameters) and std_scale (1 until train.run sets it from the validation half: variance
    recalibration, which leaves the predicted means untouched). Buffers follow the device.
    """

    def _build(self, model_name: str, model_config: dict, y_mean: float, y_std: float) -> None:
        self.model = build_model(model_name, model_config)
        self.register_buffer("y_mean", torch.tensor(float(y_mean)))
        self.register_buffer("y_std", torch.tensor(float(y_std) if y_std > 0 else 1.0))
        self.register_buffer("std_scale", torch.tensor(1.0))

    @staticmethod
    def complete_state_dict(state_dict: dict) -> dict:
        """A checkpoint's state dict with std_scale added for runs from before recalibration."""
        state_dict.setdefault("std_scale", torch.tensor(1.0))
        return state_dict

    def forward(self, batch) -> torch.Tensor:
        """Predictions in original units, shape (pairs,)."""
        return self.model(batch) * self.y_std + self.y_mean

    def predict(self, batch, with_map: bool = False) -> Prediction:
        """Mean and predictive std in original units; with `with_map`, the interaction map from the same pass."""
        if with_map:
            mean, variance, interaction = self.model.predict_with_map(batch)
        else:
            (mean, variance), interaction = self.model.predict_distribution(batch), None
        std = torch.full_like(mean, float("nan")) if variance is None else variance.sqrt() * self.y_std * self.std_scale
        return Prediction(mean * self.y_std + self.y_mean, std, interaction)

    @torch.inference_mode()
    def predict_batch(
        self, molecules: list[tuple[MolArrays, MolArrays]], attention: bool = False
    ) -> tuple[np.ndarray, np.ndarray, list[np.ndarray] | None]:
        """`predict` of (solute, solvent) graphs as NumPy (train.predict.PairPredictor), in eval mode."""
        self.eval()
        pairs = [make_pair(graph_of(solute), graph_of(solvent), float("nan"), str(i)) for i, (solute, solvent) in enumerate(molecules)]
        out = self.predict(Batch.from_data_list(pairs, follow_batch=FOLLOW_BATCH).to(self.device), with_map=attention)
        weights = None
        if out.interaction is not None:
            weights = [out.interaction.solute_weights(index).cpu().numpy() for index in range(len(pairs))]
        return out.mean.double().cpu().numpy(), out.std.double().cpu().numpy(), weights


class TrainedModel(OriginalUnits, nn.Module):
    """A pair model with its target scaling, for prediction only; `model_name` says which model it is."""

    def __init__(self, model_name: str, model_config: dict, y_mean: float = 0.0, y_std: float = 1.0):
        super().__init__()
        self.model_name = model_name
        self._build(model_name, model_config, y_mean, y_std)

    @property
    def device(self) -> torch.device:
        return self.y_mean.device

    @classmethod
    def from_checkpoint(cls, path: str | Path, device: str | torch.device = "cpu") -> TrainedModel:
        """The model of a PairRegressor checkpoint (Lightning's .ckpt), in eval mode on `device`."""
        checkpoint = torch.load(path, map_location=device, weights_only=True)
        hp = checkpoint["hyper_parameters"]
        config = saved_model_config(hp["model_name"], hp["model_config"])
        module = cls(hp["model_name"], config, hp["y_mean"], hp["y_std"])
        module.load_state_dict(cls.complete_state_dict(checkpoint["state_dict"]))
        return module.to(device).eval()
