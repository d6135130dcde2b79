"""A small seeded hyperparameter search on the validation halves only, with the same budget for every model.

Trial 0 is the model's configuration as given; trials 1.. are distinct seeded draws from the model's
space (SPACES), each overriding the given values. Every trial trains on `search.folds` (repeat 0) and
is scored by its mean validation RMSE over those folds; the test halves are never read. The result is
`search.csv` (one row per trial and fold, plus the mean and the choice) and `best.json` (the chosen
model settings), to be copied into the config of the reference run, where they are recorded.
"""

from __future__ import annotations

import itertools
import json
import logging
import random
from collections.abc import Callable
from pathlib import Path

import pandas as pd

from molpair.io import write_json, write_text

log = logging.getLogger(__name__)

_GRAPH = {"hidden_dim": (32, 64, 128), "num_layers": (2, 3, 4), "dropout": (0.0, 0.1, 0.2)}
_PRL = {**_GRAPH, "beta": (1e-4, 1e-3, 1e-2)}
_DISTRIBUTION = {"distribution_weight": (0.1, 0.3, 1.0)}
_DISTILLATION = {"distillation_weight": (0.03, 0.1, 0.3)}
_TREES = {"learning_rate": (0.03, 0.06), "num_leaves": (31, 63, 127, 255), "min_data_in_leaf": (2, 5, 20),
          "feature_fraction": (0.1, 0.3, 0.5)}
#: Values each model's search draws from; chemprop runs at its own defaults and is not searched.
SPACES: dict[str, dict[str, tuple]] = {
    "cigin": _GRAPH,
    "attentivefp": {**_GRAPH, "num_timesteps": (1, 2, 3)},
    "cgib": {**_GRAPH, "beta": (0.01, 0.1, 1.0)},
    "prl_no_ensemble": _PRL,
    "prl": {**_PRL, **_DISTRIBUTION, **_DISTILLATION},
    "prl_pretrained": {**_PRL, **_DISTRIBUTION, **_DISTILLATION},
    "prl_no_distribution": {**_PRL, **_DISTILLATION},
    "prl_no_distillation": {**_PRL, **_DISTRIBUTION},
    "lightgbm": _TREES,
}


def trial_configs(model: str, base: dict, trials: int, seed: int) -> list[dict]:
    """`trials` distinct model configurations: `base`, then seeded draws from SPACES[model] over it."""
    if model not in SPACES:
        raise ValueError(f"model {model!r} has no search space (searchable: {', '.join(SPACES)})")
    space = SPACES[model]
    grid = [dict(zip(space, values)) for values in itertools.product(*space.values())]
    random.Random(seed).shuffle(grid)
    configs = [dict(base)]
    for overrides in grid:
        if len(configs) == trials:
            break
        candidate = {**base, **overrides}
        if candidate not in configs:
            configs.append(candidate)
    return configs


def search(
    model: str, base: dict, settings: dict, out_dir: str | Path, train_one: Callable[[dict, int, Path], dict]
) -> pd.DataFrame:
    """Run the search; `train_one(model_config, fold, run_dir)` trains one run and returns its metrics.

    Writes out_dir/search.csv and out_dir/best.json; returns the per-trial table (mean validation RMSE).
    """
    out_dir = Path(out_dir)
    rows = []
    configs = trial_configs(model, base, settings["trials"], settings["seed"])
    for trial, config in enumerate(configs):
        for fold in settings["folds"]:
            metrics = train_one(config, fold, out_dir / f"trial{trial}" / f"fold{fold}")
            rows.append({"trial": trial, "fold": fold, "val_rmse": metrics["val_rmse"], "config": json.dumps(config, sort_keys=True)})
            log.info("search %s trial %d/%d fold %d: val_rmse %.4g", model, trial + 1, len(configs), fold, metrics["val_rmse"])
    runs = pd.DataFrame(rows)
    trials = runs.groupby(["trial", "config"], as_index=False)["val_rmse"].mean().rename(columns={"val_rmse": "mean_val_rmse"})
    best = int(trials.loc[trials.mean_val_rmse.idxmin(), "trial"])
    trials["chosen"] = trials.trial == best
    table = runs.merge(trials[["trial", "mean_val_rmse", "chosen"]], on="trial")
    write_text(table.to_csv(index=False), out_dir / "search.csv")
    write_json(
        {"model": model, "trial": best, "config": configs[best], "mean_val_rmse": float(trials.mean_val_rmse.min()), **settings},
        out_dir / "best.json",
    )
    return trials
