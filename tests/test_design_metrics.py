"""Metrics of an inverse-design run on tiny hand-made inputs."""

from __future__ import annotations

import json
import math
import sys

import numpy as np
import pandas as pd
import pytest
from rdkit import Chem

from molpair.design.metrics import (
    chemnet_statistics,
    core_counts,
    design_metrics,
    internal_diversity,
    largest_ring_system,
    novelty,
    sa_scores,
    scaffold_count,
    top_k_auc,
)

ERYTHROMYCIN = (
    "CC[C@@H]1[C@@]([C@@H]([C@H](C(=O)[C@@H](C[C@@]([C@@H]([C@H]([C@@H]([C@H](C(=O)O1)C)O[C@H]2C[C@@]"
    "([C@H]([C@@H](O2)C)O)(C)OC)C)O[C@H]3[C@@H]([C@H](C[C@H](O3)C)N(C)C)O)(C)O)C)C)O)(C)O"
)


def test_top_k_auc_of_a_perfect_run_is_about_one():
    assert top_k_auc([1.0] * 10_000, budget=10_000) == pytest.approx(0.995)  # the first 100 calls rise from 0


def test_top_k_auc_of_a_run_that_finds_nothing_is_zero():
    assert top_k_auc([0.0] * 500, budget=1000) == 0.0


def test_top_k_auc_rewards_finding_the_best_molecule_early():
    early = top_k_auc([1.0] + [0.0] * 99, budget=100, k=1, every=10)
    late = top_k_auc([0.0] * 99 + [1.0], budget=100, k=1, every=10)
    assert early == pytest.approx(0.95)  # (0, 0) to (10, 1), then 1
    assert late == pytest.approx(0.05)  # 0 up to call 90, then (90, 0) to (100, 1)


def test_top_k_auc_holds_the_last_value_of_an_early_stopped_run():
    # Checkpoints at calls 2 and 3: (0, 0), (2, mean(0.6, 0.2) = 0.4), (3, mean(1.0, 0.6) = 0.8), then 0.8 up to 6.
    area = 2 * 0.4 / 2 + 1 * (0.4 + 0.8) / 2 + 3 * 0.8
    assert top_k_auc([0.2, 0.6, 1.0], budget=6, k=2, every=2) == pytest.approx(area / 6)


def test_top_k_auc_counts_missing_scores_as_zero_before_k_calls():
    # One call of score 1 with k=2: the top-2 mean is (1 + 0) / 2; (0, 0), (1, 0.5), held to 2.
    assert top_k_auc([1.0], budget=2, k=2, every=2) == pytest.approx((0.5 / 2 + 0.5) / 2)


def test_top_k_auc_rejects_more_calls_than_the_budget():
    with pytest.raises(ValueError, match="exceed the budget"):
        top_k_auc([0.5] * 3, budget=2)


def test_internal_diversity():
    assert internal_diversity(["c1ccccc1O", "Oc1ccccc1"]) == pytest.approx(0.0)
    assert internal_diversity(["c1ccccc1", "CCCCCCCCCCCCCCCC"]) > 0.95
    assert math.isnan(internal_diversity(["CCO"]))


def test_the_core_is_the_largest_ring_system_whatever_the_chains_between_rings():
    two_linkers = ["c1ccc2ccccc2c1CCc1ccccc1", "c1ccc2ccccc2c1CCCCc1ccccc1"]  # two Murcko scaffolds
    assert scaffold_count(two_linkers) == 2
    assert core_counts(two_linkers) == {"c1ccc2ccccc2c1": 2}
    assert largest_ring_system("C1CCC2(CC1)CCCC2c1ccccc1") == Chem.CanonSmiles("C1CCC2(CC1)CCCC2")  # spiro: one system
    assert largest_ring_system("CCO") == ""


def test_scaffold_count_counts_the_empty_scaffold_of_acyclic_molecules_once():
    assert scaffold_count(["c1ccccc1C", "c1ccccc1CC", "C1CCNCC1", "CCO"]) == 3
    assert scaffold_count(["CCO", "CCCC"]) == 1


def test_sa_scores_rank_a_simple_molecule_easier_than_a_macrolide():
    ethanol, macrolide = sa_scores(["CCO", ERYTHROMYCIN])
    assert 1 <= ethanol < macrolide <= 10
    assert macrolide > ethanol + 2


def test_novelty_canonicalizes_the_references_and_skips_unparsable_ones():
    assert novelty(["CCO", "c1ccccc1"], ["OCC", "not a SMILES"]) == 0.5


def calls_frame() -> pd.DataFrame:
    """Six oracle calls: one invalid, two non-hits (one known, one in the corpus), three hits on two scaffolds."""
    rows = [
        # smiles, canonical, valid, predicted, score, hit
        ("c1ccccc1O", "Oc1ccccc1", True, 2.9, 0.9, True),
        ("C1CC", "", False, math.nan, 0.0, False),
        ("OCC", "CCO", True, 0.5, 0.2, False),
        ("c1ccc2ccccc2c1", "c1ccc2ccccc2c1", True, 3.1, 1.0, True),
        ("CCCCCC", "CCCCCC", True, 1.2, 0.4, False),
        ("Cc1ccccc1", "Cc1ccccc1", True, 2.7, 0.8, True),
    ]
    frame = pd.DataFrame(rows, columns=["smiles", "canonical", "valid", "predicted", "score", "hit"])
    frame.insert(0, "call", range(1, 7))
    frame.insert(1, "step", [0, 0, 0, 1, 1, 1])
    frame["uncertainty"] = 0.1
    frame["in_domain"] = frame["valid"]
    return frame


