"""Load and validate a run configuration against the schema, filling in defaults."""

from __future__ import annotations

import copy
import shutil
from importlib import resources
from pathlib import Path
from typing import Any

import jsonschema
import yaml

from molpair.layout import PRETRAIN_SET, Layout


# Methods each engine provides, and the keys of the `qm` section that change its results
# (threads, time limits, memory, program paths and shard sizes do not).
ENGINE_METHODS = {
    "tblite": ("GFN2-xTB", "GFN1-xTB"),
    "xtb": ("GFN2-xTB", "GFN1-xTB", "GFN-FF"),
    "mopac": ("PM7", "PM6", "AM1", "PM3"),
    "orca": ("XTB2", "Native-GFN2-xTB", "AM1", "PM3", "MNDO"),
}
ENGINE_SETTINGS = {
    "tblite": ("prerelax", "optimizer", "fmax", "max_steps", "accuracy", "step_accuracy", "electronic_temperature",
               "max_scf_iterations", "solvent"),
    "xtb": ("prerelax", "xtb_opt_level", "max_steps", "solvent"),
    "mopac": ("prerelax", "mopac_gnorm", "max_steps"),
    "orca": ("prerelax", "orca_opt", "max_steps", "solvent"),
}
# Models whose training reads the dataset's QM ensemble (the workflow makes it their input).
ENSEMBLE_MODELS = ("prl", "prl_pretrained", "prl_no_distribution", "prl_no_distillation")
# Models that start from the `pretrain` stage's weights.
PRETRAINED_MODELS = ("prl_pretrained",)
# Programs the command-line engines run, and the Debian package that provides each.
ENGINE_PROGRAMS = {"xtb": ("xtb", "xtb"), "mopac": ("mopac", "mopac"), "orca": ("orca", None)}


def result_settings(qm: dict[str, Any]) -> dict[str, Any]:
    """Engine, method and the settings that change its results. An unset solvent and step_accuracy, and
    prerelax "none", are left out, so settings from before those options existed keep their hash (and
    their caches)."""
    unset = {"solvent": None, "prerelax": "none", "step_accuracy": None}
    keys = [k for k in ENGINE_SETTINGS[qm["engine"]] if not (k in unset and qm.get(k) == unset[k])]
    return {"engine": qm["engine"], "method": qm["method"], **{k: qm[k] for k in keys}}


def missing_program_error(qm: dict[str, Any]) -> str | None:
    """Why the configured engine's program cannot run here, or None; checked before any job starts."""
    if qm["engine"] not in ENGINE_PROGRAMS:
        return None
    program, package = ENGINE_PROGRAMS[qm["engine"]]
    path = qm.get(f"{qm['engine']}_path") or program
    if shutil.which(path):
        return None
    how = f"install the Debian package `{package}` (apt-get install {package})" if package else (
        f"set qm.{qm['engine']}_path to the {program} binary or put it on PATH"
    )
    return f"qm.engine is {qm['engine']!r} but `{path}` is not found on PATH: {how}"


class ConfigError(ValueError):
    """A configuration that cannot run; the message names the key and what is wrong."""


def schema() -> dict:
    """The configuration JSON-schema shipped with the package (workflow/schemas links to it)."""
    text = resources.files("molpair").joinpath("config.schema.yaml").read_text()
    return yaml.safe_load(text)


def _with_defaults(validator_class):
    """A validator that also writes each property's `default` into the instance (jsonschema FAQ recipe)."""
    validate_properties = validator_class.VALIDATORS["properties"]
    validate_additional = validator_class.VALIDATORS["additionalProperties"]

    def set_defaults(validator, properties, instance, subschema):
        if isinstance(instance, dict):
            for name, sub in properties.items():
                if "default" in sub and name not in instance:
                    instance[name] = copy.deepcopy(sub["default"])
                if instance.get(name, 0) is None and sub.get("type") == "object":
                    instance[name] = {}
        yield from validate_properties(validator, properties, instance, subschema)

    def set_additional_defaults(validator, additional, instance, subschema):
        if isinstance(instance, dict) and isinstance(additional, dict) and additional.get("type") == "object":
            for name in instance:
                if name not in subschema.get("properties", {}) and instance[name] is None:
                    instance[name] = {}
        yield from validate_additional(validator, additional, instance, subschema)

    return jsonschema.validators.extend(
        validator_class, {"properties": set_defaults, "additionalProperties": set_additional_defaults}
    )


