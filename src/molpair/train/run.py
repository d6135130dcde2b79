"""Train one model on one cross-validation fold and repeat; write predictions and metrics.

Layout of `out_dir`: best.ckpt (best validation loss), last.ckpt (state after the latest epoch),
run.json (fingerprint of the run's settings and data), logs/metrics.csv (per-epoch curves),
predictions.parquet (pair_id, role, y_true, y_pred, y_std), domain.json (what the training pairs covered,
for the applicability-domain flags of predictions; train/domain.py) and metrics.json (test RMSE at the best
epoch).

Resuming: a job killed mid-training (a Slurm time limit, a node failure) picks up from last.ckpt when it
runs again with the same fingerprint (model, hyperparameters, seed, fold data, ensemble), and ends as the
uninterrupted run would (random state and early stopping are in the checkpoint). The fingerprint leaves
out where and how the run happens (accelerator, devices, strategy, nodes, workers, deterministic kernels)
and `max_epochs`, so raising the epoch cap continues a finished run. Any other change starts over and removes the old run's state.

Several devices (`train.devices` × `train.num_nodes`, `train.strategy` ddp/ddp_spawn/...) train one model
with data parallelism and give metrics of the same meaning as one device:

- `train.batch_size` is the global batch: each of the W ranks takes batch_size / W pairs per step from
  a seeded shuffle shared by all ranks (rank r takes positions r, r+W, ...), so a step sees the same pairs
  as on one device and DDP's averaged gradient is the same mean. With dropout 0 and W dividing both the
  batch size and the training set, W devices follow the one-device run up to float summation order.
- Validation is sharded without padding (no duplicated pairs), and its metrics are torchmetrics states
  summed across ranks: val_loss / val_rmse are those of the whole validation set, equal on all ranks, so
  early stopping, the best checkpoint and the LR schedule agree everywhere.
- After fitting, global rank 0 alone predicts every role with the best checkpoint in one process (exact,
  unsharded) and writes predictions.parquet and metrics.json; Lightning writes the checkpoint and CSV log
  from rank 0 only. Other ranks of a `ddp` launch return None.
"""

from __future__ import annotations

import hashlib
import json
import logging
import pickle
import sys
import time
import warnings
from contextlib import contextmanager
from pathlib import Path
from typing import NamedTuple

import lightning as L
import numpy as np
import pandas as pd
import pyarrow as pa
import torch
from lightning.pytorch.callbacks import Callback, EarlyStopping, ModelCheckpoint
from lightning.pytorch.loggers import CSVLogger

from lightning.pytorch.overrides.distributed import UnrepeatedDistributedSampler
from torch.utils.data.distributed import DistributedSampler

from molpair.config import ENSEMBLE_MODELS, PRETRAINED_MODELS
from molpair.data.ensembles import outcome_scaler, read_ensembles
from molpair.data.graphs import PairGraphDataset, attach_ensemble, pair_loader
from molpair.io import atomic_path, write_json, write_parquet, write_text
from molpair.models import full_model_config
from molpair.train.domain import write_domain
from molpair.train.guard import CollapseGuard
from molpair.train.module import PairRegressor

log = logging.getLogger(__name__)

ROLES = ("train", "val", "test")
PREDICTION_SCHEMA = pa.schema(
    [
        ("pair_id", pa.string()),
        ("role", pa.string()),
        ("y_true", pa.float64()),
        ("y_pred", pa.float64()),
        ("y_std", pa.float64()),  # predictive standard deviation; NaN for models without one
    ]
)
# Lightning notices that do not apply to small graph datasets on one device, or to our code.
_IGNORED_WARNINGS = [
    r".*does not have many workers.*",
    r".*exists and is not empty.*",
    r".*GPU available but not used.*",
    r".*treespec, LeafSpec.*",
]
# Keys added with the LR schedules and label shares; configs validated before they existed (and hand-made
# dicts in tests) lack them, and at these values they stay out of the fingerprint.
_LATER_DEFAULTS = {"schedule": "plateau", "warmup_epochs": 0, "min_epochs": 1, "label_share": 1.0}
_TRAINER_DEFAULTS = {
    "accelerator": "cpu", "devices": 1, "strategy": "auto", "num_nodes": 1, "deterministic": True, **_LATER_DEFAULTS
}
# Train settings a run may change and still resume: where and how it runs, and how long it may go on.
_RESUMABLE_KEYS = frozenset(
    {"accelerator", "devices", "strategy", "num_nodes", "num_workers", "deterministic", "max_epochs"}
)


