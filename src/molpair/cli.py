"""`molpair` command line: one subcommand per stage, so each stage runs by hand or inside a cluster job.

Every command imports what it needs when it runs (the config schema, torch, RDKit...), so a command
starts without the imports of the others: `molpair predict` for one pair does not wait for Lightning.
"""

from __future__ import annotations

import argparse
import gc
import json
import logging
import math
import os
import sys
import time
from pathlib import Path

from molpair.layout import Layout, ensemble_rows, ensemble_shard_count

log = logging.getLogger("molpair")


def _config(args, factory: bool = False) -> dict:
    """The validated config, every dataset entry describing a dataset; the stage's --dataset must be one
    of its datasets (for a `factory` stage, also the pretraining set when the config has one). A
    `factory` stage's calculation threads are pinned here, before the dataset code loads NumPy."""
    from molpair import config as config_module

    cfg = config_module.load(args.config)
    if factory:
        _use_threads(cfg)
    from molpair.data.sources import describe

    for dataset, entry in cfg["datasets"].items():
        describe(dataset, entry)
    name = getattr(args, "dataset", None)
    known = config_module.factory_sets(cfg) if factory else list(cfg["datasets"])
    if name is not None and name not in known:
        raise config_module.ConfigError(f"dataset {name!r} is not in the config (has: {', '.join(known)})")
    return cfg


def _use_threads(cfg: dict) -> None:
    """Pin OpenMP/BLAS threads per calculation; only holds if NumPy and the engine libraries have not loaded."""
    from molpair.threads import thread_variables

    os.environ.update(thread_variables(cfg["qm"]["threads"]))


def cmd_ingest(args) -> None:
    from molpair.data.ingest import ingest

    cfg = _config(args)
    summary = ingest(
        args.dataset, cfg["datasets"][args.dataset], cfg["results_dir"], seed=cfg["splits"]["seed"]
    )
    print(json.dumps(summary, indent=2, sort_keys=True))


def cmd_split(args) -> None:
    from molpair.data.splits import make_splits

    cfg = _config(args)
    layout = Layout(cfg["results_dir"])
    make_splits(layout.pairs(args.dataset), layout.splits(args.dataset), cfg["splits"]["n_folds"], cfg["splits"]["seed"])


def cmd_featurize(args) -> None:
    from molpair.data.graphs import write_graph_file

    layout = Layout(_config(args)["results_dir"])
    print(json.dumps(write_graph_file(layout.pairs(args.dataset), layout.graphs(args.dataset)), sort_keys=True))


def cmd_fingerprints(args) -> None:
    from molpair import config as config_module
    from molpair.chem.fingerprints import write_fingerprint_file
    from molpair.threads import thread_variables

    os.environ.update(thread_variables(1))  # one thread per worker process (the GFN2-xTB single points)
    cfg = _config(args)
    layout = Layout(cfg["results_dir"])
    others = [layout.fingerprints(name) for name in cfg["datasets"] if name != args.dataset]
    counts = write_fingerprint_file(
        layout.pairs(args.dataset), layout.fingerprints(args.dataset), args.workers,
        reuse=[path for path in others if path.exists()],
        electronic=config_module.reads_electronic_block(cfg, args.dataset),
    )
    print(json.dumps(counts, sort_keys=True))


def _pair_smiles(layout: Layout, dataset: str, *columns: str):
    """A dataset's pairs table with its solute and solvent SMILES (what `ensemble_rows` reads) and `columns`."""
    import pandas as pd

    return pd.read_parquet(layout.pairs(dataset), columns=[*columns, "solute_smiles", "solvent_smiles"])


def cmd_monomers(args) -> None:
    cfg = _config(args, factory=True)
    from molpair.qm import monomers

    layout = Layout(cfg["results_dir"])
    pairs = _pair_smiles(layout, args.dataset)
    pairs = pairs.iloc[ensemble_rows(pairs, cfg, args.dataset)]
    smiles = pairs["solute_smiles"].tolist() + pairs["solvent_smiles"].tolist()
    monomers.run(smiles, cfg["qm"], cfg["geometry"]["seed"], cfg["results_dir"], layout.monomers(args.dataset), args.workers)


def cmd_sample(args) -> None:
    from molpair.qm.sampling import write_shard

    cfg = _config(args, factory=True)
    layout = Layout(cfg["results_dir"])
    write_shard(
        layout.pairs(args.dataset),
        args.shard,
        layout.samples(args.dataset, args.shard),
        cfg["geometry"],
        cfg["qm"]["samples_per_shard"],
        cfg["qm"]["prerelax"],
        ensemble_rows(_pair_smiles(layout, args.dataset), cfg, args.dataset),
    )


