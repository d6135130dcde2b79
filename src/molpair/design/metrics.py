"""Metrics of one inverse-design run: the molecules a generator proposed, each scored once by the oracle.

Sample efficiency follows the PMO benchmark (Gao et al., NeurIPS 2022, "Sample efficiency matters"); the
chemistry metrics (validity, uniqueness, novelty, internal diversity, scaffolds, SA score, FCD) are the usual
ones of the generative-model benchmarks (GuacaMol, MOSES). Undefined values are None, so the dict is JSON.
Hits are also counted by chromophore core (`largest_ring_system`), which alkyl-chain variants share.
"""

from __future__ import annotations

import hashlib
import importlib.util
import math
import os
from collections import Counter
from collections.abc import Iterable, Sequence
from functools import cache
from pathlib import Path
from types import ModuleType

import numpy as np
import pandas as pd
import rdkit
from rdkit import Chem, DataStructs, RDConfig, RDLogger
from rdkit.Chem import rdFingerprintGenerator
from rdkit.Chem.Scaffolds import MurckoScaffold

from molpair.io import atomic_path, write_text

RDLogger.DisableLog("rdApp.*")

MORGAN = rdFingerprintGenerator.GetMorganGenerator(radius=2, fpSize=2048)


def _molecule(smiles: str) -> Chem.Mol:
    mol = Chem.MolFromSmiles(smiles)
    if mol is None:
        raise ValueError(f"unparsable SMILES: {smiles!r}")
    return mol


def _top_k_mean(scores: np.ndarray, k: int) -> float:
    """Mean of the k best scores, missing ones counted as 0 (a run with fewer than k molecules earns less)."""
    best = np.sort(scores)[::-1][:k]
    return float(best.sum() / k)


def top_k_auc(scores: Sequence[float], budget: int, k: int = 10, every: int = 100) -> float:
    """PMO's top-k AUC: area under the mean of the k best scores so far against the number of oracle calls.

    The curve is read after every `every` calls and at the last call, and starts at (0 calls, 0) as in PMO's
    code; the trapezoid rule joins the points. A run that stopped before `budget` calls holds its last value
    up to `budget`. The area is divided by `budget`, so scores in [0, 1] give a result in [0, 1].
    While fewer than k calls have been made, the mean is over k with the missing scores as 0 (PMO averages
    over the calls made so far instead; the two differ only at a checkpoint before the k-th call).
    """
    if budget < 1 or k < 1 or every < 1:
        raise ValueError(f"budget, k and every must be positive (got {budget}, {k}, {every})")
    values = np.asarray(scores, dtype=float)
    calls = len(values)
    if calls > budget:
        raise ValueError(f"{calls} oracle calls exceed the budget of {budget}")
    checkpoints = [*range(every, calls, every), calls] if calls else []
    x = np.array([0, *checkpoints], dtype=float)
    y = np.array([0.0, *(_top_k_mean(values[:checkpoint], k) for checkpoint in checkpoints)])
    area = float(np.sum((y[1:] + y[:-1]) / 2 * np.diff(x))) + (budget - calls) * y[-1]
    return float(area / budget)


def internal_diversity(smiles: Sequence[str]) -> float:
    """1 − mean Tanimoto similarity (Morgan r=2, 2048 bits) over distinct pairs; NaN for fewer than 2 molecules."""
    fingerprints = [MORGAN.GetFingerprint(_molecule(text)) for text in smiles]
    count = len(fingerprints)
    if count < 2:
        return math.nan
    total = sum(
        sum(DataStructs.BulkTanimotoSimilarity(fingerprints[i], fingerprints[i + 1:])) for i in range(count - 1)
    )
    return 1.0 - total / (count * (count - 1) / 2)


def scaffold_count(smiles: Iterable[str]) -> int:
    """Number of distinct Bemis–Murcko scaffolds; acyclic molecules share the empty scaffold ""."""
    return len({murcko_scaffold(text) for text in smiles})


def murcko_scaffold(smiles: str) -> str:
    """The molecule's Bemis–Murcko scaffold (its rings and the chains between them) as canonical SMILES."""
    return Chem.MolToSmiles(MurckoScaffold.GetScaffoldForMol(_molecule(smiles)))


