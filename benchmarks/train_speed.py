"""Training speed per model: seconds per epoch (training + validation) on one fold, beside Chemprop v2.

    python benchmarks/train_speed.py --config config.yaml --dataset chr_abs --epochs 3 --threads 1 --chemprop

Uses the run's pairs, splits, graph file and (for ensemble-trained models) its ensemble and monomers;
each model trains `--epochs` epochs with the dataset's training settings in a scratch directory, one
after another, so the figures are comparable. With `--chemprop`, Chemprop v2's CLI (its defaults, as
the `chemprop` model runs it) trains the same fold's rows for 3 and for 3 + `--epochs` epochs (its LR
warm-up takes 2, and it refuses fewer epochs than that); the difference of the two wall times over
`--epochs` is its seconds per epoch, start-up, featurization and prediction cancelling out. Prints one line per model and a table with each model's speed-up over Chemprop.
"""

from __future__ import annotations

import argparse
import tempfile
import time
from pathlib import Path

import torch

from molpair import config as config_module
from molpair.config import ENSEMBLE_MODELS
from molpair.layout import Layout
from molpair.train.chemprop import train_chemprop
from molpair.train.run import train_fold


def chemprop_seconds_per_epoch(layout: Layout, dataset: str, fold: int, train: dict, epochs: int, threads: int) -> float:
    """Chemprop's seconds per epoch: (wall time of 3 + epochs epochs − that of 3 epochs) / epochs."""
    walls = []
    for budget in (3, 3 + epochs):
        with tempfile.TemporaryDirectory(prefix="molpair-speed-chemprop-") as scratch:
            started = time.perf_counter()
            settings = {**train, "max_epochs": budget, "patience": budget + 1}
            train_chemprop(layout.pairs(dataset), layout.splits(dataset), fold, 0, settings, Path(scratch), threads=threads)
            walls.append(time.perf_counter() - started)
    return (walls[1] - walls[0]) / epochs


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--config", required=True)
    parser.add_argument("--dataset", required=True)
    parser.add_argument("--fold", type=int, default=0)
    parser.add_argument("--epochs", type=int, default=3)
    parser.add_argument("--threads", type=int, default=1, help="torch CPU threads (Chemprop's too)")
    parser.add_argument("--models", nargs="*", help="default: every model of the config")
    parser.add_argument("--chemprop", action="store_true", help="also time Chemprop v2 on the same rows")
    args = parser.parse_args()

    torch.set_num_threads(args.threads)
    cfg = config_module.load(args.config)
    layout = Layout(cfg["results_dir"])
    train = {**config_module.train_settings(cfg, args.dataset), "max_epochs": args.epochs, "patience": args.epochs + 1}
    rows = []
    for model in args.models or [name for name in cfg["models"] if name != "chemprop"]:
        if model in ENSEMBLE_MODELS and not layout.ensemble(args.dataset).exists():
            print(f"{model}: skipped, no ensemble at {layout.ensemble(args.dataset)}")
            continue
        with tempfile.TemporaryDirectory(prefix="molpair-speed-") as scratch:
            metrics = train_fold(
                layout.pairs(args.dataset), layout.splits(args.dataset), args.fold, 0, model, cfg["models"][model],
                train, Path(scratch), ensemble_path=layout.ensemble(args.dataset),
                monomers_path=layout.monomers(args.dataset), graph_file=layout.graphs(args.dataset),
            )
        rows.append((model, metrics["seconds_per_epoch"], metrics["n_train"]))
        print(f"{model}: {metrics['seconds_per_epoch']:.2f} s/epoch ({metrics['n_train']} training pairs)", flush=True)
    chemprop = None
    if args.chemprop:
        chemprop = chemprop_seconds_per_epoch(layout, args.dataset, args.fold, train, args.epochs, args.threads)
        print(f"chemprop: {chemprop:.2f} s/epoch (its defaults, batch 64)", flush=True)

    print(f"\n{args.dataset} fold {args.fold}, {args.threads} thread(s), batch {train['batch_size']}, {args.epochs} epochs timed")
    print("| model | s/epoch | training pairs | Chemprop s/epoch ÷ model's |\n|---|---|---|---|")
    for model, seconds, n_train in rows:
        ratio = f"{chemprop / seconds:.2f}" if chemprop else "n/a"
        print(f"| {model} | {seconds:.2f} | {n_train} | {ratio} |")
    if chemprop:
        print(f"| chemprop (v2 CLI defaults) | {chemprop:.2f} | {rows[0][2] if rows else 'n/a'} | 1.00 |")


if __name__ == "__main__":
    main()
