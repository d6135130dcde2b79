"""Pretrain a PRL encoder on the ensembles of unlabeled pairs (the `pretrain` stage).

Labels cost experiments; ensembles cost only CPU. Here the encoder, the latent layer and the
distribution heads learn to predict the distribution of each unlabeled pair's sample outcomes (the
model's `pretraining_loss`), with no target at all; the labeled fine-tuning (train.run.train_fold with
`pretrained_path`) then starts from these weights.

Layout of `out_dir`: weights.pt (the model's state at the best held-out loss, what fine-tuning loads),
best.ckpt / last.ckpt, run.json (fingerprint), logs/metrics.csv and metrics.json. A job killed
mid-way resumes from last.ckpt, like a training run.
"""

from __future__ import annotations

import logging
import time
from pathlib import Path

import lightning as L
import numpy as np
import pandas as pd
import torch
from lightning.pytorch.callbacks import EarlyStopping, ModelCheckpoint
from lightning.pytorch.loggers import CSVLogger

from molpair.data.ensembles import outcome_scaler, read_ensembles
from molpair.data.graphs import PairGraphDataset, attach_ensemble
from molpair.io import write_json
from molpair.models import build_model
from molpair.train.module import adam_with_schedule
from molpair.train.run import (
    EpochSummary, FoldData, RunClock, quiet_lightning, restore_curves, resume_point, run_fingerprint,
)

log = logging.getLogger(__name__)


class EnsemblePretraining(L.LightningModule):
    """Adam + reduce-on-plateau on the model's `pretraining_loss`; `val_loss` is that loss on held-out pairs."""

    def __init__(self, model_name: str, model_config: dict, lr: float = 1e-3, weight_decay: float = 0.0, plateau_patience: int = 3):
        super().__init__()
        self.save_hyperparameters()
        self.model = build_model(model_name, model_config)
        if getattr(self.model, "distribution_weight", 0) <= 0:
            raise ValueError(f"{model_name} has no distribution heads to pretrain (distribution_weight is 0)")

    def training_step(self, batch, batch_idx):
        loss = self.model.pretraining_loss(batch)
        self.log("train_loss", loss, on_step=False, on_epoch=True, batch_size=batch.num_graphs)
        return loss

    def validation_step(self, batch, batch_idx):
        self.log("val_loss", self.model.pretraining_loss(batch), on_step=False, on_epoch=True, batch_size=batch.num_graphs)

    def configure_optimizers(self):
        return adam_with_schedule(
            self.parameters(), self.hparams.lr, self.hparams.weight_decay, patience=self.hparams.plateau_patience
        )


def _held_out(pair_ids: list[str], fraction: float, seed: int) -> set[str]:
    """A seeded `fraction` of the pairs (at least one) that pretraining validates on."""
    order = np.random.default_rng(seed).permutation(len(pair_ids))
    return {pair_ids[i] for i in order[: max(1, round(fraction * len(pair_ids)))]}