def cmd_qm(args) -> None:
    cfg = _config(args, factory=True)
    from molpair.qm import shard

    from molpair.qm.engines import get_engine

    layout = Layout(cfg["results_dir"])
    engine = get_engine(cfg["qm"])
    shard.run(
        layout.samples(args.dataset, args.shard),
        layout.monomers(args.dataset),
        layout.ensemble_shard(args.dataset, args.shard),
        cfg["qm"],
        layout.sample_cache(engine.name, engine.method, engine.settings_hash),
        tag=f"{args.dataset}-shard-{args.shard}",
    )


def cmd_qm_parse(args) -> None:
    import dataclasses
    import importlib

    import numpy as np

    module = importlib.import_module(f"molpair.qm.engines.{args.engine}")
    result = module.parse_output_file(args.file)
    fields = dataclasses.asdict(result)
    fields["gap"] = result.gap
    print(json.dumps(fields, indent=2, default=lambda v: v.tolist() if isinstance(v, np.ndarray) else str(v)))


def cmd_collect(args) -> None:
    from molpair import io
    from molpair.qm import shard

    cfg = _config(args, factory=True)
    layout = Layout(cfg["results_dir"])
    n_shards = ensemble_shard_count(_pair_smiles(layout, args.dataset), cfg, args.dataset)
    paths = [layout.ensemble_shard(args.dataset, i) for i in range(n_shards)]
    missing = [str(p) for p in paths if not p.exists()]
    if missing:
        raise FileNotFoundError(f"{len(missing)} of {n_shards} shards are not computed yet, e.g. {missing[0]}")
    summary = shard.collect(paths, layout.ensemble(args.dataset))
    io.write_json(summary, layout.ensemble_summary(args.dataset))


def cmd_pretrain_pairs(args) -> None:
    from molpair import config as config_module
    from molpair.data.pretrain import write_pretrain_pairs

    cfg = _config(args)
    if not config_module.computes_pretraining(cfg):
        raise config_module.ConfigError("the config computes no pretraining set (pretrain.pairs is 0, or from_results is set)")
    print(json.dumps(write_pretrain_pairs(cfg), indent=2, sort_keys=True))


def cmd_pretrain(args) -> None:
    import torch

    from molpair import config as config_module
    from molpair.train.pretrain import pretrain

    torch.set_num_threads(args.threads)
    cfg = _config(args)
    if args.model not in config_module.PRETRAINED_MODELS or args.model not in cfg["models"]:
        raise config_module.ConfigError(
            f"model {args.model!r} is not a pretrained model of the config (pretrained models: {', '.join(config_module.PRETRAINED_MODELS)})"
        )
    layout = Layout(cfg["results_dir"])
    pretrain_set = config_module.PRETRAIN_SET
    metrics = pretrain(
        layout.pairs(pretrain_set), layout.ensemble(pretrain_set), layout.monomers(pretrain_set), args.model,
        cfg["models"][args.model], cfg["pretrain"], cfg["train"], layout.pretrained(args.model),
    )
    print(json.dumps(metrics, indent=2, sort_keys=True))


def _ensemble_pair_ids(cfg: dict, layout: Layout, dataset: str) -> set[str] | None:
    """The pairs whose ensembles training may read: the config's `ensemble_max_atoms` and `ensemble_pairs`
    subset (None: all).

    The subsets are nested, so one factory run serves several training runs that use a smaller share.
    """
    settings = cfg["datasets"][dataset]
    if settings.get("ensemble_pairs") is None and settings.get("ensemble_max_atoms") is None:
        return None
    pairs = _pair_smiles(layout, dataset, "pair_id")
    return set(pairs["pair_id"].iloc[ensemble_rows(pairs, cfg, dataset)])


