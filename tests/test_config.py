"""Configuration: defaults, schema errors with the key named, and the workflow refusing a bad config."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest
import yaml

from molpair import config as config_module

from conftest import REPO


def test_defaults_fill_every_section():
    cfg = config_module.validate({"datasets": {"freesolv": None}})
    assert cfg["geometry"]["k_samples"] == 8
    assert cfg["qm"]["engine"] == "tblite" and cfg["qm"]["method"] == "GFN2-xTB"
    assert cfg["datasets"]["freesolv"] == {"max_pairs": None, "ensemble_pairs": None}
    assert cfg["models"] == {"cigin": {"hidden_dim": 64, "num_layers": 3, "dropout": 0.1, "scaled_interaction": True}}


def test_a_dataset_trains_with_its_own_settings_over_the_train_section():
    cfg = config_module.validate({
        "datasets": {"chr_abs": {"train": {"batch_size": 128, "lr": 0.003}}, "freesolv": {}},
        "train": {"schedule": "cosine", "lr": 0.001},
    })
    dye = config_module.train_settings(cfg, "chr_abs")
    assert (dye["batch_size"], dye["lr"], dye["schedule"]) == (128, 0.003, "cosine")
    assert config_module.train_settings(cfg, "freesolv") == {
        key: value for key, value in cfg["train"].items() if key not in ("folds", "repeats")
    }
    assert cfg["datasets"]["chr_abs"]["train"] == {"batch_size": 128, "lr": 0.003}  # no defaults filled in


def test_a_dataset_trains_a_model_with_its_own_settings_over_the_models_section():
    cfg = config_module.validate({
        "datasets": {"chr_abs": {}, "freesolv": {"models": {"lightgbm": {"charge_transfer": False}}}},
        "models": {"lightgbm": {"num_leaves": 31}},
    })
    solvation, dye = (config_module.model_settings(cfg, dataset, "lightgbm") for dataset in ("freesolv", "chr_abs"))
    assert (solvation["charge_transfer"], solvation["num_leaves"]) == (False, 31)
    assert dye == cfg["models"]["lightgbm"] and dye["charge_transfer"] is True
    assert cfg["datasets"]["freesolv"]["models"] == {"lightgbm": {"charge_transfer": False}}  # no defaults filled in


@pytest.mark.parametrize(
    "bad, where",
    [
        ({"datasets": {"freesolv": {"models": {"lightgbm": {}}}}, "models": {"cigin": {}}}, "datasets.freesolv.models.lightgbm"),
        ({"datasets": {"freesolv": {"models": {"lightgbm": {"num_leaves": 1}}}}, "models": {"lightgbm": {}}},
         "datasets.freesolv.models.lightgbm.num_leaves"),
        ({"datasets": {"freesolv": {"models": {"lightgbm": {"leaves": 31}}}}, "models": {"lightgbm": {}}},
         "datasets.freesolv.models.lightgbm"),
        ({"datasets": {"no such": {}}}, "datasets"),
        ({"datasets": {"freesolv": {}}, "geometry": {"k_samples": -1}}, "geometry.k_samples"),
        ({"datasets": {"freesolv": {}}, "qm": {"engine": "gaussian"}}, "qm.engine"),
        ({"datasets": {"freesolv": {"colour": 1}}}, "datasets.freesolv"),
        ({"datasets": {}}, "datasets"),
        ({"datasets": {"chr_abs": {"train": {"lr": 0}}}}, "datasets.chr_abs.train.lr"),
        ({"datasets": {"chr_abs": {"train": {"folds": [0]}}}}, "datasets.chr_abs.train"),
        ({"datasets": {"freesolv": {}}, "train": {"schedule": "step"}}, "train.schedule"),
        ({"datasets": {"chr_abs": {}}, "models": {"chemprop": {}},
          "design": {"dataset": "chr_abs", "model": "chemprop", "targets": {"t": {"value": 500, "window": 10, "solvent": "O"}}}},
         "design.model"),
    ],
)
def test_bad_config_names_the_key(bad, where):
    with pytest.raises(config_module.ConfigError) as error:
        config_module.validate(bad)
    assert f"  {where}:" in str(error.value)


def test_the_design_oracle_may_be_a_fingerprint_model():
    cfg = config_module.validate({
        "datasets": {"chr_abs": {}}, "models": {"lightgbm": {}},
        "design": {"dataset": "chr_abs", "model": "lightgbm", "targets": {"t": {"value": 500, "window": 10, "solvent": "O"}}},
    })
    assert cfg["design"]["model"] == "lightgbm"
    cfg["design"]["model"], cfg["design"]["folds"] = ["lightgbm", "cigin"], [0, 1]
    assert [str(run) for run in config_module.design_runs(cfg)] == [
        f"results/chr_abs/runs/{model}/fold{fold}-rep0" for model in ("lightgbm", "cigin") for fold in (0, 1)
    ]


def test_the_electronic_block_is_computed_only_for_a_lightgbm_run_that_reads_it():
    cfg = config_module.validate({"datasets": {"chr_abs": {}, "freesolv": {}}, "models": {"lightgbm": {}}})
    assert config_module.reads_electronic_block(cfg, "chr_abs")  # the default
    cfg["datasets"]["freesolv"]["models"] = {"lightgbm": {"electronic": False}}
    assert config_module.reads_electronic_block(cfg, "chr_abs") and not config_module.reads_electronic_block(cfg, "freesolv")
    cfg = config_module.validate({"datasets": {"chr_abs": {}}, "models": {"cigin": {}}})
    assert not config_module.reads_electronic_block(cfg, "chr_abs")


def test_shipped_configs_are_valid():
    for path in (REPO / "config").glob("*.yaml"):
        config_module.load(path)


def test_missing_config_file(tmp_path):
    with pytest.raises(config_module.ConfigError, match="not found"):
        config_module.load(tmp_path / "nope.yaml")


def _snakemake_dry_run(tmp_path: Path, cfg: dict) -> subprocess.CompletedProcess:
    path = tmp_path / "bad.yaml"
    path.write_text(yaml.safe_dump(cfg))
    command = [sys.executable, "-m", "snakemake", "-n", "--cores", "1", "-s", str(REPO / "Snakefile"),
               "--directory", str(tmp_path), "--configfile", str(path)]
    return subprocess.run(command, capture_output=True, text=True, timeout=120)


def test_workflow_stops_before_any_job_on_bad_config(tmp_path):
    result = _snakemake_dry_run(tmp_path, {"datasets": {"freesolv": {}}, "geometry": {"k_samples": -2}})
    assert result.returncode != 0
    assert "geometry.k_samples" in result.stdout + result.stderr
    assert not (tmp_path / "results").exists()


def test_workflow_stops_on_missing_data_file(tmp_path):
    cfg = {"results_dir": str(tmp_path / "results"), "datasets": {"freesolv": {"file": "freesolv/nope.txt"}}}
    result = _snakemake_dry_run(tmp_path, cfg)
    assert result.returncode != 0
    assert "nope.txt" in result.stdout + result.stderr


def test_command_line_overrides_merge_with_their_yaml_types():
    from molpair.config import with_overrides

    base = {"datasets": {"freesolv": {"max_pairs": 24}}, "train": {"max_epochs": 5, "patience": 5}}
    # Snakemake hands nested --config values over as strings.
    merged = with_overrides(base, {"train": {"max_epochs": "7"}, "datasets": {"freesolv": {"max_pairs": "null"}}, "results_dir": "elsewhere"})
    assert merged == {"datasets": {"freesolv": {"max_pairs": None}}, "train": {"max_epochs": 7, "patience": 5}, "results_dir": "elsewhere"}
    assert base["train"]["max_epochs"] == 5
    assert config_module.validate(merged)["train"]["max_epochs"] == 7


def test_workflow_stops_when_borrowed_pretrained_weights_are_missing(tmp_path):
    cfg = {"datasets": {"freesolv": {}}, "pretrain": {"from_results": str(tmp_path / "elsewhere")}, "models": {"prl_pretrained": {}}}
    result = _snakemake_dry_run(tmp_path, cfg)
    assert result.returncode != 0
    assert "prl_pretrained starts from" in result.stderr + result.stdout and "does not exist" in result.stderr + result.stdout