def pretrain(
    pairs_path: str | Path,
    ensemble_path: str | Path,
    monomers_path: str | Path | None,
    model_name: str,
    model_config: dict,
    pretrain_config: dict,
    train_config: dict,
    out_dir: str | Path,
) -> dict:
    """Pretrain `model_name` on the unlabeled pairs' ensembles; write weights.pt and metrics.json; return the metrics.

    Batch size, learning rate and weight decay are the run's `train` settings; epochs, patience, the
    held-out share and the seed are `pretrain`'s. Pairs without a usable ensemble are left out.
    """
    started = time.perf_counter()
    out_dir = Path(out_dir)
    out_dir.mkdir(parents=True, exist_ok=True)
    seed = int(pretrain_config["seed"])
    L.seed_everything(seed, workers=True, verbose=False)

    pairs = pd.read_parquet(pairs_path)
    ensembles = read_ensembles(ensemble_path, pairs, monomers_path)
    pairs = pairs[pairs.pair_id.isin(ensembles)].reset_index(drop=True)
    if len(pairs) < 2:
        raise ValueError(f"pretraining needs at least 2 pairs with a usable ensemble; {ensemble_path} has {len(pairs)}")
    held_out = _held_out(list(pairs.pair_id), float(pretrain_config["val_fraction"]), seed)
    pairs["role"] = np.where(pairs.pair_id.isin(held_out), "val", "train")
    pairs["target"] = 0.0  # no label; the graphs need a placeholder
    dataset = PairGraphDataset(pairs)
    mean, std = outcome_scaler(ensembles, list(pairs.pair_id[pairs.role == "train"]))
    for item in dataset:
        attach_ensemble(item, ensembles[item.pair_id], mean, std)
    usable = [item for item in dataset if bool(item.has_ensemble)]
    train = [item for item in usable if item.pair_id not in held_out]
    val = [item for item in usable if item.pair_id in held_out]
    if not train or not val:
        raise ValueError(f"pretraining: {len(train)} training and {len(val)} held-out pairs; both must be above 0")

    batch_size = int(train_config["batch_size"])
    patience = int(pretrain_config["patience"])
    module = EnsemblePretraining(
        model_name, model_config, float(train_config["lr"]), float(train_config["weight_decay"]), max(1, patience // 3)
    )
    fingerprint = run_fingerprint(model_name, model_config, {**pretrain_config, "batch_size": batch_size, "lr": train_config["lr"]}, seed, pairs, ensembles)
    resume, resumed_after, stopped_early, seconds_before = resume_point(out_dir, fingerprint)
    clock = RunClock(started, seconds_before)
    max_epochs = resumed_after if stopped_early else int(pretrain_config["max_epochs"])
    best = ModelCheckpoint(dirpath=out_dir, filename="best", monitor="val_loss", save_top_k=1, enable_version_counter=False)
    latest = ModelCheckpoint(dirpath=out_dir, filename="last", save_top_k=1, enable_version_counter=False)
    with quiet_lightning():
        trainer = L.Trainer(
            max_epochs=max_epochs,
            accelerator="cpu",
            devices=1,
            use_distributed_sampler=False,
            callbacks=[EarlyStopping(monitor="val_loss", patience=patience), best, latest, EpochSummary(), clock],
            logger=CSVLogger(out_dir, name="logs", version=""),
            default_root_dir=out_dir,
            enable_progress_bar=False,
            enable_model_summary=False,
            num_sanity_val_steps=0,
            log_every_n_steps=max(1, min(50, len(train) // batch_size)),
        )
        restore_curves(trainer.logger, resumed_after)
        fit_started = time.perf_counter()
        trainer.fit(module, datamodule=FoldData(train, val, batch_size, seed), ckpt_path=resume)
        fit_seconds = time.perf_counter() - fit_started
    state = torch.load(out_dir / "best.ckpt", map_location="cpu", weights_only=False)  # as in train.run
    weights = {key.removeprefix("model."): value for key, value in state["state_dict"].items() if key.startswith("model.")}
    torch.save(weights, out_dir / "weights.pt")
    epochs_run = int(trainer.callback_metrics.get("epochs_run", trainer.current_epoch))
    metrics = {
        "model": model_name,
        "pairs": len(pairs),
        "n_train": len(train),
        "n_val": len(val),
        "samples": int(sum(len(ensembles[item.pair_id].outcomes) for item in usable)),
        "best_val_loss": float(best.best_model_score),
        "best_epoch": int(state["epoch"]) + 1,
        "epochs_run": epochs_run,
        "resumed_after_epoch": resumed_after,
        "seconds": round(clock.seconds(), 3),
        "seconds_per_epoch": round(fit_seconds / max(1, epochs_run - resumed_after), 4),
    }
    write_json(metrics, out_dir / "metrics.json")
    log.info("pretrained %s on %d pairs: best val_loss %.4g at epoch %d/%d", model_name, len(pairs), metrics["best_val_loss"], metrics["best_epoch"], epochs_run)
    return metrics