def train_one(
    cfg: dict, layout: Layout, dataset: str, model: str, model_config: dict, fold: int, repeat: int, out_dir, threads: int,
    pretrained_path=None,
):
    """Train one run of `model` (ours, chemprop through its CLI, or the lightgbm fingerprint model) into
    `out_dir` on `threads` CPU threads;
    its metrics.

    A pretrained model starts from `pretrained_path`, by default the config's (`pretrained_weights`)."""
    import torch

    from molpair import config as config_module

    torch.set_num_threads(threads)  # here, so that scripts calling train_one are pinned as the CLI is

    if model == "chemprop":
        from molpair.train.chemprop import train_chemprop

        return train_chemprop(
            layout.pairs(dataset), layout.splits(dataset), fold, repeat, config_module.train_settings(cfg, dataset),
            out_dir, threads=threads,
        )
    if model == "lightgbm":
        from molpair.train.gbm import train_lightgbm

        return train_lightgbm(
            layout.pairs(dataset), layout.splits(dataset), fold, repeat, model_config,
            config_module.train_settings(cfg, dataset), out_dir, layout.fingerprints(dataset), threads=threads,
        )
    from molpair.train.run import train_fold

    return train_fold(
        layout.pairs(dataset),
        layout.splits(dataset),
        fold,
        repeat,
        model,
        model_config,
        config_module.train_settings(cfg, dataset),
        out_dir,
        ensemble_path=layout.ensemble(dataset),
        monomers_path=layout.monomers(dataset),
        graph_file=layout.graphs(dataset),
        ensemble_pair_ids=_ensemble_pair_ids(cfg, layout, dataset),
        pretrained_path=pretrained_path or config_module.pretrained_weights(cfg, model),
    )


def _model_config(cfg: dict, model: str, dataset: str) -> dict:
    """`model`'s settings on `dataset` (config.model_settings); stops when the config lacks the model."""
    from molpair import config as config_module

    if model not in cfg["models"]:
        raise config_module.ConfigError(f"model {model!r} is not in the config (has: {', '.join(cfg['models'])})")
    return config_module.model_settings(cfg, dataset, model)


def cmd_train(args) -> None:
    cfg = _config(args)
    layout = Layout(cfg["results_dir"])
    metrics = train_one(
        cfg, layout, args.dataset, args.model, _model_config(cfg, args.model, args.dataset), args.fold, args.repeat,
        layout.run(args.dataset, args.model, args.fold, args.repeat), args.threads,
    )
    if metrics is not None:  # only global rank 0 of a multi-process run returns metrics
        print(json.dumps(metrics, indent=2, sort_keys=True))


def cmd_search(args) -> None:
    from molpair.train.search import search

    cfg = _config(args)
    layout = Layout(cfg["results_dir"])
    trials = search(
        args.model, _model_config(cfg, args.model, args.dataset), cfg["search"], layout.search(args.dataset, args.model),
        lambda model_config, fold, out_dir: train_one(cfg, layout, args.dataset, args.model, model_config, fold, 0, out_dir, args.threads),
    )
    print(trials.to_string(index=False))


def _design_inputs(args) -> tuple[dict, Layout, "pd.DataFrame"]:
    """The config (torch threads set), its layout and the design dataset's pairs (solute_smiles,
    solvent_smiles, target); stops when the config has no design section."""
    import pandas as pd
    import torch

    from molpair import config as config_module

    torch.set_num_threads(args.threads)
    cfg = _config(args)
    dataset = cfg["design"]["dataset"]
    if dataset is None:
        raise config_module.ConfigError("the config has no design section (design.dataset is null)")
    layout = Layout(cfg["results_dir"])
    return cfg, layout, pd.read_parquet(layout.pairs(dataset), columns=["solute_smiles", "solvent_smiles", "target"])


def cmd_design(args) -> None:
    from molpair import config as config_module
    from molpair.design.metrics import cached_canonical_set
    from molpair.design.oracle import Target
    from molpair.design.run import run_design
    from molpair.design.smiles_rnn import prior_corpus

    cfg, layout, measured = _design_inputs(args)
    design = cfg["design"]
    if args.target not in design["targets"]:
        raise config_module.ConfigError(f"design.targets has no {args.target!r} (has: {', '.join(design['targets'])})")
    runs = config_module.design_runs(cfg)
    missing = [str(run) for run in runs if not (run / "metrics.json").exists()]
    if missing:
        raise FileNotFoundError(f"the design oracle needs trained runs; missing: {', '.join(missing)}")
    target = Target(args.target, **design["targets"][args.target])
    start = config_module.design_start(cfg)
    if start is not None:
        key, path = start
        if not path.exists():
            raise FileNotFoundError(
                f"{design['method']} starts from a trained file, but {path} does not exist "
                "(molpair design-prior for reinvent, molpair design-cvae for cvae)"
            )
        design[design["method"]][key] = str(path)
    corpus = cached_canonical_set(
        prior_corpus(design["prior"]["corpus_size"], design["prior"]["seed"]), layout.design_corpus()
    )
    summary = run_design(
        runs, target, design, args.seed, measured, layout.design(args.target, design["method"], args.seed), corpus,
        layout.design_fcd_reference(), args.threads,
    )
    print(json.dumps(summary, indent=2, sort_keys=True))