def validate(config: dict[str, Any] | None) -> dict[str, Any]:
    """Return a validated copy of `config` with every default filled in; raise ConfigError otherwise."""
    resolved = copy.deepcopy(config) if config else {}
    root = schema()
    validator = _with_defaults(jsonschema.Draft202012Validator)(root)
    errors = sorted(validator.iter_errors(resolved), key=lambda e: list(e.absolute_path))
    if errors:
        lines = []
        for error in errors:
            where = ".".join(str(p) for p in error.absolute_path) or "(top level)"
            lines.append(f"  {where}: {error.message}")
        raise ConfigError("invalid configuration:\n" + "\n".join(lines))
    # A second pass fills defaults inside objects that were themselves defaulted.
    validator.validate(resolved)
    problems = _dataset_model_problems(resolved, root)
    if problems:
        raise ConfigError("invalid configuration:\n  " + "\n  ".join(problems))
    qm = resolved["qm"]
    qm["method"] = qm["method"] or ENGINE_METHODS[qm["engine"]][0]
    if qm["method"] not in ENGINE_METHODS[qm["engine"]]:
        raise ConfigError(
            f"invalid configuration:\n  qm.method: {qm['method']!r} is not a method of {qm['engine']} "
            f"(choose from {', '.join(ENGINE_METHODS[qm['engine']])})"
        )
    if qm["engine"] == "mopac" and qm["solvent"] is not None:
        raise ConfigError("invalid configuration:\n  qm.solvent: implicit solvent is not supported with mopac")
    for model in PRETRAINED_MODELS:
        if model not in resolved["models"]:
            continue
        if resolved["pretrain"]["pairs"] == 0 and resolved["pretrain"]["from_results"] is None:
            raise ConfigError(
                f"invalid configuration:\n  models.{model}: needs pretrain.pairs > 0 (its pretraining set) or pretrain.from_results"
            )
        if resolved["models"][model]["distribution_weight"] == 0:
            raise ConfigError(
                f"invalid configuration:\n  models.{model}.distribution_weight: must be above 0 (pretraining fits the distribution heads)"
            )
    for group in resolved["report"]["averages"]:
        unknown = [model for model in group if model not in resolved["models"]]
        if unknown:
            raise ConfigError(f"invalid configuration:\n  report.averages: {', '.join(map(repr, unknown))} not a key of models")
    design = resolved["design"]
    if design["dataset"] is not None:
        problems = []
        if design["dataset"] not in resolved["datasets"]:
            problems.append(f"design.dataset: {design['dataset']!r} is not a key of datasets")
        for model in design_models(design):
            if model not in resolved["models"] or model == "chemprop":
                problems.append(f"design.model: {model!r} is not a molpair model of models")
        if not design["targets"]:
            problems.append("design.targets: name at least one target (value, window, solvent)")
        if problems:
            raise ConfigError("invalid configuration:\n  " + "\n  ".join(problems))
    return resolved


def _dataset_model_problems(resolved: dict[str, Any], root: dict) -> list[str]:
    """What is wrong with the datasets' own model settings (datasets.<name>.models): a model that `models`
    lacks, or a setting its schema (in `root`, the config schema) refuses, checked without filling defaults,
    so only what is set overrides."""
    plain = jsonschema.Draft202012Validator(root)
    problems = []
    for dataset, settings in resolved["datasets"].items():
        for model, override in settings.get("models", {}).items():
            if model not in resolved["models"]:
                problems.append(f"datasets.{dataset}.models.{model}: not a key of models")
                continue
            for error in plain.iter_errors({"models": {model: override}}):
                problems.append(f"datasets.{dataset}.{'.'.join(map(str, error.absolute_path))}: {error.message}")
    return problems


def model_settings(config: dict[str, Any], dataset: str, model: str) -> dict[str, Any]:
    """How `model` trains on `dataset`: its `models` entry with the dataset's own (datasets.<name>.models)
    over it."""
    return {**config["models"][model], **config["datasets"][dataset].get("models", {}).get(model, {})}


def reads_electronic_block(config: dict[str, Any], dataset: str) -> bool:
    """Whether a run on `dataset` reads the electronic block of its fingerprint file (a lightgbm run with
    `electronic`), so that `molpair fingerprints` computes it (about an hour on a chromophore set)."""
    return "lightgbm" in config["models"] and model_settings(config, dataset, "lightgbm")["electronic"]


def design_models(design: dict[str, Any]) -> list[str]:
    """The oracle's models: design.model as a list."""
    return [design["model"]] if isinstance(design["model"], str) else list(design["model"])


def design_runs(config: dict[str, Any]) -> list[Path]:
    """The training runs the design oracle loads (repeat 0 of each of design.folds, for each of its models)."""
    design = config["design"]
    layout = Layout(config["results_dir"])
    return [layout.run(design["dataset"], model, fold, 0) for model in design_models(design) for fold in design["folds"]]


