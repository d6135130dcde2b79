"""The demo workflow through Snakemake, end to end, then a rerun that finds nothing to do."""

from __future__ import annotations

import json
import re
from pathlib import Path

import numpy as np
import pandas as pd
import pyarrow.parquet as pq
import pytest
import torch
import yaml

from conftest import REPO, data_dir, demo_config, run_snakemake

from molpair.chem.molecules import pair_atoms
from molpair.train.fingerprint_model import FingerprintModel

pytestmark = pytest.mark.workflow


def planned_jobs(output: str) -> dict[str, int]:
    """Rule → job count from Snakemake's "Job stats" table."""
    lines = output[output.index("job "):].splitlines()[2:]
    counts = {}
    for line in lines:
        name, _, count = line.partition(" ")
        if name == "total":
            return counts
        counts[name] = int(count)
    raise ValueError(f"no job stats in {output!r}")


def snakemake(workdir: Path, configfile: Path, *extra: str):
    return run_snakemake(workdir, configfile, "default", "--cores", "2", *extra, timeout=900)


@pytest.mark.skipif(data_dir() is None, reason="MOLPAIR_DATA_DIR is not set to the shared data folder")
def test_demo_workflow_end_to_end(tmp_path):
    configfile = demo_config(tmp_path)
    run = snakemake(tmp_path, configfile)
    assert run.returncode == 0, run.stderr[-4000:]
    results = tmp_path / "results"

    pairs = pq.read_table(results / "freesolv" / "pairs.parquet")
    assert pairs.num_rows == 24
    ensemble = pq.read_table(results / "freesolv" / "ensemble.parquet").to_pandas()
    assert len(ensemble) == 24 * 2
    assert set(ensemble.pair_id) == set(pairs.column("pair_id").to_pylist())
    assert (ensemble.status == "ok").mean() > 0.9
    assert json.loads((results / "freesolv" / "ensemble.json").read_text())["samples"] == 48

    report = pd.read_csv(results / "report" / "rmse.csv")
    row = report.set_index(["dataset", "model"]).loc[("freesolv", "cigin")]
    assert row.runs == 5 and row.folds == 5 and row.pairs == 24 and row.samples_ok + row.samples_failed == 48
    assert 0 < row.rmse_mean < 20
    assert "freesolv" in (results / "report" / "rmse.md").read_text()
    assert (results / "logs" / "qm" / "freesolv" / "shard-0.log").stat().st_size > 0
    assert (results / "freesolv" / "runs" / "cigin" / "fold0-rep0" / "predictions.parquet").exists()
    # On 2 cores the factory (the critical path) starts before any training: monomers first, then a QM shard.
    started = re.findall(r"^(?:local)?rule (\w+):", run.stdout + run.stderr, flags=re.MULTILINE)
    assert started.index("monomers") < started.index("qm") < started.index("train"), started

    # PRL trained on the ensemble (every training pair has samples) and reports an uncertainty.
    prl = json.loads((results / "freesolv" / "runs" / "prl" / "fold0-rep0" / "metrics.json").read_text())
    assert prl["n_with_ensemble"] == prl["n_train"] > 0
    calibration = pd.read_csv(results / "report" / "calibration.csv").set_index("model")
    assert list(calibration.index) == ["prl"] and 0 <= calibration.loc["prl", "coverage_1std"] <= 1
    index = (results / "report" / "index.html").read_text()
    assert "parity-freesolv.png" in index and "calibration-freesolv.png" in index

    # The design stage: Graph GA against CIGIN's fold-0 run, within its 100-call budget.
    design = results / "design" / "dG-5-water" / "graph_ga-seed0"
    summary = json.loads((design / "summary.json").read_text())
    calls = pd.read_csv(design / "designs.csv")
    assert summary["oracle_calls"] == len(calls) <= 100 and summary["validity"] == 1.0
    assert 0 <= summary["novelty_with_corpus"] <= summary["novelty"]  # the prior's ZINC corpus, beside FreeSolv
    assert summary["fcd"] > 0 and (results / "design" / "fcd-reference.npz").exists()  # FreeSolv's, cached
    assert calls.loc[calls.valid, "canonical"].is_unique and "<svg" in (design / "design.html").read_text()
    designs = pd.read_csv(results / "report" / "design.csv")
    assert designs[["target", "method", "seed", "oracle_calls"]].values.tolist() == [["dG-5-water", "graph_ga", 0, len(calls)]]

    again = snakemake(tmp_path, configfile, "-n")
    assert again.returncode == 0 and "Nothing to be done" in again.stdout + again.stderr

    # A second repeat later trains the new runs only: the finished first repeats stay.
    original = configfile.read_text()
    edited = yaml.safe_load(original)
    edited["train"]["repeats"] = 2
    configfile.write_text(yaml.safe_dump(edited))
    plan = snakemake(tmp_path, configfile, "-n", "--quiet", "rules")
    assert plan.returncode == 0, plan.stderr[-4000:]
    assert planned_jobs(plan.stdout + plan.stderr) == {"train": 5 * len(edited["models"]), "report": 1, "all": 1}
    configfile.write_text(original)

    # A config edit to one model reruns that model's training and the report, nothing else.
    edited = yaml.safe_load(configfile.read_text())
    edited["models"]["prl"]["hidden_dim"] = 24
    configfile.write_text(yaml.safe_dump(edited))
    plan = snakemake(tmp_path, configfile, "-n", "--quiet", "rules")
    assert plan.returncode == 0, plan.stderr[-4000:]
    assert planned_jobs(plan.stdout + plan.stderr) == {"train": 5, "report": 1, "all": 1}
    # The same edit as FreeSolv's own setting plans the same jobs: the pairs are not rebuilt.
    edited["models"]["prl"] = yaml.safe_load(original)["models"]["prl"]
    edited["datasets"]["freesolv"]["models"] = {"prl": {"hidden_dim": 24}}
    configfile.write_text(yaml.safe_dump(edited))
    plan = snakemake(tmp_path, configfile, "-n", "--quiet", "rules")
    assert plan.returncode == 0, plan.stderr[-4000:]
    assert planned_jobs(plan.stdout + plan.stderr) == {"train": 5, "report": 1, "all": 1}
    del edited["datasets"]["freesolv"]["models"]

    # Ensembles for a subset of 16 pairs: 2 shards of 16 samples, and only the ensemble-trained model retrains.
    edited["datasets"]["freesolv"]["ensemble_pairs"] = 16
    edited["models"]["prl"]["hidden_dim"] = 32
    configfile.write_text(yaml.safe_dump(edited))
    plan = snakemake(tmp_path, configfile, "-n", "--quiet", "rules")
    assert plan.returncode == 0, plan.stderr[-4000:]
    expected = {"monomers": 1, "sample": 2, "qm": 2, "collect": 1, "train": 5, "report": 1, "all": 1}
    assert planned_jobs(plan.stdout + plan.stderr) == expected

    # Ensembles only for the smallest complexes (ensemble_max_atoms): the shards follow their count.
    sizes = pair_atoms(pairs.column("solute_smiles").to_pylist(), pairs.column("solvent_smiles").to_pylist())
    cap = int(np.sort(sizes)[5])
    edited["datasets"]["freesolv"]["ensemble_max_atoms"] = cap
    configfile.write_text(yaml.safe_dump(edited))
    plan = snakemake(tmp_path, configfile, "-n", "--quiet", "rules")
    assert plan.returncode == 0, plan.stderr[-4000:]
    shards = -(-min(16, int((sizes <= cap).sum())) * 2 // 16)
    assert planned_jobs(plan.stdout + plan.stderr) == {**expected, "sample": shards, "qm": shards}
    del edited["datasets"]["freesolv"]["ensemble_max_atoms"]


    # The pretrain stage: unlabeled FreeSolv solutes in MNSol solvents get ensembles, prl_pretrained
    # starts every fold from the encoder pretrained on them (fold 0 only, to stay quick).
    edited["datasets"]["mnsol"] = {"max_pairs": 20, "ensemble_pairs": 2}
    edited["pretrain"] = {"pairs": 6, "solutes_from": ["freesolv"], "solvents_from": ["mnsol"], "max_heavy_atoms": 14}
    edited["models"]["prl_pretrained"] = dict(edited["models"]["prl"])
    edited["train"]["folds"] = [0]
    configfile.write_text(yaml.safe_dump(edited))
    run = snakemake(tmp_path, configfile)
    assert run.returncode == 0, run.stderr[-4000:]
    chosen = json.loads((results / "pretrain" / "pretrain.json").read_text())
    assert chosen["pairs"] == 6 and chosen["solutes_from"] == ["freesolv"]
    unlabeled = pq.read_table(results / "pretrain" / "pairs.parquet").to_pandas()
    labeled = set(pairs.column("pair_id").to_pylist()) | set(pd.read_parquet(results / "mnsol" / "pairs.parquet").pair_id)
    assert not labeled & set(unlabeled.pair_id)
    assert len(pq.read_table(results / "pretrain" / "ensemble.parquet")) == 6 * 2
    pretrained = json.loads((results / "pretrain" / "models" / "prl_pretrained" / "metrics.json").read_text())
    assert pretrained["pairs"] >= 5 and pretrained["epochs_run"] >= 1
    tuned = json.loads((results / "freesolv" / "runs" / "prl_pretrained" / "fold0-rep0" / "metrics.json").read_text())
    assert tuned["n_with_ensemble"] > 0
    report = pd.read_csv(results / "report" / "rmse.csv").set_index(["dataset", "model"])
    assert report.loc[("freesolv", "prl_pretrained"), "runs"] == 1
    again = snakemake(tmp_path, configfile, "-n")
    assert again.returncode == 0 and "Nothing to be done" in again.stdout + again.stderr

    # `--config` overrides reach the jobs (through results/configs/<hash>.yaml) and rerun only what
    # they change: here one model's width, so its fold-0 run on each dataset and the report.
    override = ("--config", "models={cigin: {hidden_dim: 16}}")
    plan = snakemake(tmp_path, configfile, "-n", "--quiet", "rules", *override)
    assert planned_jobs(plan.stdout + plan.stderr) == {"train": 2, "report": 1, "design": 1, "all": 1}
    run = snakemake(tmp_path, configfile, *override)
    assert run.returncode == 0, run.stderr[-4000:]
    # Each run's merged config is its own file, named by its content, beside the earlier runs'.
    effective = [yaml.safe_load(path.read_text()) for path in (results / "configs").glob("*.yaml")]
    widths = {c["models"]["cigin"]["hidden_dim"] for c in effective}
    assert 16 in widths and len(widths) > 1 and all(c["models"]["prl"]["hidden_dim"] == 32 for c in effective)
    checkpoint = torch.load(results / "freesolv" / "runs" / "cigin" / "fold0-rep0" / "best.ckpt", weights_only=False)
    assert checkpoint["hyper_parameters"]["model_config"]["hidden_dim"] == 16

    # The cvae generator, by an override: its rule trains the CVAE on FreeSolv's pairs, then it designs.
    cvae = {"epochs": 2, "hidden_dim": 16, "latent_dim": 4, "population": 10, "elites": 3}
    override = ("--config", f"design={{method: cvae, cvae: {json.dumps(cvae)}}}")
    run = snakemake(tmp_path, configfile, *override)
    assert run.returncode == 0, run.stderr[-4000:]
    summary = json.loads((results / "design" / "dG-5-water" / "cvae-seed0" / "summary.json").read_text())
    assert summary["method"] == "cvae" and 0 < summary["oracle_calls"] <= 100 and summary["validity"] >= 0.95
    assert (results / "design" / "cvae.pt").is_file()

    # The fingerprint model, by an override: its rule computes each dataset's features once, then fold 0 trains;
    # the design oracle is its run and CIGIN's averaged. MNSol's own setting leaves out the electronic block,
    # so its file is computed without GFN2-xTB.
    run = snakemake(tmp_path, configfile, "--config", "models={lightgbm: {min_data_in_leaf: 2}}", "design={model: [lightgbm, cigin]}",
                    "datasets={mnsol: {models: {lightgbm: {electronic: false}}}}")
    assert run.returncode == 0, run.stderr[-4000:]
    summary = json.loads((design / "summary.json").read_text())
    assert [Path(run).parent.name for run in summary["oracle_runs"]] == ["lightgbm", "cigin"]
    assert len(summary["oracle_test_rmse"]) == 1 and summary["oracle_calls"] > 0  # one fold, both models' mean
    assert (results / "freesolv" / "fingerprints.npz").is_file() and (results / "mnsol" / "fingerprints.npz").is_file()
    lightgbm = json.loads((results / "freesolv" / "runs" / "lightgbm" / "fold0-rep0" / "metrics.json").read_text())
    assert lightgbm["model"] == "lightgbm" and lightgbm["trees"] >= 1 and lightgbm["n_test"] > 0
    layouts = {dataset: FingerprintModel.from_run(results / dataset / "runs" / "lightgbm" / "fold0-rep0").electronic
               for dataset in ("freesolv", "mnsol")}
    assert layouts == {"freesolv": True, "mnsol": False}
    for dataset, computed in (("freesolv", True), ("mnsol", False)):
        with np.load(results / dataset / "fingerprints.npz") as content:
            assert ("solute_electronic" in content.files) == computed, dataset
    report = pd.read_csv(results / "report" / "rmse.csv").set_index(["dataset", "model"])
    assert report.loc[("freesolv", "lightgbm"), "runs"] == 1 and report.loc[("mnsol", "lightgbm"), "runs"] == 1


@pytest.mark.skipif(data_dir() is None, reason="MOLPAIR_DATA_DIR is not set to the shared data folder")
@pytest.mark.parametrize("engine", ["xtb", "mopac"])
def test_factory_with_command_line_engine(tmp_path, engine):
    """The same factory with another engine, selected by a config edit alone."""
    import shutil

    if shutil.which(engine) is None:
        pytest.skip(f"{engine} not installed (apt-get install {engine})")
    demo = yaml.safe_load((REPO / "config" / "demo.yaml").read_text())
    configfile = demo_config(
        tmp_path, qm={**demo["qm"], "engine": engine}, datasets={"freesolv": {"max_pairs": 8}}, design={}
    )

    run = snakemake(tmp_path, configfile, "results/freesolv/ensemble.parquet")
    assert run.returncode == 0, run.stderr[-4000:]
    ensemble = pq.read_table(tmp_path / "results" / "freesolv" / "ensemble.parquet").to_pandas()
    assert len(ensemble) == 16 and set(ensemble.engine) == {engine}
    assert (ensemble.status == "ok").sum() >= 12
    ok = ensemble[ensemble.status == "ok"]
    assert ok.e_int.notna().all() and ok.engine_version.str.match(r"\d+\.\d+").all()


def test_dataset_added_by_config_alone_runs_from_ingest_to_report(tmp_path, http_root):
    """A lab's own CSV, served over HTTP with its checksum, described by a config entry only (columns, a
    temperature filter, its unit): the workflow ingests, splits, trains CIGIN and reports it in that unit,
    computing no ensemble (no model of the run reads one). A wrong column name stops the run before any job,
    naming the key."""
    import hashlib

    www, base = http_root
    solutes = ["C", "CC", "CCC", "CCCC", "CO", "CCO", "CCCO", "CCCCO"]
    rows = [f"{s},{v},{-len(s) - 0.5 * ('O' in s) + 0.3 * (v == 'CCO'):.2f},298" for s in solutes for v in ("O", "CCO")]
    payload = ("solute_smiles,solvent_smiles,dG,T\n" + "\n".join(rows) + "\nCCO,O,9.99,350\n").encode()
    (www / "lab.csv").write_bytes(payload)
    entry = {
        "url": f"{base}/lab.csv", "sha256": hashlib.sha256(payload).hexdigest(), "solute": "solute_smiles",
        "solvent": "solvent_smiles", "target": "dG", "unit": "kJ/mol", "filters": [{"column": "T", "equals": 298}],
    }
    configfile = demo_config(
        tmp_path,
        datasets={"lab": entry},
        models={"cigin": {"hidden_dim": 16, "num_layers": 2}},
        train={"max_epochs": 2, "patience": 2, "batch_size": 8, "folds": [0]},
        design={},  # the demo's design names freesolv, which this config replaces
    )
    run = snakemake(tmp_path, configfile)
    assert run.returncode == 0, run.stderr[-4000:]
    results = tmp_path / "results"
    summary = json.loads((results / "lab" / "ingest.json").read_text())
    assert (summary["rows_read"], summary["rows_filtered_out"], summary["pairs"], summary["rejected"]) == (16, 1, 16, 0)
    assert summary["source_file"] == "results/downloads/lab/lab.csv"
    assert not (results / "lab" / "ensemble.parquet").exists() and not (results / "lab" / "monomers.parquet").exists()
    report = pd.read_csv(results / "report" / "rmse.csv").set_index(["dataset", "model"]).loc[("lab", "cigin")]
    assert report.unit == "kJ/mol" and report.runs == 1 and report.pairs == 16 and report.rmse_mean > 0
    # pairs, labelled training pairs, and no ensemble
    assert "| lab | cigin |" in (rmse_md := (results / "report" / "rmse.md").read_text()) and "| 16 | 12 | n/a | n/a |" in rmse_md
    assert "parity-lab.png" in (results / "report" / "index.html").read_text()

    local = {key: value for key, value in entry.items() if key not in ("url", "sha256")}
    (tmp_path / "broken").mkdir()
    broken = demo_config(
        tmp_path / "broken", datasets={"lab": {**local, "file": str(www / "lab.csv"), "target": "dG_exp"}}, design={}
    )
    run = snakemake(tmp_path / "broken", broken, "-n")
    assert run.returncode != 0 and "no column 'dG_exp' (datasets.lab.target)" in run.stdout + run.stderr