class EpochSummary(Callback):
    """One log line per epoch with the logged losses, so long runs stay readable without a progress bar."""

    def on_train_epoch_end(self, trainer, pl_module):
        if trainer.sanity_checking:
            return
        metrics = trainer.callback_metrics
        keys = [key for key in ("train_loss", "val_loss", "val_rmse") if key in metrics]
        values = " ".join(f"{key}={float(metrics[key]):.4g}" for key in keys)
        log.info("epoch %d: %s", trainer.current_epoch + 1, values)
        # Also travels back to the main process after ddp_spawn (which restores callback_metrics, not
        # the loop state), where trainer.current_epoch stays 0.
        trainer.callback_metrics["epochs_run"] = torch.tensor(float(trainer.current_epoch + 1))


class FoldData(L.LightningDataModule):
    """Loaders built in each rank's process, once the world size and rank are known.

    Training: one seeded shuffle per epoch shared by all ranks (DistributedSampler, also on one device),
    rank r taking every W-th pair, ceil(batch_size / W) pairs a step. Validation: unpadded shards
    (UnrepeatedDistributedSampler), each pair seen once over all ranks.
    """

    def __init__(self, train: list, val: list, batch_size: int, seed: int, **options):
        super().__init__()
        self.train, self.val = train, val
        self.batch_size, self.seed, self.options = batch_size, seed, options

    def _world(self) -> tuple[int, int]:
        return self.trainer.world_size, self.trainer.global_rank

    def per_device_batch(self, world_size: int) -> int:
        return -(-self.batch_size // world_size)

    def train_dataloader(self):
        world, rank = self._world()
        sampler = DistributedSampler(
            self.train, num_replicas=world, rank=rank, shuffle=True, seed=self.seed, drop_last=False
        )
        return pair_loader(self.train, self.per_device_batch(world), sampler=sampler, **self.options)

    def val_dataloader(self):
        world, rank = self._world()
        if world == 1:
            return pair_loader(self.val, self.per_device_batch(world), **self.options)
        if len(self.val) >= world:
            sampler = UnrepeatedDistributedSampler(self.val, num_replicas=world, rank=rank, shuffle=False)
        else:
            # A rank without a validation batch would wait forever in the metric sync; pad instead.
            log.warning("%d validation pairs for %d ranks: some are counted twice", len(self.val), world)
            sampler = DistributedSampler(self.val, num_replicas=world, rank=rank, shuffle=False)
        return pair_loader(self.val, self.per_device_batch(world), sampler=sampler, **self.options)


def run_fingerprint(
    model_name: str, model_config: dict, train_config: dict, seed: int, frame: pd.DataFrame, ensembles: dict
) -> str:
    """Hash of what decides a run's course: model, settings (less _RESUMABLE_KEYS), seed, fold data, ensemble."""
    digest = hashlib.sha256()
    # The cosine schedule's curve spans max_epochs, so there the cap is part of the run.
    resumable = _RESUMABLE_KEYS - {"max_epochs"} if train_config.get("schedule") == "cosine" else _RESUMABLE_KEYS
    # Later keys at their defaults are left out, so runs from before they existed keep their fingerprint.
    settings = {
        key: value for key, value in train_config.items()
        if key not in resumable and _LATER_DEFAULTS.get(key, object()) != value
    }
    digest.update(json.dumps([model_name, model_config, settings, seed], sort_keys=True, default=str).encode())
    digest.update(frame[["pair_id", "role", "target"]].to_csv(index=False).encode())
    for pair_id in sorted(ensembles):
        digest.update(pair_id.encode())
        for values in (ensembles[pair_id].contacts, ensembles[pair_id].outcomes):
            digest.update(np.ascontiguousarray(values).tobytes())
    return digest.hexdigest()[:16]


class RunClock(Callback):
    """Writes into each checkpoint the seconds the run has taken so far, its earlier parts included, so a run
    resumed after a kill (a Slurm time limit) reports its whole time; work after the last checkpoint is
    redone, so it is not counted."""

    def __init__(self, started: float, earlier_seconds: float):
        self.started, self.earlier_seconds = started, earlier_seconds  # started: this call's perf_counter()

    def seconds(self) -> float:
        return self.earlier_seconds + time.perf_counter() - self.started

    def state_dict(self) -> dict:
        return {"seconds": self.seconds()}


class ResumePoint(NamedTuple):
    """Where a run starts: an earlier part's last.ckpt (None: from scratch) and what that part had done."""

    checkpoint: Path | None
    epochs_done: int  # validation included
    stopped_early: bool  # early stopping had ended the run there
    seconds_before: float  # the run's time up to that checkpoint (RunClock; 0 for older checkpoints)


def _read_resume_point(checkpoint_path: Path) -> ResumePoint:
    state = torch.load(checkpoint_path, map_location="cpu", weights_only=False)
    done = int(state["loops"]["fit_loop"]["epoch_progress"]["current"]["processed"])
    stopping = [value for key, value in state["callbacks"].items() if key.startswith("EarlyStopping")]
    stopped = any(value.get("stopping_reason", 0) != 0 for value in stopping)
    seconds = float(state["callbacks"].get(RunClock.__qualname__, {}).get("seconds", 0.0))
    return ResumePoint(checkpoint_path, done, stopped, seconds)


def restore_curves(logger: CSVLogger, epochs: int) -> None:
    """Put back the logged rows of a resumed run's first `epochs` epochs. The CSV logger deletes metrics.csv
    when it starts and appends after that, so without them a resumed run killed again (a Slurm time limit)
    would keep only its last part's curves."""
    curves = Path(logger.log_dir) / "metrics.csv"
    earlier = pd.read_csv(curves) if epochs and curves.exists() else pd.DataFrame()
    writer = logger.experiment  # creating the writer deletes metrics.csv
    if not earlier.empty:
        write_text(earlier[earlier["epoch"] < epochs].to_csv(index=False), curves)
        writer.metrics_keys = list(earlier.columns)  # the header the logger's appends follow


def resume_point(out_dir: Path, fingerprint: str) -> ResumePoint:
    """Where an earlier run with the same fingerprint stopped (its last.ckpt); else a fresh start, after
    clearing an older run's state."""
    last, stamp, curves = out_dir / "last.ckpt", out_dir / "run.json", out_dir / "logs" / "metrics.csv"
    if last.exists() and stamp.exists() and json.loads(stamp.read_text()).get("fingerprint") == fingerprint:
        try:
            point = _read_resume_point(last)
        except (RuntimeError, EOFError, KeyError, pickle.UnpicklingError) as error:
            log.warning("cannot read %s (%s); training from scratch", last, error)
        else:
            stopped = ", stopped early" if point.stopped_early else ""
            log.info("resuming from %s: %d epochs done%s", last, point.epochs_done, stopped)
            return point
    for stale in (last, out_dir / "best.ckpt", curves):
        stale.unlink(missing_ok=True)
    write_json({"fingerprint": fingerprint}, stamp)
    return ResumePoint(None, 0, False, 0.0)


@contextmanager
def run_log(out_dir: Path):
    """Append this process's log records to `out_dir`/train.log while it trains: Snakemake empties a job's
    own log when it reruns the job, so a run resumed part by part (each ended by a Slurm time limit) keeps
    every part's log only here."""
    handler = logging.FileHandler(out_dir / "train.log", mode="a")
    handler.setFormatter(logging.Formatter("%(asctime)s %(levelname)s %(name)s: %(message)s"))
    root = logging.getLogger()
    root.addHandler(handler)
    try:
        yield
    finally:
        root.removeHandler(handler)
        handler.close()


@contextmanager
def quiet_lightning():
    """Silence Lightning's banner lines and advice that does not apply here, only while training."""
    logger = logging.getLogger("lightning.pytorch")
    level = logger.level
    logger.setLevel(logging.WARNING)
    with warnings.catch_warnings():
        for pattern in _IGNORED_WARNINGS:
            warnings.filterwarnings("ignore", message=pattern)
        try:
            yield
        finally:
            logger.setLevel(level)


def fold_frame(pairs_path, splits_path, fold: int) -> pd.DataFrame:
    """The pairs table joined with the roles of `fold`."""
    splits = pd.read_parquet(splits_path)
    roles = splits.loc[splits["fold"] == fold, ["pair_id", "role"]]
    if roles.empty:
        raise ValueError(f"fold {fold} not found in {splits_path}")
    return pd.read_parquet(pairs_path).merge(roles, on="pair_id", how="inner")


def labeled_pairs(frame: pd.DataFrame, share: float, seed: int) -> set[str]:
    """The pairs whose labels a run may use (`train.label_share`): every test pair, and a seeded `share` of
    the training and of the validation pairs (at least one of each). A smaller share's pairs lie inside a
    larger one's, and every model of a fold and repeat gets the same ones."""
    rng = np.random.default_rng(seed)
    labeled = set(frame.loc[frame["role"] == "test", "pair_id"])
    for role in ("train", "val"):
        pair_ids = frame.loc[frame["role"] == role, "pair_id"].to_numpy()
        keep = max(1, round(share * len(pair_ids)))
        labeled.update(pair_ids[rng.permutation(len(pair_ids))[:keep]])
    return labeled


def run_seed(train_config: dict, fold: int, repeat: int) -> int:
    """The seed of one (fold, repeat) run, the same for every model: train.seed + 1000 × repeat + fold."""
    return int(train_config["seed"]) + 1000 * repeat + fold


def rmse_mae(y_true: np.ndarray, y_pred: np.ndarray) -> tuple[float | None, float | None]:
    """RMSE and MAE; None for an empty set."""
    if len(y_true) == 0:
        return None, None
    diff = y_pred - y_true
    return float(np.sqrt(np.mean(diff**2))), float(np.mean(np.abs(diff)))


def write_run_outputs(table: pd.DataFrame, out_dir: Path, **identity) -> dict:
    """predictions.parquet of `table` (PREDICTION_SCHEMA) and the error part of metrics.json.

    Returns `identity` (model, fold, repeat, seed), then test/val/train RMSE and test MAE; the caller
    adds its own counts and timings and writes metrics.json.
    """
    write_parquet(pa.Table.from_pandas(table, schema=PREDICTION_SCHEMA, preserve_index=False), out_dir / "predictions.parquet")
    errors = {role: rmse_mae(*table.loc[table["role"] == role, ["y_true", "y_pred"]].to_numpy().T) for role in ROLES}
    return {
        **identity,
        "test_rmse": errors["test"][0],
        "val_rmse": errors["val"][0],
        "train_rmse": errors["train"][0],
        "test_mae": errors["test"][1],
    }


@torch.inference_mode()
def _predict(module: PairRegressor, loaders: dict, targets: pd.Series, device: torch.device) -> pd.DataFrame:
    """Predictions of every role's pairs in this process alone, with the exact float64 targets."""
    module = module.to(device).eval()
    frames = []
    for role, loader in loaders.items():
        if len(loader.dataset) == 0:
            continue
        outputs = [module.predict_step(batch.to(device), index) for index, batch in enumerate(loader)]
        pair_ids = [pid for out in outputs for pid in out["pair_id"]]
        y_pred, y_std = (torch.cat([out[key] for out in outputs]).double().cpu().numpy() for key in ("y_pred", "y_std"))
        y_true = targets.loc[pair_ids].to_numpy()
        frames.append(
            pd.DataFrame({"pair_id": pair_ids, "role": role, "y_true": y_true, "y_pred": y_pred, "y_std": y_std})
        )
    return pd.concat(frames, ignore_index=True)[PREDICTION_SCHEMA.names]


def _recalibrate(module: PairRegressor, table: pd.DataFrame, best_path: Path, checkpoint: dict) -> float | None:
    """Scale the predictive std so that the validation half's standardized residuals have unit mean
    square (σ-scaling, Levi et al. 2019); apply it to `table` and store it in the best checkpoint
    (`checkpoint`, that file's content). Returns the run's total scale; None for models without a
    predictive std."""
    val = table[(table.role == "val") & np.isfinite(table.y_std) & (table.y_std > 0)]
    if val.empty:
        return None
    factor = float(np.sqrt(np.mean(((val.y_true - val.y_pred) / val.y_std) ** 2)))
    if not np.isfinite(factor) or factor <= 0:
        return None
    table["y_std"] = table["y_std"] * factor
    scale = float(module.std_scale) * factor  # a resumed, finished run's checkpoint is already scaled
    checkpoint["state_dict"]["std_scale"] = torch.tensor(scale)
    with atomic_path(best_path) as temporary:
        torch.save(checkpoint, temporary)
    module.std_scale.fill_(scale)
    return scale


def train_fold(
    pairs_path: str | Path,
    splits_path: str | Path,
    fold: int,
    repeat: int,
    model_name: str,
    model_config: dict,
    train_config: dict,
    out_dir: str | Path,
    ensemble_path: str | Path | None = None,
    monomers_path: str | Path | None = None,
    ensemble_pair_ids: set[str] | None = None,
    pretrained_path: str | Path | None = None,
    graph_file: str | Path | None = None,
) -> dict:
    """Train `model_name` on fold `fold`, repeat `repeat`; write outputs to `out_dir`; return the metrics.

    Models in ENSEMBLE_MODELS need `ensemble_path` (and `monomers_path` for gap shifts): every pair gets
    its contact distribution and sample outcomes, standardized with the training pairs' statistics;
    `n_with_ensemble` counts the training pairs that have one. `ensemble_pair_ids`, when given, limits
    the ensembles used to those pairs (a smaller share of a computed factory). `pretrained_path` (the
    pretrain stage's weights.pt, for PRETRAINED_MODELS) is the model's state before the first epoch.
    `graph_file` (the dataset's graphs.pt) spares featurizing the pairs again. With `train.label_share`
    below 1 only `labeled_pairs` keep their targets; `n_train` counts the labeled training pairs and
    `n_unlabeled` the unlabeled ones an ensemble model still trains on.

    `seconds` is the whole run, a resumed run's earlier parts included (RunClock); `seconds_per_epoch`
    covers this call's fitting only (training + validation).
    `best_epoch` counts from 1, like `epochs_run`. With several processes (strategy ddp) every process
    runs this function; only global rank 0 writes files and returns the metrics, the others return None.
    """
    started = time.perf_counter()
    out_dir = Path(out_dir)
    out_dir.mkdir(parents=True, exist_ok=True)
    with run_log(out_dir):
        seed = run_seed(train_config, fold, repeat)
        L.seed_everything(seed, workers=True, verbose=False)

        frame = fold_frame(pairs_path, splits_path, fold)
        dataset = PairGraphDataset(frame, graph_file)
        role_of = dict(zip(frame["pair_id"], frame["role"]))
        subsets = {role: [item for item in dataset if role_of[item.pair_id] == role] for role in ROLES}
        if not subsets["train"] or not subsets["val"]:
            raise ValueError(f"fold {fold}: empty training or validation set after featurization")
        n_with_ensemble, ensembles = 0, {}
        if model_name in ENSEMBLE_MODELS:
            if ensemble_path is None or not Path(ensemble_path).exists():
                raise FileNotFoundError(f"{model_name} trains on the QM ensemble, but {ensemble_path} does not exist")
            ensembles = read_ensembles(ensemble_path, frame, monomers_path)
            if ensemble_pair_ids is not None:
                ensembles = {pair_id: e for pair_id, e in ensembles.items() if pair_id in ensemble_pair_ids}
            train_ids = [item.pair_id for item in subsets["train"]]
            mean, std = outcome_scaler(ensembles, train_ids)
            for item in dataset:
                attach_ensemble(item, ensembles.get(item.pair_id), mean, std)
            n_with_ensemble = sum(pair_id in ensembles for pair_id in train_ids)

        train_config = {**_TRAINER_DEFAULTS, **train_config}
        # Label-scarce runs: the unlabeled training pairs that have an ensemble stay in training (their
        # ensemble terms only, target NaN); other unlabeled pairs leave training and validation.
        unlabeled = []
        if float(train_config["label_share"]) < 1.0:
            labeled = labeled_pairs(frame, float(train_config["label_share"]), seed)
            frame.loc[~frame["pair_id"].isin(labeled), "target"] = np.nan
            unlabeled = [item for item in subsets["train"] if item.pair_id not in labeled and item.pair_id in ensembles]
            for item in unlabeled:
                item.y = torch.full_like(item.y, float("nan"))
            subsets = {role: [item for item in items if item.pair_id in labeled] for role, items in subsets.items()}
        workers = int(train_config["num_workers"])
        options = {
            "num_workers": workers,
            "persistent_workers": workers > 0,
            "pin_memory": train_config["accelerator"] != "cpu" and torch.cuda.is_available(),
        }
        batch_size = int(train_config["batch_size"])
        data = FoldData(subsets["train"] + unlabeled, subsets["val"], batch_size, seed, **options)

        train_targets = torch.cat([item.y for item in subsets["train"]]).double()
        patience = int(train_config["patience"])
        module = PairRegressor(
            model_name,
            full_model_config(model_name, model_config),
            y_mean=float(train_targets.mean()),
            y_std=float(train_targets.std()) if len(train_targets) > 1 else 1.0,
            lr=float(train_config["lr"]),
            weight_decay=float(train_config["weight_decay"]),
            plateau_patience=max(1, patience // 3),
            schedule=train_config["schedule"],
            warmup_epochs=int(train_config["warmup_epochs"]),
            max_epochs=int(train_config["max_epochs"]),
        )
        fingerprinted = model_config
        if model_name in PRETRAINED_MODELS:
            if pretrained_path is None or not Path(pretrained_path).exists():
                raise FileNotFoundError(f"{model_name} starts from pretrained weights, but {pretrained_path} does not exist")
            module.model.load_state_dict(torch.load(pretrained_path, map_location="cpu", weights_only=True))
            # New pretrained weights start the fine-tuning over.
            fingerprinted = {**model_config, "pretrained": hashlib.sha256(Path(pretrained_path).read_bytes()).hexdigest()}
        fingerprint = run_fingerprint(model_name, fingerprinted, train_config, seed, frame, ensembles)
        resume, resumed_after, stopped_early, seconds_before = resume_point(out_dir, fingerprint)
        clock = RunClock(started, seconds_before)
        # A run that early stopping ended stays ended, whatever the epoch cap.
        max_epochs = resumed_after if stopped_early else int(train_config["max_epochs"])
        checkpoint = ModelCheckpoint(
            dirpath=out_dir, filename="best", monitor="val_loss", save_top_k=1, enable_version_counter=False
        )
        # Every epoch (save_last=True writes only when the best improves), after best.ckpt.
        latest = ModelCheckpoint(dirpath=out_dir, filename="last", save_top_k=1, enable_version_counter=False)
        with quiet_lightning():
            devices = train_config["devices"]
            trainer = L.Trainer(
                max_epochs=max_epochs,
                min_epochs=min(max_epochs, int(train_config["min_epochs"])),
                accelerator=train_config["accelerator"],
                devices=devices if devices == "auto" else int(devices),
                strategy=train_config["strategy"],
                num_nodes=int(train_config["num_nodes"]),
                # FoldData shards itself (seeded shuffle shared by ranks; unpadded validation).
                use_distributed_sampler=False,
                callbacks=[
                    EarlyStopping(monitor="val_loss", patience=patience), checkpoint, latest,
                    CollapseGuard(out_dir / "best.ckpt"), EpochSummary(), clock,
                ],
                logger=CSVLogger(out_dir, name="logs", version=""),
                default_root_dir=out_dir,
                deterministic="warn" if train_config["deterministic"] else False,
                enable_progress_bar=sys.stderr.isatty(),
                enable_model_summary=False,
                num_sanity_val_steps=0,
            )
            world = trainer.world_size
            if batch_size % world:
                log.warning(
                    "batch_size %d is not a multiple of %d ranks: %d pairs per device, global batch %d",
                    batch_size, world, data.per_device_batch(world), data.per_device_batch(world) * world,
                )
            steps = -(-len(data.train) // (data.per_device_batch(world) * world))
            trainer.log_every_n_steps = max(1, min(50, steps))
            if trainer.is_global_zero:
                restore_curves(trainer.logger, resumed_after)
            fit_started = time.perf_counter()
            trainer.fit(module, datamodule=data, ckpt_path=resume)
            fit_seconds = time.perf_counter() - fit_started
            if not trainer.is_global_zero:
                return None
            epochs_run = int(trainer.callback_metrics.get("epochs_run", trainer.current_epoch))
            collapses = int(trainer.callback_metrics.get("collapses", 0))

            # Not checkpoint.best_model_path: restored from a resumed run's state, it names the directory the
            # run was trained in, which may since have been moved or copied.
            best_path = out_dir / "best.ckpt"
            best_state = torch.load(best_path, map_location="cpu", weights_only=False)
            best_epoch = int(best_state["epoch"]) + 1
            best = PairRegressor.load_from_checkpoint(best_path, map_location="cpu")
            eval_loaders = {role: pair_loader(subsets[role], batch_size) for role in ROLES}
            device = trainer.strategy.root_device
            table = _predict(best, eval_loaders, frame.set_index("pair_id")["target"], device)
            std_scale = _recalibrate(best, table, best_path, best_state)

        training = frame[frame["pair_id"].isin({item.pair_id for item in subsets["train"]})]
        write_domain(training["solute_smiles"].tolist(), training["solvent_smiles"].tolist(), out_dir)
        metrics = {
            **write_run_outputs(table, out_dir, model=model_name, fold=int(fold), repeat=int(repeat), seed=seed),
            "n_train": len(subsets["train"]),
            "n_unlabeled": len(unlabeled),
            "n_val": len(subsets["val"]),
            "n_test": len(subsets["test"]),
            "n_skipped": len(dataset.skipped),
            "n_with_ensemble": n_with_ensemble,
            "world_size": world,
            "best_epoch": best_epoch,
            "std_scale": std_scale,
            "epochs_run": epochs_run,
            "collapses": collapses,
            "resumed_after_epoch": resumed_after,
            "seconds": round(clock.seconds(), 3),
            "seconds_per_epoch": round(fit_seconds / max(1, epochs_run - resumed_after), 4),
        }
        earlier = out_dir / "metrics.json"
        if epochs_run == resumed_after and earlier.exists():
            # Nothing trained in this call (a finished run evaluated again): keep the training's timings and collapses.
            trained = json.loads(earlier.read_text())
            metrics.update({key: trained.get(key, metrics[key]) for key in ("seconds", "seconds_per_epoch", "collapses")})
        write_json(metrics, out_dir / "metrics.json")
        log.info(
            "%s fold %d rep %d: test_rmse=%s val_rmse=%.4g best_epoch=%d/%d (%.1f s)",
            model_name, fold, repeat, metrics["test_rmse"], metrics["val_rmse"], best_epoch, epochs_run,
            metrics["seconds"],
        )
        return metrics
