# Config: one file (--configfile, default config/config.yaml) with any `--config key=value` overrides
# on top, validated against workflow/schemas/config.schema.yaml before any job runs; defaults filled in.
# Each dataset entry must name a built-in dataset or describe a file; a file already here must have
# the columns its description reads.
# The merged, validated config is written when a run starts to results/configs/<its hash>.yaml, which
# every job of the run reads, so the jobs see what Snakemake sees (and a run with other overrides in
# the same results directory, its own).
import os
from pathlib import Path

import pyarrow.parquet as pq
import yaml

from molpair.config import (
    ENSEMBLE_MODELS,
    PRETRAINED_MODELS,
    ConfigError,
    computes_pretraining,
    design_runs,
    design_start,
    ensemble_sets,
    factory_sets,
    missing_program_error,
    model_settings,
    pretrain_sources_error,
    pretrained_weights,
    reads_electronic_block,
    result_settings,
    train_settings,
    validate,
    with_overrides,
)
from molpair.chem.electronic import ELECTRONIC_FEATURES
from molpair.data.sources import dataset_error
from molpair.io import write_text
from molpair.layout import PRETRAIN_SET, Layout, ensemble_shard_count

if not workflow.configfiles:

    configfile: "config/config.yaml"


if len(workflow.configfiles) != 1:
    raise WorkflowError(f"give exactly one --configfile (got {workflow.configfiles})")
SOURCE = str(workflow.configfiles[0]) + (" with --config overrides" if workflow.config_settings.config else "")
try:
    raw = yaml.safe_load(Path(workflow.configfiles[0]).read_text())
    config = validate(with_overrides(raw, workflow.config_settings.config or {}))
except ConfigError as error:
    raise WorkflowError(f"{SOURCE}: {error}")
if computes_pretraining(config) and (problem := pretrain_sources_error(config)):
    raise WorkflowError(f"{SOURCE}: {problem}")
for model in set(PRETRAINED_MODELS) & set(config["models"]):
    weights = pretrained_weights(config, model)
    if config["pretrain"]["from_results"] and not weights.exists():
        raise WorkflowError(
            f"{SOURCE}: {model} starts from {weights}, which does not exist: run the workflow that pretrains "
            f"into pretrain.from_results ({config['pretrain']['from_results']}) first"
        )
if problem := missing_program_error(config["qm"]):
    raise WorkflowError(f"{SOURCE}: {problem}")
for name, dataset in config["datasets"].items():
    if problem := dataset_error(name, dataset):
        raise WorkflowError(f"{SOURCE}: {problem}")

# `--sdm conda`: every rule that runs molpair uses envs/molpair.yaml, whose post-deploy script installs
# molpair from this checkout, named by MOLPAIR_SOURCE (Snakemake copies environment files away from it).
MOLPAIR_ENV = str(Path(workflow.basedir) / "envs" / "molpair.yaml")
os.environ["MOLPAIR_SOURCE"] = workflow.basedir

LAYOUT = Layout(config["results_dir"])
CONFIGFILE = LAYOUT.effective_config(config)


onstart:
    # Not in dry runs (which must not change what running jobs read), nor inside cluster jobs.
    write_text(f"# Written by Snakemake from {SOURCE}; every job reads this file.\n" + yaml.safe_dump(config, sort_keys=False), CONFIGFILE)
LOGS = LAYOUT.logs()
BENCHMARKS = LAYOUT.root / "benchmarks"
DATASETS = list(config["datasets"])
# The datasets, and the unlabeled pretraining pairs when this run computes them: what the factory can compute.
FACTORY_SETS = factory_sets(config)
# Those whose ensembles a model of this run reads: what `all` and the report wait for.
ENSEMBLE_SETS = ensemble_sets(config)
MODELS = list(config["models"])
FOLDS = list(range(config["splits"]["n_folds"])) if config["train"]["folds"] is None else config["train"]["folds"]
REPEATS = list(range(config["train"]["repeats"]))
QM_SETTINGS = result_settings(config["qm"])
# The factory is the critical path of every ensemble-trained model: where ready jobs outnumber the cores (a
# workstation, a small allocation), its jobs start before the trainings that do not wait for it. The monomers
# job takes every local core, so it goes first, while all are free after ingest (its priority above the
# sample jobs' summed over any workstation's cores); later, one-core jobs would keep it waiting.
FACTORY_PRIORITY = 10
MONOMERS_PRIORITY = 1000

# The design stage: its oracle's training runs, and one summary per target × seed (none while design is off).
DESIGN = config["design"]
DESIGN_RUNS = design_runs(config) if DESIGN["dataset"] else []
DESIGN_SUMMARIES = [
    str(LAYOUT.design(target, DESIGN["method"], seed) / "summary.json")
    for target in DESIGN["targets"] for seed in DESIGN["seeds"]
] if DESIGN["dataset"] else []
# The trained file a design generator starts from (design_prior or design_cvae make the defaults).
DESIGN_START = design_start(config)

DATASET_PATTERN = "{dataset}"
SHARD_PATTERN = "{shard}"

wildcard_constraints:
    dataset="|".join(FACTORY_SETS),
    shard=r"\d+",
    fold=r"\d+",
    rep=r"\d+",


def shards(wildcards):
    """Shard indices of a set's ensemble pairs, known once its pairs exist (ingest and pretrain_pairs
    are checkpoints)."""
    if wildcards.dataset == PRETRAIN_SET:
        pairs = checkpoints.pretrain_pairs.get().output.pairs
    else:
        pairs = checkpoints.ingest.get(dataset=wildcards.dataset).output.pairs
    smiles = pq.read_table(pairs, columns=["solute_smiles", "solvent_smiles"]).to_pandas()
    return range(ensemble_shard_count(smiles, config, wildcards.dataset))


def ingest_settings(wildcards):
    """The dataset keys that shape its pairs table (a param of ingest): not the ensemble subset (it shapes the
    factory) nor the dataset's own model and training settings (they shape its runs), so editing those does not
    rebuild the pairs and with them every run on the set."""
    settings = config["datasets"][wildcards.dataset]
    return {key: value for key, value in settings.items() if not key.startswith("ensemble_") and key not in ("models", "train")}


def ensemble_pairs(wildcards):
    """The dataset's ensemble subset (a param, so changing it reruns monomers and samples); the pretraining
    set has none (all its pairs). Without a size cap, `ensemble_pairs` alone, as before the cap existed, so
    such runs do not rerun."""
    settings = config["datasets"].get(wildcards.dataset, {})
    if settings.get("ensemble_max_atoms") is None:
        return settings.get("ensemble_pairs")
    return {key: settings.get(key) for key in ("ensemble_pairs", "ensemble_max_atoms")}


def ensemble_inputs(dataset):
    """The QM results an ensemble-trained model reads: the collected ensemble and the monomers."""
    return [str(LAYOUT.ensemble(dataset)), str(LAYOUT.monomers(dataset))]


def pretrained_inputs(model):
    """The pretrain stage's weights that a pretrained model's fine-tuning starts from."""
    return [str(pretrained_weights(config, model))] if model in PRETRAINED_MODELS else []