def design_start(config: dict[str, Any]) -> tuple[str, Path] | None:
    """The trained file the design method starts from, as (its key in the method's section, its path:
    the config's, or the default that the method's rule makes); None for methods that need none."""
    method = config["design"]["method"]
    layout = Layout(config["results_dir"])
    defaults = {"reinvent": ("prior", layout.design_prior()), "cvae": ("model", layout.design_cvae())}
    if method not in defaults:
        return None
    key, default = defaults[method]
    return key, Path(config["design"][method][key] or default)


# Train settings that choose which runs exist (the workflow's fold and repeat wildcards), not how one trains.
RUN_CHOICE_KEYS = ("folds", "repeats")


def train_settings(config: dict[str, Any], dataset: str) -> dict[str, Any]:
    """How one run of `dataset` trains: the `train` section with the dataset's own settings
    (datasets.<name>.train) over it, less RUN_CHOICE_KEYS, so that adding folds or repeats later
    neither reruns (Snakemake's params) nor restarts (the run's fingerprint) the runs already made."""
    merged = {**config["train"], **config["datasets"][dataset].get("train", {})}
    return {key: value for key, value in merged.items() if key not in RUN_CHOICE_KEYS}


def computes_pretraining(config: dict[str, Any]) -> bool:
    """Whether this run computes a pretraining set (rather than none, or using another run's)."""
    return config["pretrain"]["pairs"] > 0 and config["pretrain"]["from_results"] is None


def pretrained_weights(config: dict[str, Any], model: str) -> Path:
    """The weights a pretrained model's fine-tuning starts from: this run's pretraining or `from_results`'."""
    return Layout(config["pretrain"]["from_results"] or config["results_dir"]).pretrained(model) / "weights.pt"


def pretrain_sources_error(config: dict[str, Any]) -> str | None:
    """Why the pretraining pairs cannot be chosen from this config's datasets, or None."""
    for key in ("solutes_from", "solvents_from"):
        unknown = sorted(set(config["pretrain"][key] or []) - set(config["datasets"]))
        if unknown:
            return f"pretrain.{key}: {', '.join(unknown)} not among the config's datasets ({', '.join(config['datasets'])})"
    return None


def factory_sets(config: dict[str, Any]) -> list[str]:
    """The pair sets the factory can compute ensembles for: the datasets, and the pretraining set when on."""
    return list(config["datasets"]) + ([PRETRAIN_SET] if computes_pretraining(config) else [])


def ensemble_sets(config: dict[str, Any]) -> list[str]:
    """The pair sets whose ensembles this run reads, so the workflow computes them: the datasets when a model
    reads ensembles (PRL and its ablations with an ensemble term), and the pretraining set when on. A run of
    baselines alone computes none (name an ensemble file as a Snakemake target to compute it anyway)."""
    reads_ensembles = bool(set(config["models"]) & set(ENSEMBLE_MODELS))
    return [name for name in factory_sets(config) if reads_ensembles or name == PRETRAIN_SET]


def _typed(value: Any) -> Any:
    """A `--config` value with its YAML type: Snakemake reads nested values as strings ('7', 'null')."""
    if isinstance(value, dict):
        return {key: _typed(item) for key, item in value.items()}
    if isinstance(value, list):
        return [_typed(item) for item in value]
    if isinstance(value, str):
        try:
            return yaml.safe_load(value) if value else value
        except yaml.YAMLError:
            return value
    return value


def with_overrides(base: dict[str, Any] | None, overrides: dict[str, Any]) -> dict[str, Any]:
    """`base` with `overrides` (Snakemake's --config) merged in, mapping by mapping, their values typed."""
    merged = copy.deepcopy(base) if base else {}
    for key, value in _typed(overrides).items():
        if isinstance(value, dict) and isinstance(merged.get(key), dict):
            merged[key] = with_overrides(merged[key], value)
        else:
            merged[key] = value
    return merged


def load(path: str | Path) -> dict[str, Any]:
    """Read a YAML config file and validate it."""
    path = Path(path)
    if not path.is_file():
        raise ConfigError(f"config file not found: {path}")
    try:
        raw = yaml.safe_load(path.read_text())
    except yaml.YAMLError as error:
        raise ConfigError(f"config file {path} is not valid YAML: {error}") from error
    if raw is not None and not isinstance(raw, dict):
        raise ConfigError(f"config file {path} must hold a mapping of settings")
    return validate(raw)


def results_dir(config: dict[str, Any]) -> Path:
    return Path(config["results_dir"])
