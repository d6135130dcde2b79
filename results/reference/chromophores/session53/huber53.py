"""Session 53 probe (issue 12): LightGBM's Huber loss instead of squared error for molpair's `lightgbm`.

chr_emi's test error sits in a few labels far from the dye's other measurements (session 49, tails49-emi.txt);
the same kind of label in the training half pulls the trees' leaves toward it under squared error, and with
them the predictions for that dye in other solvents. Huber's loss is squared within `delta` nm of the fit and
linear beyond, so such a label pulls with a bounded gradient. Everything else is the run's own: the run
directory's features (fingerprint file), pairs, splits, seed and molpair's lightgbm settings from its config;
early stopping on validation RMSE (LightGBM's default metric for the Huber objective is the Huber loss).
With VARIANT `l2` it reproduces `molpair train` (the check that nothing else differs).
usage: python huber53.py CONFIG DATASET FOLD REPEAT VARIANT OUT.json   (VARIANT: l2 | huberD, D in nm)
"""
import json
import sys
import time

import numpy as np

from molpair import config as configuration
from molpair.chem.fingerprints import pair_features
from molpair.layout import Layout
from molpair.train.run import fold_frame, run_seed


def main():
    config_path, dataset, fold, repeat, variant, out_path = sys.argv[1:7]
    fold, repeat = int(fold), int(repeat)
    import lightgbm

    started = time.time()
    config = configuration.load(config_path)
    settings = configuration.model_settings(config, dataset, "lightgbm")
    layout = Layout(configuration.results_dir(config))
    frame = fold_frame(layout.pairs(dataset), layout.splits(dataset), fold).reset_index(drop=True)
    features = pair_features(frame, layout.fingerprints(dataset), settings["electronic"], settings.get("charge_transfer", True))
    rows = {role: (frame["role"] == role).to_numpy() for role in ("train", "val", "test")}
    target = frame["target"].to_numpy(dtype=float)
    objective = {"objective": "regression"} if variant == "l2" else {"objective": "huber", "alpha": float(variant[5:])}
    parameters = {
        **objective, "metric": "rmse", "learning_rate": settings["learning_rate"], "num_leaves": settings["num_leaves"],
        "min_data_in_leaf": settings["min_data_in_leaf"], "feature_fraction": settings["feature_fraction"],
        "bagging_fraction": settings["bagging_fraction"], "bagging_freq": 1, "num_threads": 1,
        "seed": run_seed(configuration.train_settings(config, dataset), fold, repeat), "deterministic": True, "verbose": -1,
    }
    training = lightgbm.Dataset(features[rows["train"]], target[rows["train"]])
    validation = lightgbm.Dataset(features[rows["val"]], target[rows["val"]], reference=training)
    booster = lightgbm.train(parameters, training, num_boost_round=settings["max_trees"], valid_sets=[validation],
                             callbacks=[lightgbm.early_stopping(settings["early_stopping_rounds"], verbose=False)])
    error = booster.predict(features, num_iteration=booster.best_iteration) - target
    seen = frame["solute_smiles"].isin(set(frame.loc[rows["train"], "solute_smiles"])).to_numpy()
    rmse = lambda mask: float(np.sqrt(np.mean(error[mask] ** 2)))
    result = {"dataset": dataset, "fold": fold, "repeat": repeat, "variant": variant,
              "train_rmse": rmse(rows["train"]), "val_rmse": rmse(rows["val"]), "test_rmse": rmse(rows["test"]),
              "test_seen_rmse": rmse(rows["test"] & seen), "test_unseen_rmse": rmse(rows["test"] & ~seen),
              "trees": int(booster.best_iteration), "seconds": round(time.time() - started, 1)}
    with open(out_path, "w") as handle:
        json.dump(result, handle, indent=1)
    print(json.dumps(result))


if __name__ == "__main__":
    main()
