"""Recovery from a training collapse: a network that had learned falls back to a constant prediction.

It happens on the chromophore sets (CIGIN hidden 128 on chr_emi fold 2 at epoch 20, session 47; CGIB with a weak
bottleneck, session 46; a cosine schedule at LR 3e-3, sessions 22-25): one bad step, and training loss and val_loss
jump to the target's variance (about 1.0 on the standardized scale) and stay there. Early stopping then ends the
run at the best epoch before the collapse, often far from converged, with nothing in the log to say why.
`CollapseGuard` watches val_loss at each epoch's end; when it is back near the variance after the run had
learned, it loads the best checkpoint's weights, clears Adam's moments and halves the learning rate, then
training goes on. Runs that never collapse are unchanged.
"""

from __future__ import annotations

import logging
import math
from pathlib import Path

import torch
from lightning.pytorch.callbacks import Callback

log = logging.getLogger(__name__)

COLLAPSED_LOSS = 0.9  # val_loss (MSE on standardized targets) this high: no better than the training mean
LEARNED_LOSS = 0.45  # a collapse only counts once the best val_loss has been this low
MAX_RECOVERIES = 3  # then training stops at the best checkpoint, with an error in the log


class CollapseGuard(Callback):
    """Restore `best_path`'s weights, reset the optimizer's moments and halve the LR when val_loss collapses.

    `collapses` (also `trainer.callback_metrics["collapses"]`, which travels back from spawned processes)
    counts the recoveries; the count is in the checkpoint's callback state, so a resumed run keeps it."""

    def __init__(self, best_path: str | Path):
        self.best_path = Path(best_path)
        self.best_loss = math.inf
        self.collapses = 0

    def on_train_epoch_end(self, trainer, pl_module):
        if trainer.sanity_checking or "val_loss" not in trainer.callback_metrics:
            return
        loss = float(trainer.callback_metrics["val_loss"])
        if loss < self.best_loss:
            self.best_loss = loss
        elif loss >= COLLAPSED_LOSS and self.best_loss <= LEARNED_LOSS and self.best_path.exists():
            self._recover(trainer, pl_module, loss)
        trainer.callback_metrics["collapses"] = torch.tensor(float(self.collapses))

    def _recover(self, trainer, pl_module, loss: float) -> None:
        """Restore the best weights, clear Adam's moments and halve the LR; past MAX_RECOVERIES stop training."""
        epoch = trainer.current_epoch + 1
        if self.collapses >= MAX_RECOVERIES:
            log.error("epoch %d: training collapsed again (val_loss %.3g, best %.3g) after %d recoveries; stopping at "
                      "the best checkpoint", epoch, loss, self.best_loss, self.collapses)
            trainer.should_stop = True
            return
        self.collapses += 1
        state = torch.load(self.best_path, map_location=pl_module.device, weights_only=False)
        pl_module.load_state_dict(state["state_dict"])
        for optimizer in trainer.optimizers:
            optimizer.state.clear()
            for group in optimizer.param_groups:
                group["lr"] *= 0.5
        for config in trainer.lr_scheduler_configs:
            if hasattr(config.scheduler, "base_lrs"):  # a LambdaLR curve sets lr = base_lr × factor each epoch
                config.scheduler.base_lrs = [lr * 0.5 for lr in config.scheduler.base_lrs]
        log.warning("epoch %d: training collapsed (val_loss %.3g, best %.3g at epoch %d); restored the best weights, "
                    "reset the optimizer and halved the learning rate to %.3g (recovery %d of at most %d)", epoch, loss,
                    self.best_loss, int(state["epoch"]) + 1, trainer.optimizers[0].param_groups[0]["lr"],
                    self.collapses, MAX_RECOVERIES)

    def state_dict(self) -> dict:
        return {"best_loss": self.best_loss, "collapses": self.collapses}

    def load_state_dict(self, state_dict: dict) -> None:
        self.best_loss, self.collapses = state_dict["best_loss"], state_dict["collapses"]
