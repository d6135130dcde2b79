"""The hyperparameter search: same budget per model, chosen on validation RMSE alone."""

import json

import jsonschema
import pandas as pd
import pytest

from conftest import alkanol_rows, write_pair_set
from molpair import config
from molpair.train import train_fold
from molpair.train.search import SPACES, search, trial_configs

TRAIN = {
    "folds": None, "repeats": 1, "seed": 0, "max_epochs": 3, "patience": 3, "batch_size": 8,
    "lr": 0.003, "weight_decay": 0.0, "accelerator": "cpu", "devices": 1, "num_workers": 0,
}


def test_trials_start_from_the_config_and_draw_distinct_seeded_configurations():
    base = {"hidden_dim": 64, "num_layers": 3, "dropout": 0.1}
    configs = trial_configs("cigin", base, 5, seed=0)
    assert configs[0] == base and len(configs) == 5
    assert len({json.dumps(c, sort_keys=True) for c in configs}) == 5
    assert all(c[key] in SPACES["cigin"][key] for c in configs[1:] for key in c)
    assert trial_configs("cigin", base, 5, seed=0) == configs != trial_configs("cigin", base, 5, seed=1)
    with pytest.raises(ValueError, match="no search space"):
        trial_configs("chemprop", {}, 2, 0)


def test_every_searched_value_is_a_setting_its_model_accepts():
    """Trials bypass the config's validation: a key the schema lacks would be ignored by the model
    (train_lightgbm reads named keys), a value outside its bounds would reach the library."""
    models = config.schema()["properties"]["models"]["properties"]
    for model, space in SPACES.items():
        for key, values in space.items():
            for value in values:
                jsonschema.validate(value, models[model]["properties"][key])


def test_search_chooses_by_validation_rmse_and_never_reads_the_test_half(tmp_path):
    calls = []

    def fake_train(config, fold, out_dir):
        calls.append((config["hidden_dim"], fold))
        # test RMSE favours another trial: the choice must follow validation.
        return {"val_rmse": 1.0 / config["hidden_dim"] + fold, "test_rmse": float(config["hidden_dim"])}

    settings = {"trials": 3, "folds": [0, 1], "seed": 0}
    trials = search("cigin", {"hidden_dim": 32, "num_layers": 2, "dropout": 0.0}, settings, tmp_path, fake_train)
    assert len(calls) == 6 and {fold for _, fold in calls} == {0, 1}
    best = json.loads((tmp_path / "best.json").read_text())
    assert best["config"]["hidden_dim"] == max(width for width, _ in calls)
    assert trials.chosen.sum() == 1 and trials.loc[trials.chosen, "mean_val_rmse"].item() == trials.mean_val_rmse.min()
    assert set(pd.read_csv(tmp_path / "search.csv").columns) == {"trial", "fold", "val_rmse", "config", "mean_val_rmse", "chosen"}


def test_search_trains_real_runs(tmp_path):
    write_pair_set(tmp_path, alkanol_rows(), ["train"] * 32 + ["val"] * 4 + ["test"] * 4)
    train = lambda config, fold, out: train_fold(  # noqa: E731
        tmp_path / "pairs.parquet", tmp_path / "splits.parquet", fold, 0, "cigin", config, TRAIN, out
    )
    trials = search("cigin", {"hidden_dim": 16, "num_layers": 1, "dropout": 0.0}, {"trials": 2, "folds": [0], "seed": 0}, tmp_path / "s", train)
    assert len(trials) == 2 and (tmp_path / "s" / "trial1" / "fold0" / "metrics.json").exists()