def test_design_metrics_on_six_calls():
    metrics = design_metrics(
        calls_frame(), budget=10, proposed=8, proposed_valid=6, references=["OCC", "not a SMILES", "c1ccccc1C"],
        corpus={"CCCCCC"},
    )
    hits = ["Oc1ccccc1", "c1ccc2ccccc2c1", "Cc1ccccc1"]
    assert json.loads(json.dumps(metrics)) == metrics
    assert metrics["oracle_calls"] == 6
    assert metrics["budget"] == 10
    assert metrics["validity"] == 6 / 8
    assert metrics["uniqueness"] == 5 / 6
    assert metrics["unique_valid"] == 5
    assert metrics["novelty"] == 3 / 5  # ethanol and toluene are references
    assert metrics["novelty_with_corpus"] == 2 / 5  # hexane is in the corpus
    assert metrics["hits"] == 3
    assert metrics["success_rate"] == 3 / 5
    assert metrics["novel_success_rate"] == 2 / 5  # the toluene hit is a known molecule
    assert metrics["hits_per_1000_calls"] == 500.0
    # Scores sum to 3.3: top-10 mean 0.33 at call 6, reached from (0, 0) and held to call 10.
    assert metrics["top10_mean_score"] == pytest.approx(0.33)
    assert metrics["top10_auc"] == pytest.approx((6 * 0.33 / 2 + 4 * 0.33) / 10)
    assert metrics["hit_internal_diversity"] == pytest.approx(internal_diversity(hits))
    assert 0 < metrics["hit_internal_diversity"] < 1
    assert metrics["hit_scaffolds"] == 2  # benzene twice, naphthalene
    assert metrics["hit_cores"] == 2 and metrics["hit_top_core_share"] == 2 / 3
    assert metrics["hit_sa_mean"] == pytest.approx(float(np.mean(sa_scores(hits))))
    assert metrics["fcd"] is None


def test_design_metrics_without_hits_or_corpus_gives_none():
    calls = calls_frame().assign(hit=False)
    metrics = design_metrics(calls, budget=6, proposed=6, proposed_valid=5, references=[])
    assert json.loads(json.dumps(metrics)) == metrics
    assert metrics["novelty"] == 1.0
    assert metrics["novelty_with_corpus"] is None
    assert metrics["hits"] == 0
    assert metrics["success_rate"] == metrics["novel_success_rate"] == 0.0
    assert metrics["hit_internal_diversity"] is None
    assert metrics["hit_scaffolds"] == 0
    assert metrics["hit_cores"] == 0 and metrics["hit_top_core_share"] is None
    assert metrics["hit_sa_mean"] is None


def test_fcd_compares_the_unique_valid_designs_with_the_reference_whose_statistics_are_cached(tmp_path):
    from fcd import get_fcd

    designs = ["Oc1ccccc1", "CCO", "c1ccc2ccccc2c1", "CCCCCC", "Cc1ccccc1"]  # calls_frame's unique valid ones
    reference, cache = ["CC", "CCC", "CCCO", "c1ccncc1"], tmp_path / "fcd-reference.npz"
    metrics = design_metrics(calls_frame(), budget=6, proposed=6, proposed_valid=5, references=[],
                             fcd_reference=reference, fcd_cache=cache)
    assert metrics["fcd"] == pytest.approx(get_fcd(designs, reference), rel=1e-4) and metrics["fcd"] > 0
    mean, covariance = chemnet_statistics(reference)
    with np.load(cache) as saved:
        np.testing.assert_allclose(saved["mean"], mean, rtol=1e-5)
        digest = str(saved["digest"])
    np.savez(cache, digest=digest, mean=mean + 1.0, covariance=covariance)  # tampered, same digest
    assert chemnet_statistics(reference, cache)[0] == pytest.approx(mean + 1.0)  # read, not recomputed
    assert chemnet_statistics(reference[:3], cache)[0] != pytest.approx(mean + 1.0)  # another list: recomputed


def test_design_metrics_without_the_fcd_package_gives_none(monkeypatch):
    monkeypatch.setitem(sys.modules, "fcd", None)  # import fcd then raises ImportError
    metrics = design_metrics(
        calls_frame(), budget=6, proposed=6, proposed_valid=5, references=[], fcd_reference=["CC", "CCC"]
    )
    assert metrics["fcd"] is None


def test_the_canonical_corpus_is_cached_per_list_of_smiles(tmp_path):
    from molpair.design.metrics import cached_canonical_set

    path = tmp_path / "corpus.txt"
    assert cached_canonical_set(["C(CCCC)C", "OCC", "not a SMILES"], path) == {"CCCCCC", "CCO"}
    digest = path.read_text().splitlines()[0]
    path.write_text(f"{digest}\nCCCl\n")  # read back as written: no recomputation for the same list
    assert cached_canonical_set(["C(CCCC)C", "OCC", "not a SMILES"], path) == {"CCCl"}
    assert cached_canonical_set(["OCC"], path) == {"CCO"}  # another list: computed again
    assert path.read_text().splitlines()[1:] == ["CCO"]