def cmd_design_prior(args) -> None:
    from molpair.design.smiles_rnn import prior_corpus, train_prior

    cfg, layout, measured = _design_inputs(args)
    settings = cfg["design"]["prior"]
    corpus = prior_corpus(settings["corpus_size"], settings["seed"])
    provenance = train_prior(corpus, measured["solute_smiles"].tolist(), layout.design_prior(), settings, seed=settings["seed"])
    print(json.dumps({**provenance, "settings": settings, "path": str(layout.design_prior())}, indent=2))


def cmd_design_cvae(args) -> None:
    from molpair.design.cvae import train_cvae

    cfg, layout, pairs = _design_inputs(args)
    settings = cfg["design"]["cvae"]
    provenance = train_cvae(
        pairs["solute_smiles"].tolist(), pairs["solvent_smiles"].tolist(), pairs["target"].tolist(),
        layout.design_cvae(), settings, seed=settings["seed"],
    )
    print(json.dumps({**provenance, "settings": settings, "path": str(layout.design_cvae())}, indent=2))


def cmd_report(args) -> None:
    from molpair.report.rmse import write_report

    cfg = _config(args)
    write_report(cfg, Layout(cfg["results_dir"]).report())


def _predict_mode(args) -> str:
    """"file" or "pair"; a ValueError explains a wrong combination of options."""
    pair_given = args.solute is not None or args.solvent is not None
    if args.input is not None and pair_given:
        raise ValueError("give either --input or --solute/--solvent, not both")
    if args.input is not None:
        if args.output is None:
            raise ValueError("--output is required with --input")
        return "file"
    if args.solute is None or args.solvent is None:
        raise ValueError("give --input FILE (with --output), or both --solute and --solvent")
    if args.output is not None:
        raise ValueError("--output goes with --input; a single pair is printed")
    return "pair"


MIN_SIMILARITY_HELP = (
    "applicability domain: flag a solute whose Tanimoto similarity to every training solute is below this "
    "(default: molpair.train.domain.MIN_SIMILARITY, 0.3)"
)


def _min_similarity(args) -> float:
    """--min-similarity, or the domain's default (kept there, so parsing the command line stays light)."""
    from molpair.train.domain import MIN_SIMILARITY

    return MIN_SIMILARITY if args.min_similarity is None else args.min_similarity


def _print_pair(prediction: float, uncertainty: float, error: str, warning: str) -> int:
    """One pair's answer on stdout; exit status 1 if it failed."""
    if error:
        print(f"error: {error}")
        return 1
    spread = "" if math.isnan(uncertainty) else f" ± {uncertainty:.4f}"
    print(f"{prediction:.4f}{spread}")
    if warning:
        print(f"warning: outside the training domain: {warning}")
    return 0


def _predict_remote(args) -> int:
    """cmd_predict through the service at --server (which decides the domain threshold)."""
    from molpair.serve import client

    if args.min_similarity is not None:
        raise ValueError("--min-similarity is the service's setting with --server: give it to `molpair serve`")
    if _predict_mode(args) == "file":
        client.predict_file_remote(args.server, args.input, args.output, args.solute_column, args.solvent_column)
        return 0
    result = client.remote_predictions(args.server, [args.solute], [args.solvent])[0]
    uncertainty = math.nan if result["uncertainty"] is None else result["uncertainty"]
    warning = (result["domain"] or {}).get("warning", "")
    return _print_pair(result["prediction"], uncertainty, result["error"], warning)


def cmd_predict(args) -> int:
    """Predict a CSV of pairs into another CSV, or print one pair's prediction (and a warning line when
    it lies outside the training domain); exit status 1 if that pair fails. With --server, a running
    `molpair serve` predicts."""
    if args.server is not None:
        return _predict_remote(args)
    from molpair.train import predict
    from molpair.train.domain import domain_warning, load_domain

    if _predict_mode(args) == "file":
        predict.predict_file(
            args.model, args.input, args.output, args.solute_column, args.solvent_column, args.batch_size,
            _min_similarity(args), args.threads,
        )
        return 0
    module, domain = predict.load_average(args.model, args.threads), load_domain(args.model[0], _min_similarity(args))
    row = predict.predict_pairs(module, [args.solute], [args.solvent], domain=domain).iloc[0]
    return _print_pair(row.prediction, row.uncertainty, row.error, domain_warning(row))


