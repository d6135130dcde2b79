"""Where each stage reads and writes, relative to the results directory (one place for the layout).

Kept free of heavy imports: the Snakefile uses it at parse time.
"""

from __future__ import annotations

import hashlib
import heapq
import json
import math
import random
from pathlib import Path

#: Name of the unlabeled pairs' set, laid out like a dataset (pairs, monomers, samples, ensemble).
PRETRAIN_SET = "pretrain"


class Layout:
    def __init__(self, results_dir: str | Path = "results"):
        self.root = Path(results_dir)

    def dataset(self, name: str) -> Path:
        return self.root / name

    def pairs(self, name: str) -> Path:
        return self.dataset(name) / "pairs.parquet"

    def rejects(self, name: str) -> Path:
        return self.dataset(name) / "rejects.csv"

    def stripped(self, name: str) -> Path:
        """Rows whose salts were kept as their main fragment, and what was removed."""
        return self.dataset(name) / "stripped.csv"

    def ingest_summary(self, name: str) -> Path:
        return self.dataset(name) / "ingest.json"

    def splits(self, name: str) -> Path:
        return self.dataset(name) / "splits.parquet"

    def graphs(self, name: str) -> Path:
        """Every pair's graphs, featurized once for all training jobs of the dataset."""
        return self.dataset(name) / "graphs.pt"

    def fingerprints(self, name: str) -> Path:
        """Every molecule's fixed features (the lightgbm model's), computed once for all its jobs."""
        return self.dataset(name) / "fingerprints.npz"

    def monomers(self, name: str) -> Path:
        return self.dataset(name) / "monomers.parquet"

    def samples(self, name: str, shard: int | str) -> Path:
        return self.dataset(name) / "samples" / f"shard-{shard}.parquet"

    def ensemble_shard(self, name: str, shard: int | str) -> Path:
        return self.dataset(name) / "ensemble" / f"shard-{shard}.parquet"

    def ensemble(self, name: str) -> Path:
        return self.dataset(name) / "ensemble.parquet"

    def ensemble_summary(self, name: str) -> Path:
        return self.dataset(name) / "ensemble.json"

    def sample_cache(self, engine: str, method: str, settings_hash: str) -> Path:
        """Finished samples of one engine setting, shared by every dataset and shard layout."""
        return self.root / "cache" / f"{engine}-{method}-{settings_hash}"

    def run(self, name: str, model: str, fold: int | str, repeat: int | str) -> Path:
        return self.dataset(name) / "runs" / model / f"fold{fold}-rep{repeat}"

    def metrics(self, name: str, model: str, fold: int | str, repeat: int | str) -> Path:
        return self.run(name, model, fold, repeat) / "metrics.json"

    def pretrain_summary(self) -> Path:
        """How the pretraining pairs were chosen (counts, sources, seed)."""
        return self.dataset(PRETRAIN_SET) / "pretrain.json"

    def pretrained(self, model: str) -> Path:
        """Directory of one model's pretraining: weights.pt (the state the fine-tuning starts from),
        metrics.json, checkpoints and per-epoch curves."""
        return self.dataset(PRETRAIN_SET) / "models" / model

    def search(self, name: str, model: str) -> Path:
        """One model's hyperparameter search on a dataset: search.csv, best.json, a run per trial and fold."""
        return self.root / "search" / name / model

    def effective_config(self, config: dict) -> Path:
        """The file a workflow run's jobs read `config` from (its config file with the --config overrides),
        named by its content: runs with different overrides in one results directory, even at the same
        time, each read their own."""
        digest = hashlib.sha256(json.dumps(config, sort_keys=True, default=str).encode()).hexdigest()[:12]
        return self.root / "configs" / f"{digest}.yaml"

    def design(self, target: str, method: str, seed: int | str) -> Path:
        """One design run: designs.csv, summary.json and its page."""
        return self.root / "design" / target / f"{method}-seed{seed}"

    def design_prior(self) -> Path:
        """The SMILES prior the reinvent generator starts from, when the config names no file."""
        return self.root / "design" / "prior.pt"

    def design_corpus(self) -> Path:
        """The prior's pretraining corpus as canonical SMILES, cached for the novelty metric of every run."""
        return self.root / "design" / "corpus-canonical.txt"

    def design_fcd_reference(self) -> Path:
        """ChemNet statistics of the oracle dataset's solutes, cached for the FCD of every run."""
        return self.root / "design" / "fcd-reference.npz"

    def design_cvae(self) -> Path:
        """The conditional VAE the cvae generator searches, when the config names no file."""
        return self.root / "design" / "cvae.pt"

    def report(self) -> Path:
        return self.root / "report"

    def logs(self) -> Path:
        return self.root / "logs"

    def downloads(self) -> Path:
        return self.root / "downloads"


def pairs_per_shard(k_samples: int, samples_per_shard: int) -> int:
    return max(1, samples_per_shard // k_samples)


def shard_count(n_pairs: int, k_samples: int, samples_per_shard: int) -> int:
    """Number of QM jobs for a dataset: grows with samples / shard size, not with samples."""
    return max(1, math.ceil(n_pairs / pairs_per_shard(k_samples, samples_per_shard)))


def balanced_shards(costs: list[float], n_shards: int) -> list[list[int]]:
    """Indices of `costs` split into `n_shards` shards of near-equal total cost, each in ascending order.

    Longest-processing-time first: the costliest item goes to the cheapest shard so far (ties: the
    lower index), so a few large molecules no longer make one shard the run's long tail.
    """
    totals = [(0.0, shard) for shard in range(n_shards)]
    heapq.heapify(totals)
    members: list[list[int]] = [[] for _ in range(n_shards)]
    for index in sorted(range(len(costs)), key=lambda i: (-costs[i], i)):
        total, shard = heapq.heappop(totals)
        members[shard].append(index)
        heapq.heappush(totals, (total + costs[index], shard))
    return [sorted(shard) for shard in members]


def ensemble_rows(pairs, config: dict, dataset: str) -> list[int]:
    """Rows of a dataset's pairs table (ascending; `pairs`: its solute_smiles and solvent_smiles columns, a
    DataFrame) that get an ensemble: all, or those whose complex has at most `datasets.<name>.ensemble_max_atoms`
    atoms with hydrogens, of which a seeded random subset of `ensemble_pairs` (seed: `geometry.seed`).

    The subset for a smaller `ensemble_pairs` lies inside the one for a larger, so raising it only adds
    pairs (and the sample cache keeps what was already computed).
    """
    settings = config["datasets"].get(dataset, {})  # the pretraining set: all
    rows = list(range(len(pairs)))
    max_atoms = settings.get("ensemble_max_atoms")
    if max_atoms is not None:
        from molpair.chem.molecules import pair_atoms  # RDKit, imported at the Snakefile's parse only when used

        sizes = pair_atoms(list(pairs["solute_smiles"]), list(pairs["solvent_smiles"]))
        rows = [row for row in rows if sizes[row] <= max_atoms]
    limit = settings.get("ensemble_pairs")
    if limit is None or limit >= len(rows):
        return rows
    random.Random(config["geometry"]["seed"]).shuffle(rows)
    return sorted(rows[:limit])


def ensemble_shard_count(pairs, config: dict, dataset: str) -> int:
    """QM jobs of a dataset: its ensemble pairs (`ensemble_rows` of `pairs`) cut into shards."""
    n_ensemble_pairs = len(ensemble_rows(pairs, config, dataset))
    return shard_count(n_ensemble_pairs, config["geometry"]["k_samples"], config["qm"]["samples_per_shard"])