def largest_ring_system(smiles: str) -> str:
    """The molecule's largest ring system (rings sharing atoms, fused or spiro) as a canonical SMILES fragment;
    "" without rings. A dye's core: Murcko scaffolds keep the chains between rings, so variants of one dye
    that differ in a linker's length count as different scaffolds but share this."""
    mol = _molecule(smiles)
    systems: list[set[int]] = []
    for ring in map(set, mol.GetRingInfo().AtomRings()):
        for system in [system for system in systems if system & ring]:
            ring |= system
            systems.remove(system)
        systems.append(ring)
    return Chem.MolFragmentToSmiles(mol, sorted(max(systems, key=len))) if systems else ""


def core_counts(smiles: Iterable[str]) -> Counter:
    """How many of the molecules have each largest ring system."""
    return Counter(largest_ring_system(text) for text in smiles)


@cache
def _sascorer() -> ModuleType:
    """RDKit Contrib's sascorer.py (shipped in the RDKit wheel, not importable as a package), loaded once."""
    path = os.path.join(RDConfig.RDContribDir, "SA_Score", "sascorer.py")
    spec = importlib.util.spec_from_file_location("sascorer", path)
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def sa_scores(smiles: Iterable[str]) -> np.ndarray:
    """Synthetic accessibility (Ertl & Schuffenhauer 2009): 1 (easy to make) to 10 (hard), one per molecule."""
    scorer = _sascorer()
    return np.array([scorer.calculateScore(_molecule(text)) for text in smiles], dtype=float)


def canonical_set(smiles: Iterable[str]) -> set[str]:
    """RDKit canonical SMILES of the parsable ones, so references in any SMILES spelling compare equal."""
    molecules = (Chem.MolFromSmiles(text) for text in dict.fromkeys(smiles))
    return {Chem.MolToSmiles(mol) for mol in molecules if mol is not None}


def _list_digest(version: str, smiles: Sequence[str]) -> str:
    """What a cache file of a SMILES list is keyed by: a digest of the list and the version computing from it."""
    return hashlib.sha256("\n".join([version, *smiles]).encode()).hexdigest()


def cached_canonical_set(smiles: Sequence[str], path: str | Path) -> set[str]:
    """canonical_set(smiles), read from `path` when it was written for the same list and RDKit version (a
    digest of both heads the file), else computed and written there: a prior's 250,000-SMILES corpus takes
    about a minute to canonicalize, once per design run otherwise."""
    digest = _list_digest(rdkit.__version__, smiles)
    path = Path(path)
    if path.exists():
        lines = path.read_text().splitlines()
        if lines and lines[0] == digest:
            return set(lines[1:])
    canonical = canonical_set(smiles)
    write_text("\n".join([digest, *sorted(canonical)]) + "\n", path)
    return canonical


def _share_not_in(canonical: Sequence[str], known: set[str]) -> float:
    return sum(text not in known for text in canonical) / len(canonical) if canonical else math.nan


def novelty(canonical: Sequence[str], references: Iterable[str]) -> float:
    """Share of `canonical` (already RDKit canonical SMILES) not among `references`; NaN when empty.

    The references are canonicalized here, unparsable ones skipped, so the caller may pass them as written.
    """
    return _share_not_in(canonical, canonical_set(references))


def novel_success_rate(hits: Sequence[str], unique_valid: int, known: set[str]) -> float | None:
    """Share of `unique_valid` designs that are hits (canonical SMILES) not among `known`; None without designs."""
    return _ratio(sum(text not in known for text in hits), unique_valid)


@cache
def _chemnet():
    """FCD's ChemNet (the `fcd` package's shipped weights), loaded once per process."""
    import fcd

    return fcd.load_ref_model()


