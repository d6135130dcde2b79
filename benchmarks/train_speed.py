"""Training speed per model: seconds per epoch (training + validation) on one fold of a finished run.

    python benchmarks/train_speed.py --config config.yaml --dataset mnsol --epochs 3 --threads 1

Uses the run's pairs, splits and (for ensemble-trained models) its ensemble and monomers; each model
trains `--epochs` epochs with the config's hyperparameters in a scratch directory, one after another,
so the figures are comparable. Prints one line per model and a table at the end.
"""

from __future__ import annotations

import argparse
import tempfile
from pathlib import Path

import torch

from molpair import config as config_module
from molpair.config import ENSEMBLE_MODELS
from molpair.layout import Layout
from molpair.train.run import train_fold


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--config", required=True)
    parser.add_argument("--dataset", required=True)
    parser.add_argument("--fold", type=int, default=0)
    parser.add_argument("--epochs", type=int, default=3)
    parser.add_argument("--threads", type=int, default=1, help="torch CPU threads")
    parser.add_argument("--models", nargs="*", help="default: every model of the config")
    args = parser.parse_args()

    torch.set_num_threads(args.threads)
    cfg = config_module.load(args.config)
    layout = Layout(cfg["results_dir"])
    train = {**config_module.train_settings(cfg, args.dataset), "max_epochs": args.epochs, "patience": args.epochs + 1}
    rows = []
    for model in args.models or list(cfg["models"]):
        if model in ENSEMBLE_MODELS and not layout.ensemble(args.dataset).exists():
            print(f"{model}: skipped, no ensemble at {layout.ensemble(args.dataset)}")
            continue
        with tempfile.TemporaryDirectory(prefix="molpair-speed-") as scratch:
            metrics = train_fold(
                layout.pairs(args.dataset), layout.splits(args.dataset), args.fold, 0, model, cfg["models"][model],
                train, Path(scratch), ensemble_path=layout.ensemble(args.dataset),
                monomers_path=layout.monomers(args.dataset),
            )
        rows.append((model, metrics["seconds_per_epoch"], metrics["n_train"], metrics["epochs_run"]))
        print(f"{model}: {metrics['seconds_per_epoch']:.2f} s/epoch ({metrics['n_train']} training pairs)", flush=True)

    print(f"\n{args.dataset} fold {args.fold}, {args.threads} thread(s), batch {train['batch_size']}")
    print("| model | s/epoch | training pairs | epochs |\n|---|---|---|---|")
    for model, seconds, n_train, epochs in rows:
        print(f"| {model} | {seconds:.2f} | {n_train} | {epochs} |")


if __name__ == "__main__":
    main()
