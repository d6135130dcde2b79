"""CollapseGuard on a real Lightning fit of a linear model whose weights a test callback wipes before
validation (a constant predictor, as in a collapsed training run)."""

import logging

import lightning as L
import pytest
import torch
from lightning.pytorch.callbacks import Callback, ModelCheckpoint
from torch.utils.data import DataLoader, TensorDataset

from molpair.train.guard import MAX_RECOVERIES, CollapseGuard
from molpair.train.module import adam_with_schedule

WEIGHTS = torch.tensor([[1.0, -2.0, 0.5, 1.5]]) / 2.7  # targets of about unit variance


class Linear(L.LightningModule):
    def __init__(self):
        super().__init__()
        self.layer = torch.nn.Linear(4, 1)

    def training_step(self, batch, batch_idx):
        x, y = batch
        return torch.nn.functional.mse_loss(self.layer(x), y)

    def validation_step(self, batch, batch_idx):
        x, y = batch
        self.log("val_loss", torch.nn.functional.mse_loss(self.layer(x), y))

    def configure_optimizers(self):
        return adam_with_schedule(self.parameters(), lr=0.05, weight_decay=0.0, patience=50)


class Wipe(Callback):
    """Zero the model's weights just before validation of the given epochs (from 0)."""

    def __init__(self, epochs):
        self.epochs = set(epochs)

    def on_validation_start(self, trainer, pl_module):
        if trainer.current_epoch in self.epochs:
            with torch.no_grad():
                for parameter in pl_module.parameters():
                    parameter.zero_()


def fit(tmp_path, wiped_epochs, max_epochs=12, resume=None):
    L.seed_everything(0, verbose=False)
    x = torch.randn(256, 4)
    data = TensorDataset(x, x @ WEIGHTS.T)
    model, guard = Linear(), CollapseGuard(tmp_path / "best.ckpt")
    trainer = L.Trainer(
        max_epochs=max_epochs, accelerator="cpu", logger=False, enable_progress_bar=False, enable_model_summary=False,
        num_sanity_val_steps=0, default_root_dir=tmp_path,
        callbacks=[ModelCheckpoint(dirpath=tmp_path, filename="best", monitor="val_loss", enable_version_counter=False),
                   ModelCheckpoint(dirpath=tmp_path, filename="last", enable_version_counter=False),
                   guard, Wipe(wiped_epochs)],
    )
    trainer.fit(model, DataLoader(data, batch_size=32, shuffle=True), DataLoader(data, batch_size=256), ckpt_path=resume)
    return model, guard, trainer


def test_a_collapse_is_undone_and_training_goes_on(tmp_path, caplog):
    with caplog.at_level(logging.WARNING, logger="molpair.train.guard"):
        model, guard, trainer = fit(tmp_path, wiped_epochs=[6])
    assert guard.collapses == 1 and int(trainer.callback_metrics["collapses"]) == 1
    assert "training collapsed" in caplog.text and "halved the learning rate" in caplog.text
    assert trainer.optimizers[0].param_groups[0]["lr"] == pytest.approx(0.025)
    assert trainer.current_epoch == 12  # ran to the end
    assert torch.allclose(model.layer.weight.detach(), WEIGHTS, atol=0.05)  # learned again from the restored weights


def test_a_run_that_never_collapses_is_left_alone(tmp_path):
    _, guard, trainer = fit(tmp_path, wiped_epochs=[])
    assert guard.collapses == 0 and trainer.optimizers[0].param_groups[0]["lr"] == pytest.approx(0.05)


def test_repeated_collapses_stop_training_at_the_best_checkpoint(tmp_path, caplog):
    with caplog.at_level(logging.ERROR, logger="molpair.train.guard"):
        _, guard, trainer = fit(tmp_path, wiped_epochs=range(4, 12), max_epochs=12)
    assert guard.collapses == MAX_RECOVERIES
    assert trainer.current_epoch == 4 + MAX_RECOVERIES + 1  # stopped after the collapse past the last recovery
    assert "collapsed again" in caplog.text


def test_a_resumed_run_keeps_its_count(tmp_path):
    _, first, _ = fit(tmp_path, wiped_epochs=[6], max_epochs=9)
    _, resumed, trainer = fit(tmp_path, wiped_epochs=[], max_epochs=12, resume=tmp_path / "last.ckpt")
    assert first.collapses == resumed.collapses == 1 and resumed.best_loss <= first.best_loss
    assert trainer.current_epoch == 12
