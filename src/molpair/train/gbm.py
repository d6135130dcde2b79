"""The fingerprint baseline (model `lightgbm`): gradient-boosted trees (LightGBM, Ke et al. 2017) on each
pair's fixed features (chem/fingerprints.py), on the same folds as the graph models.

Trees fit squared error, or with `huber_delta` Huber's loss (squared within delta of the fit, linear beyond:
a wrong label pulls with a bounded gradient), and are added until the validation RMSE has not improved for
`early_stopping_rounds` rounds (at most `max_trees`); the model of the best round (`trees` in metrics.json) predicts every role. Outputs as `train_fold`'s: predictions.parquet
(y_std NaN: no variance), domain.json, metrics.json, and the booster as model.txt (LightGBM's own text
format), which `molpair predict`, `serve` and the design oracle load (train/fingerprint_model.py).
"""

from __future__ import annotations

import logging
import time
from pathlib import Path

import numpy as np
import pandas as pd

from molpair.chem.fingerprints import pair_features
from molpair.io import atomic_path, write_json
from molpair.train.domain import write_domain
from molpair.train.fingerprint_model import MODEL_FILE
from molpair.train.run import PREDICTION_SCHEMA, ROLES, fold_frame, run_seed, write_run_outputs

log = logging.getLogger(__name__)


def train_lightgbm(
    pairs_path: str | Path,
    splits_path: str | Path,
    fold: int,
    repeat: int,
    model_config: dict,
    train_config: dict,
    out_dir: str | Path,
    fingerprint_file: str | Path | None = None,
    threads: int = 1,
) -> dict:
    """Train and evaluate the fingerprint model on fold `fold`, repeat `repeat` (the seed of its row and
    feature subsampling); write outputs to `out_dir`."""
    import lightgbm

    started = time.perf_counter()
    out_dir = Path(out_dir)
    seed = run_seed(train_config, fold, repeat)
    frame = fold_frame(pairs_path, splits_path, fold).reset_index(drop=True)
    features = pair_features(frame, fingerprint_file, model_config["electronic"], model_config.get("charge_transfer", True))
    featurized = time.perf_counter()
    rows = {role: (frame["role"] == role).to_numpy() for role in ROLES}
    target = frame["target"].to_numpy(dtype=float)
    delta = model_config.get("huber_delta")  # no default: a config without it trains (and reruns) as before
    loss = {"objective": "huber", "alpha": delta} if delta else {"objective": "regression"}
    parameters = {
        **loss, "metric": "rmse", "learning_rate": model_config["learning_rate"],
        "num_leaves": model_config["num_leaves"], "min_data_in_leaf": model_config["min_data_in_leaf"],
        "feature_fraction": model_config["feature_fraction"], "bagging_fraction": model_config["bagging_fraction"],
        "bagging_freq": 1, "num_threads": threads, "seed": seed, "deterministic": True, "verbose": -1,
    }
    training = lightgbm.Dataset(features[rows["train"]], target[rows["train"]])
    validation = lightgbm.Dataset(features[rows["val"]], target[rows["val"]], reference=training)
    booster = lightgbm.train(
        parameters, training, num_boost_round=model_config["max_trees"], valid_sets=[validation],
        callbacks=[lightgbm.early_stopping(model_config["early_stopping_rounds"], verbose=False),
                   lightgbm.log_evaluation(period=500)],
    )
    with atomic_path(out_dir / MODEL_FILE) as temporary:
        booster.save_model(str(temporary), num_iteration=booster.best_iteration)
    training = frame[rows["train"]]
    write_domain(training["solute_smiles"].tolist(), training["solvent_smiles"].tolist(), out_dir)
    table = pd.DataFrame({
        "pair_id": frame["pair_id"], "role": frame["role"], "y_true": target,
        "y_pred": booster.predict(features, num_iteration=booster.best_iteration), "y_std": np.nan,
    })[PREDICTION_SCHEMA.names]
    metrics = {
        **write_run_outputs(table, out_dir, model="lightgbm", fold=int(fold), repeat=int(repeat), seed=seed),
        **{f"n_{role}": int(rows[role].sum()) for role in ROLES},
        "trees": int(booster.best_iteration),
        "featurize_seconds": round(featurized - started, 3),
        "seconds": round(time.perf_counter() - started, 3),
    }
    write_json(metrics, out_dir / "metrics.json")
    log.info("lightgbm fold %d rep %d: test_rmse=%.4g, %d trees (%.1f s)", fold, repeat, metrics["test_rmse"],
             metrics["trees"], metrics["seconds"])
    return metrics
