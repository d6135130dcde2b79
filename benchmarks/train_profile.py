"""Where a training step's time goes, and what the graph file saves: one fold of a prepared run.

    python benchmarks/train_profile.py --config config.yaml --dataset chr_abs --model cigin --batches 30

Prints the seconds to build the fold's graphs by featurizing against reading them from the dataset's
graphs.pt (`molpair featurize`), then milliseconds per batch for collation, the forward pass with the
loss, and backward plus the Adam step, over `--batches` training batches of the dataset's batch size.
"""

from __future__ import annotations

import argparse
import time

import torch

from molpair import config as config_module
from molpair.data.graphs import PairGraphDataset, pair_loader
from molpair.layout import Layout
from molpair.train.module import PairRegressor
from molpair.train.run import fold_frame


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--config", required=True)
    parser.add_argument("--dataset", required=True)
    parser.add_argument("--model", default="cigin")
    parser.add_argument("--fold", type=int, default=0)
    parser.add_argument("--batches", type=int, default=30)
    parser.add_argument("--threads", type=int, default=1)
    args = parser.parse_args()

    torch.set_num_threads(args.threads)
    cfg = config_module.load(args.config)
    layout = Layout(cfg["results_dir"])
    settings = config_module.train_settings(cfg, args.dataset)
    frame = fold_frame(layout.pairs(args.dataset), layout.splits(args.dataset), args.fold)
    started = time.perf_counter()
    PairGraphDataset(frame)
    featurized = time.perf_counter() - started
    started = time.perf_counter()
    dataset = PairGraphDataset(frame, layout.graphs(args.dataset))
    read = time.perf_counter() - started
    print(f"{args.dataset} fold {args.fold}: featurize {featurized:.2f} s, read graphs.pt {read:.2f} s ({len(dataset)} pairs)")

    targets = dataset.targets
    module = PairRegressor(args.model, cfg["models"][args.model], float(targets.mean()), float(targets.std()))
    optimizer = torch.optim.Adam(module.parameters(), lr=settings["lr"], foreach=True)
    batch_size = int(settings["batch_size"])
    started = time.perf_counter()
    batches = list(pair_loader(dataset.items[: batch_size * args.batches], batch_size, shuffle=True))
    collate = (time.perf_counter() - started) / len(batches)
    forward = backward = 0.0
    for batch in batches:
        started = time.perf_counter()
        loss, _ = module.model.loss(batch, (batch.y - module.y_mean) / module.y_std)
        middle = time.perf_counter()
        optimizer.zero_grad()
        loss.backward()
        optimizer.step()
        forward, backward = forward + middle - started, backward + time.perf_counter() - middle
    n = len(batches)
    print(
        f"{args.model}, batch {batch_size}, {args.threads} thread(s), {n} batches: collation {1000 * collate:.1f} ms, "
        f"forward + loss {1000 * forward / n:.1f} ms, backward + Adam {1000 * backward / n:.1f} ms per batch"
    )


if __name__ == "__main__":
    main()
