"""Lightning wrapper that trains any registered pair model on standardized targets."""

from __future__ import annotations

import functools
import math

import lightning as L
import torch
from torchmetrics import MeanSquaredError

from molpair.train.trained import OriginalUnits


SCHEDULES = ("plateau", "cosine")


def warmup_cosine(epoch: int, warmup_epochs: int, max_epochs: int, floor: float = 0.01) -> float:
    """LR factor of epoch `epoch` (from 0): linear warm-up over `warmup_epochs`, then a cosine decay to
    `floor` at `max_epochs` (Loshchilov & Hutter 2017, SGDR without restarts; warm-up as in Goyal et al. 2017)."""
    if epoch < warmup_epochs:
        return (epoch + 1) / warmup_epochs
    progress = min(1.0, (epoch - warmup_epochs) / max(1, max_epochs - warmup_epochs))
    return floor + (1.0 - floor) * 0.5 * (1.0 + math.cos(math.pi * progress))


def adam_with_schedule(
    parameters, lr: float, weight_decay: float, schedule: str = "plateau", patience: int = 3,
    warmup_epochs: int = 0, max_epochs: int = 1, factor: float = 0.5,
) -> dict:
    """Lightning's optimizer config of every molpair training: Adam, with the LR halved on a val_loss
    plateau of `patience` epochs (`plateau`), or warmed up and decayed along a cosine over `max_epochs`
    (`cosine`: the same curve whatever val_loss does, so a short budget still ends at a small LR)."""
    # foreach: one fused update over all (many, small) parameters; the per-tensor loop dominates on CPU.
    optimizer = torch.optim.Adam(parameters, lr=lr, weight_decay=weight_decay, foreach=True)
    if schedule == "cosine":
        curve = functools.partial(warmup_cosine, warmup_epochs=warmup_epochs, max_epochs=max_epochs)
        return {"optimizer": optimizer, "lr_scheduler": {"scheduler": torch.optim.lr_scheduler.LambdaLR(optimizer, curve)}}
    if schedule != "plateau":
        raise ValueError(f"unknown LR schedule {schedule!r} (known: {', '.join(SCHEDULES)})")
    scheduler = torch.optim.lr_scheduler.ReduceLROnPlateau(optimizer, mode="min", factor=factor, patience=patience)
    return {"optimizer": optimizer, "lr_scheduler": {"scheduler": scheduler, "monitor": "val_loss"}}


class PairRegressor(OriginalUnits, L.LightningModule):
    """The model's own loss (MSE for most) on targets standardized with the training split's mean and std;
    Adam with the LR schedule of `adam_with_schedule`.

    The network predicts standardized values; `forward` and `predict_step` return original units
    (OriginalUnits, shared with the Lightning-free TrainedModel that prediction loads).

    Validation metrics are torchmetrics states (sum of squared errors, count), so under DDP they are
    summed over all ranks before the square root: `val_loss` (MSE on the standardized scale, which early
    stopping, checkpointing and the LR schedule monitor) and `val_rmse` (original units) are those of the
    whole validation set and identical on every rank, whatever the device count. `train_loss` is the
    epoch mean, averaged over ranks.
    """

    def __init__(
        self,
        model_name: str,
        model_config: dict,
        y_mean: float = 0.0,
        y_std: float = 1.0,
        lr: float = 1e-3,
        weight_decay: float = 0.0,
        plateau_patience: int = 10,
        plateau_factor: float = 0.5,
        schedule: str = "plateau",
        warmup_epochs: int = 0,
        max_epochs: int = 1,
    ):
        super().__init__()
        self.save_hyperparameters()
        self._build(model_name, model_config, y_mean, y_std)
        self.val_mse_scaled = MeanSquaredError()
        self.val_rmse = MeanSquaredError(squared=False)
        self._unapplied_plateau_metric: float | None = None

    def training_step(self, batch, batch_idx):
        loss, parts = self.model.loss(batch, (batch.y - self.y_mean) / self.y_std)
        logged = {"train_loss": loss, **{f"train_{name}": value for name, value in parts.items()}}
        self.log_dict(logged, on_step=False, on_epoch=True, batch_size=batch.num_graphs, sync_dist=True)
        return loss

    def validation_step(self, batch, batch_idx):
        scaled = self.model(batch)
        self.val_mse_scaled(scaled, (batch.y - self.y_mean) / self.y_std)
        self.val_rmse(scaled * self.y_std + self.y_mean, batch.y)
        self.log("val_loss", self.val_mse_scaled, on_step=False, on_epoch=True, batch_size=batch.num_graphs)
        self.log("val_rmse", self.val_rmse, on_step=False, on_epoch=True, batch_size=batch.num_graphs)

    def predict_step(self, batch, batch_idx, dataloader_idx=0):
        """Predictions in original units; `y_std` is the predictive standard deviation, NaN without one."""
        prediction = self.predict(batch)
        return {"pair_id": list(batch.pair_id), "y_true": batch.y, "y_pred": prediction.mean, "y_std": prediction.std}

    def configure_optimizers(self):
        hp = self.hparams
        return adam_with_schedule(
            self.parameters(), hp.lr, hp.weight_decay, hp.schedule, hp.plateau_patience, hp.warmup_epochs, hp.max_epochs,
            hp.plateau_factor,
        )

    def on_save_checkpoint(self, checkpoint: dict) -> None:
        """Keep what a resumed run needs to continue exactly as an uninterrupted one: torch's random state
        (dropout, latent draws; the shuffle is seeded per epoch) and the epoch's val_loss. Lightning steps
        ReduceLROnPlateau after the epoch's checkpoints are written and skips that step on resuming (the
        metric is not in its checkpoint), so `on_train_start` applies it."""
        checkpoint["torch_rng"] = {
            "cpu": torch.get_rng_state(),
            "cuda": torch.cuda.get_rng_state_all() if torch.cuda.is_available() else [],
        }
        val_loss = self.trainer.callback_metrics.get("val_loss")
        checkpoint["plateau_metric"] = None if val_loss is None else float(val_loss)

    def on_load_checkpoint(self, checkpoint: dict) -> None:
        self.complete_state_dict(checkpoint["state_dict"])
        self._unapplied_plateau_metric = checkpoint.get("plateau_metric")
        states = checkpoint.get("torch_rng")
        if states is None:
            return
        torch.set_rng_state(states["cpu"].cpu())
        if states["cuda"] and torch.cuda.is_available() and len(states["cuda"]) == torch.cuda.device_count():
            torch.cuda.set_rng_state_all([state.cpu() for state in states["cuda"]])

    def on_train_start(self) -> None:
        if self._unapplied_plateau_metric is not None and self.hparams.schedule == "plateau":
            self.lr_schedulers().step(self._unapplied_plateau_metric)
            self._unapplied_plateau_metric = None