def cmd_attention(args) -> None:
    from molpair.report.attention import export_attention
    from molpair.train.predict import load_run

    export_attention(load_run(args.model), args.solute, args.solvent, args.output, args.csv)


def cmd_serve(args) -> None:
    import torch

    from molpair.serve.app import serve

    torch.set_num_threads(args.threads)
    serve(args.model, args.host, args.port, _min_similarity(args), args.threads)


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="molpair", description=__doc__)
    parser.add_argument("-v", "--verbose", action="store_true", help="debug logging")
    sub = parser.add_subparsers(dest="command", required=True)

    def stage(name, func, help_text, dataset=True, parent=sub):
        p = parent.add_parser(name, help=help_text)
        p.add_argument("--config", "-c", default="config/config.yaml", help="run configuration (YAML)")
        if dataset:
            p.add_argument("--dataset", "-d", required=True, help="dataset name from the config")
        p.set_defaults(func=func)
        return p

    stage("ingest", cmd_ingest, "raw dataset file → pairs.parquet + rejects.csv")
    stage("split", cmd_split, "pairs → 5-fold splits (80/10/10)")
    stage("featurize", cmd_featurize, "pairs → graphs.pt, the graphs every training job of the dataset reads")
    stage("fingerprints", cmd_fingerprints, "pairs → fingerprints.npz, the lightgbm model's features of every molecule").add_argument(
        "--workers", type=int, default=1, help="parallel processes"
    )
    stage("monomers", cmd_monomers, "embed and optimize each unique molecule once (cached)").add_argument(
        "--workers", type=int, default=1, help="parallel processes"
    )
    stage("sample", cmd_sample, "random initial complexes of one shard").add_argument("--shard", type=int, required=True)
    qm = sub.add_parser("qm", help="semi-empirical calculations: run a shard, or parse an existing output")
    qm_actions = qm.add_subparsers(dest="action", required=True)
    stage("run", cmd_qm, "optimize one shard of samples (resumable, cached)", parent=qm_actions).add_argument(
        "--shard", type=int, required=True
    )
    parse = qm_actions.add_parser("parse", help="print the record parsed from an existing output file as JSON")
    parse.add_argument("--engine", required=True, choices=["xtb", "mopac", "orca"])
    parse.add_argument("file", help="the program's output file")
    parse.set_defaults(func=cmd_qm_parse)
    stage("collect", cmd_collect, "shards → ensemble.parquet")
    train = stage("train", cmd_train, "train one model on one fold")
    train.add_argument("--model", "-m", required=True)
    train.add_argument("--fold", type=int, required=True)
    train.add_argument("--repeat", type=int, default=0)
    train.add_argument("--threads", type=int, default=1, help="CPU threads for torch")
    search = stage("search", cmd_search, "hyperparameter search of one model on the validation halves")
    search.add_argument("--model", "-m", required=True)
    search.add_argument("--threads", type=int, default=1, help="CPU threads for torch")
    stage("pretrain-pairs", cmd_pretrain_pairs, "the datasets' pairs → the unlabeled pretraining pairs", dataset=False)
    pretrain = stage("pretrain", cmd_pretrain, "pretrain a model's encoder on the unlabeled pairs' ensembles", dataset=False)
    pretrain.add_argument("--model", "-m", required=True)
    pretrain.add_argument("--threads", type=int, default=1, help="CPU threads for torch")
    stage("report", cmd_report, "RMSE tables over datasets × models", dataset=False)
    design = stage("design", cmd_design, "propose solutes for a design target, scored by trained runs", dataset=False)
    design.add_argument("--target", "-t", required=True, help="a name of design.targets")
    design.add_argument("--seed", type=int, default=0)
    design.add_argument(
        "--threads", type=int, default=1,
        help="CPU threads for torch; a lightgbm oracle's worker processes for the molecules it has not seen",
    )
    prior = stage("design-prior", cmd_design_prior, "train the SMILES prior of the reinvent generator", dataset=False)
    prior.add_argument("--threads", type=int, default=1, help="CPU threads for torch")
    cvae = stage("design-cvae", cmd_design_cvae, "train the conditional VAE of the cvae generator", dataset=False)
    cvae.add_argument("--threads", type=int, default=1, help="CPU threads for torch")
    predict = sub.add_parser("predict", help="predict new pairs with a trained run: a CSV file, or one pair")
    source = predict.add_mutually_exclusive_group(required=True)
    source.add_argument(
        "--model", nargs="+",
        help="training run directory (best.ckpt, or model.txt of a lightgbm run); several (e.g. a fold's repeats, "
             "or a graph and a lightgbm run): the mean of their predictions, their spread as the uncertainty, the "
             "first run's applicability domain",
    )
    source.add_argument(
        "--server", metavar="URL",
        help="a running `molpair serve` (e.g. http://127.0.0.1:8000) predicts instead: no start-up cost here",
    )
    predict.add_argument("--input", help="CSV of pairs; its other columns are kept in the output")
    predict.add_argument("--output", help="CSV written with prediction, uncertainty and error columns")
    predict.add_argument("--solute-column", default="solute_smiles")
    predict.add_argument("--solvent-column", default="solvent_smiles")
    predict.add_argument("--batch-size", type=int, default=256)
    predict.add_argument("--solute", help="SMILES of one pair's solute (prints its prediction)")
    predict.add_argument("--solvent", help="SMILES of one pair's solvent")
    predict.add_argument("--min-similarity", type=float, help=MIN_SIMILARITY_HELP)
    predict.add_argument(
        "--threads", type=int, default=1,
        help="CPU threads for the model (onnxruntime, or torch; a lightgbm run featurizes new molecules on that many "
        "processes; more pay only for large batches on idle cores; on busy ones they wait)",
    )
    predict.set_defaults(func=cmd_predict)
    attention = sub.add_parser("attention", help="draw one pair's per-atom solute weights from the interaction map")
    attention.add_argument("--model", required=True, help="training run directory (holds best.ckpt)")
    attention.add_argument("--solute", required=True)
    attention.add_argument("--solvent", required=True)
    attention.add_argument("--output", required=True, help="drawing of the solute, .png or .svg")
    attention.add_argument("--csv", help="also write atom_index, element, weight per solute heavy atom")
    attention.set_defaults(func=cmd_attention)
    serve = sub.add_parser("serve", help="an HTTP API and web page predicting pairs with a trained run, or the mean of several")
    serve.add_argument(
        "--model", required=True, nargs="+",
        help="training run directory (best.ckpt, or model.txt of a lightgbm run); several: serve the mean of their "
             "predictions, their spread as the uncertainty",
    )
    serve.add_argument("--host", default="127.0.0.1", help="address to listen on (0.0.0.0: every interface)")
    serve.add_argument("--port", type=int, default=8000)
    serve.add_argument("--min-similarity", type=float, help=MIN_SIMILARITY_HELP)
    serve.add_argument(
        "--threads", type=int, default=1,
        help="CPU threads for torch per request (one pair's operations are too small to share out); a lightgbm "
             "run's worker processes for the molecules its dataset's fingerprint file lacks",
    )
    serve.set_defaults(func=cmd_serve)
    return parser


