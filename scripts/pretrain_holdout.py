"""prl_pretrained with a per-fold pretraining that never saw the fold's held-out solutes.

The pretraining set pairs the datasets' own solutes with other solvents, unlabeled; so the test and
validation solutes of a fold appear there too (in other solvents). This check removes, for one fold,
every pretraining pair whose solute is a validation or test solute of that fold, pretrains on the
rest, and fine-tunes on the fold as `molpair train` would:

    python scripts/pretrain_holdout.py --config evidence.yaml --dataset freesolv --fold 0 --out holdout

`--pairs N` pretrains on the first N pairs of the pretraining set only (its seeded order, so the
N-pair set a config with `pretrain.pairs: N` would compute) before removing the fold's solutes: the
points of a curve of test RMSE against the number of pretraining pairs, from one computed set.

Writes OUT/fold{F}/pretrain/ (weights, metrics) and OUT/fold{F}-rep0/ (the run), prints the metrics.
"""

from __future__ import annotations

import argparse
import json
import logging
from pathlib import Path

import pandas as pd
import torch

from molpair import config as config_module
from molpair.cli import train_one
from molpair.layout import PRETRAIN_SET, Layout
from molpair.train.pretrain import pretrain

MODEL = "prl_pretrained"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--config", required=True)
    parser.add_argument("--dataset", required=True)
    parser.add_argument("--fold", type=int, required=True)
    parser.add_argument("--out", required=True, type=Path)
    parser.add_argument("--pairs", type=int, help="pretrain on the first PAIRS pretraining pairs only")
    args = parser.parse_args()
    logging.basicConfig(level=logging.INFO, format="%(asctime)s %(levelname)s %(name)s: %(message)s")
    torch.set_num_threads(1)

    cfg = config_module.load(args.config)
    layout = Layout(cfg["results_dir"])
    source = Layout(cfg["pretrain"]["from_results"] or cfg["results_dir"])
    pairs = pd.read_parquet(layout.pairs(args.dataset))
    splits = pd.read_parquet(layout.splits(args.dataset))
    held = splits[(splits.fold == args.fold) & splits.role.isin(["val", "test"])].pair_id
    held_solutes = set(pairs[pairs.pair_id.isin(held)].solute_smiles)
    unlabeled = pd.read_parquet(source.pairs(PRETRAIN_SET)).iloc[: args.pairs]
    kept = unlabeled[~unlabeled.solute_smiles.isin(held_solutes)]
    fold_dir = args.out / f"fold{args.fold}"
    fold_dir.mkdir(parents=True, exist_ok=True)
    kept.to_parquet(fold_dir / "pretrain-pairs.parquet", index=False)
    pretrained = pretrain(
        fold_dir / "pretrain-pairs.parquet", source.ensemble(PRETRAIN_SET), source.monomers(PRETRAIN_SET), MODEL,
        cfg["models"][MODEL], cfg["pretrain"], cfg["train"], fold_dir / "pretrain",
    )
    metrics = train_one(
        cfg, layout, args.dataset, MODEL, cfg["models"][MODEL], args.fold, 0, args.out / f"fold{args.fold}-rep0", 1,
        pretrained_path=fold_dir / "pretrain" / "weights.pt",
    )
    metrics["pretraining_pairs"] = pretrained["pairs"]
    metrics["pretraining_pairs_removed"] = len(unlabeled) - len(kept)
    print(json.dumps(metrics, indent=2, sort_keys=True))


if __name__ == "__main__":
    main()