def chemnet_statistics(smiles: Sequence[str], path: str | Path | None = None) -> tuple[np.ndarray, np.ndarray]:
    """Mean and covariance of the ChemNet activations of `smiles`, one side of the FCD. With `path`, read
    from that .npz when it was written for the same list and fcd version (a digest of both), else computed
    and written there: chr_abs's 6,416 dyes take 40-90 s, once per design run otherwise."""
    import fcd

    digest = _list_digest(fcd.__version__, smiles)
    if path is not None and Path(path).exists():
        with np.load(path) as saved:
            if str(saved["digest"]) == digest:
                return saved["mean"], saved["covariance"]
    activations = fcd.get_predictions(_chemnet(), list(smiles), device="cpu")
    mean, covariance = activations.mean(axis=0), np.cov(activations.T)
    if path is not None:
        with atomic_path(path) as tmp, open(tmp, "wb") as handle:
            np.savez(handle, digest=digest, mean=mean, covariance=covariance)
    return mean, covariance


def _frechet_chemnet_distance(
    designs: Sequence[str], reference: Sequence[str], reference_cache: str | Path | None = None
) -> float | None:
    """FCD (Preuer et al. 2018) from the optional `fcd` package; None when it is not installed or too few
    molecules. The reference's statistics are cached at `reference_cache` (chemnet_statistics)."""
    try:
        import fcd
    except ImportError:
        return None
    if len(designs) < 2 or len(reference) < 2:
        return None
    design_mean, design_covariance = chemnet_statistics(designs)
    reference_mean, reference_covariance = chemnet_statistics(reference, reference_cache)
    return float(fcd.calculate_frechet_distance(design_mean, design_covariance, reference_mean, reference_covariance))


def _defined(value: float | None) -> float | None:
    """None for an undefined (None or NaN) value, so json.dumps writes null."""
    return None if value is None or math.isnan(value) else float(value)


def _ratio(numerator: float, denominator: float) -> float | None:
    return numerator / denominator if denominator else None


def design_metrics(
    calls: pd.DataFrame,
    *,
    budget: int,
    proposed: int,
    proposed_valid: int,
    references: Iterable[str],
    corpus: set[str] | None = None,
    fcd_reference: Sequence[str] | None = None,
    fcd_cache: str | Path | None = None,
) -> dict:
    """The metrics of one run from its oracle calls (one row per call, columns as the generator loop writes).

    `proposed` and `proposed_valid` count every SMILES the generator proposed (duplicates and invalid ones
    included) and those that parsed; `references` are the known molecules a design must differ from to be
    novel (e.g. the chromophore set), `corpus` more of them, already canonical (e.g. a prior's training
    corpus through cached_canonical_set), and `fcd_reference` the molecules the designs' distribution is
    compared with (their ChemNet statistics cached at `fcd_cache`).
    """
    calls = calls.sort_values("call")
    unique_valid = list(dict.fromkeys(calls.loc[calls["valid"], "canonical"]))
    hit_smiles = list(calls.loc[calls["hit"], "canonical"])
    scores = calls["score"].to_numpy(dtype=float)
    known = canonical_set(references)
    cores = core_counts(hit_smiles)
    return {
        "oracle_calls": len(calls),
        "budget": budget,
        "validity": _ratio(proposed_valid, proposed),
        "uniqueness": _ratio(len(unique_valid), proposed_valid),
        "unique_valid": len(unique_valid),
        "novelty": _defined(_share_not_in(unique_valid, known)),
        "novelty_with_corpus": _defined(_share_not_in(unique_valid, known | corpus)) if corpus else None,
        "hits": len(hit_smiles),
        "success_rate": _ratio(len(hit_smiles), len(unique_valid)),
        "novel_success_rate": novel_success_rate(hit_smiles, len(unique_valid), known),
        "hits_per_1000_calls": _ratio(1000 * len(hit_smiles), len(calls)),
        "top10_auc": top_k_auc(scores, budget, k=10),
        "top10_mean_score": _top_k_mean(scores, 10),
        "hit_internal_diversity": _defined(internal_diversity(hit_smiles)),
        "hit_scaffolds": scaffold_count(hit_smiles),
        "hit_cores": len(cores),
        "hit_top_core_share": _ratio(max(cores.values(), default=0), len(hit_smiles)),
        "hit_sa_mean": float(sa_scores(hit_smiles).mean()) if hit_smiles else None,
        "fcd": None if fcd_reference is None else _frechet_chemnet_distance(unique_valid, fcd_reference, fcd_cache),
    }