def _input_errors() -> tuple[type[Exception], ...]:
    """The errors that mean bad input (config, data, files, values, an unreachable service) rather than a
    bug. ConfigError is a ValueError; DataError counts only when its module was loaded, as only then can a
    command raise it (importing it always would load pandas into every command)."""
    sources = sys.modules.get("molpair.data.sources")
    return (FileNotFoundError, ValueError, ConnectionError) + ((sources.DataError,) if sources else ())


def main(argv: list[str] | None = None) -> int:
    args = build_parser().parse_args(argv)
    logging.basicConfig(
        level=logging.DEBUG if args.verbose else logging.INFO,
        format="%(asctime)s %(levelname)s %(name)s: %(message)s",
        stream=sys.stderr,
    )
    start = time.perf_counter()
    try:
        status = args.func(args) or 0  # commands return None, or an exit status for a failed result
    except Exception as error:
        if not isinstance(error, _input_errors()):
            raise
        if isinstance(error, FileNotFoundError) and error.filename is None and not error.strerror:
            # pyarrow's message is the bare path: say what is missing and how it is made
            error = f"missing input {error}: run the stage that writes it first (snakemake with the same config, or its molpair command)"
        log.error("%s", error)
        return 2
    log.info("molpair %s finished in %.1f s", args.command, time.perf_counter() - start)
    if argv is None:
        # Run as the program, so the process ends next. Its last garbage collections would walk every
        # object torch and PyG created (about 1 s); frozen objects are skipped, and the OS frees them.
        gc.freeze()
    return status


if __name__ == "__main__":
    sys.exit(main())
