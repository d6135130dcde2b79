"""Inverse design: the oracle's budget and hit rules, and each generator run against a tiny trained model."""

from __future__ import annotations

import json
import os
import re
import subprocess
import sys

import numpy as np
import pandas as pd
import pytest
import torch
from rdkit import Chem

from conftest import alkanol_rows, write_pair_set
from molpair.design.cvae import load_cvae, train_cvae
from molpair.design.generators import RewardBook, randomized_smiles, shaped_reward
from molpair.design.oracle import BudgetSpent, Oracle, Target
from molpair.design.run import oracle_test_rmse, run_design
from molpair.design.screen import Screen
from molpair.design.smiles_rnn import Vocabulary, load_prior, tokenize, train_prior
from molpair.train import fingerprint_model, train_fold
from molpair.train.gbm import train_lightgbm

TRAIN = {
    "folds": None, "repeats": 1, "seed": 0, "max_epochs": 8, "patience": 8, "batch_size": 8,
    "lr": 0.003, "weight_decay": 0.0, "accelerator": "cpu", "devices": 1, "num_workers": 0,
}
DESIGN = {
    "method": "graph_ga", "budget": 60, "min_similarity": 0.0, "max_spread": None,
    "graph_ga": {"initial_population": 10, "population_size": 10, "offspring_size": 10, "max_generations": 30,
                 "start": "random"},
}


@pytest.fixture(scope="module")
def pair_set(tmp_path_factory):
    """Alkanes and alkanols with target = carbon count: pairs.parquet and splits.parquet."""
    root = tmp_path_factory.mktemp("data")
    write_pair_set(root, alkanol_rows(), ["train"] * 32 + ["val"] * 4 + ["test"] * 4)
    return root


@pytest.fixture(scope="module")
def oracle_run(tmp_path_factory, pair_set):
    """A tiny CIGIN trained on `pair_set`; returns (run dir, its pairs)."""
    root = pair_set
    out = tmp_path_factory.mktemp("run")
    train_fold(root / "pairs.parquet", root / "splits.parquet", 0, 0, "cigin", {"hidden_dim": 16, "num_layers": 2}, TRAIN, out)
    return out, pd.read_parquet(root / "pairs.parquet", columns=["solute_smiles", "target"])


def test_each_molecule_is_charged_once_and_the_budget_holds(oracle_run):
    run, _ = oracle_run
    oracle = Oracle([run], Target("five", 5.0, 1.0, "O"), budget=4, min_similarity=0.0)
    first = oracle(["CCCCC", "C(CCC)C", "not a smiles", "CCO"])  # n-pentane twice, spelled differently
    assert first[0] == first[1]
    assert [row["canonical"] for row in oracle.calls] == ["", "CCCCC", "CCO"]  # invalid recorded at once
    assert oracle.spent == 3 and oracle.proposed == 4 and oracle.proposed_valid == 3
    again = oracle(["CCCCC", "not a smiles"])  # known: free
    assert again == [first[0], 0.0] and oracle.spent == 3
    with pytest.raises(BudgetSpent):
        oracle(["CCCCCC", "CCCCCCC"])
    assert oracle.spent == 4 and oracle.calls[-1]["canonical"] == "CCCCCC"


def test_a_hit_needs_the_window_and_the_domain(oracle_run):
    run, _ = oracle_run
    strict = Oracle([run], Target("five", 5.0, 100.0, "O"), budget=10, min_similarity=0.99)
    strict(["CCCCC", "c1ccccc1O"])
    rows = {row["canonical"]: row for row in strict.calls}
    assert rows["CCCCC"]["hit"] and rows["CCCCC"]["in_domain"]  # a training solute, inside a wide window
    assert not rows["Oc1ccccc1"]["in_domain"] and not rows["Oc1ccccc1"]["hit"]  # phenol: unlike any alkanol
    assert rows["Oc1ccccc1"]["score"] == 0.0
    narrow = Oracle([run], Target("far", 50.0, 0.5, "O"), budget=10, min_similarity=0.0)
    narrow(["CCCCC"])
    assert not narrow.calls[0]["hit"] and 0 < narrow.calls[0]["score"] < 0.01


def test_several_runs_score_with_their_mean_and_spread(oracle_run, pair_set, tmp_path):
    """An oracle of two runs predicts their mean with their sample std; a max_spread below it leaves the domain."""
    run, _ = oracle_run
    root, other = pair_set, tmp_path / "repeat1"
    train_fold(root / "pairs.parquet", root / "splits.parquet", 0, 1, "cigin", {"hidden_dim": 16, "num_layers": 2}, TRAIN, other)
    target, designs = Target("five", 5.0, 100.0, "O"), ["CCCCC", "CCCO"]
    singles = []
    for runs in ([run], [other]):
        oracle = Oracle(runs, target, budget=10, min_similarity=0.0)
        oracle(designs)
        singles.append([row["predicted"] for row in oracle.calls])
    both = Oracle([run, other], target, budget=10, min_similarity=0.0)
    both(designs)
    for index, row in enumerate(both.calls):
        a, b = singles[0][index], singles[1][index]
        assert row["predicted"] == pytest.approx((a + b) / 2, rel=1e-5)
        assert row["uncertainty"] == pytest.approx(abs(a - b) / 2**0.5, rel=1e-4) and row["uncertainty"] > 0
        assert row["hit"]
    tight = Oracle([run, other], target, budget=10, min_similarity=0.0, max_spread=0.0)
    tight(designs)
    assert not any(row["in_domain"] or row["hit"] for row in tight.calls)


def test_a_lightgbm_run_and_its_average_with_a_graph_run_are_oracles(oracle_run, pair_set, tmp_path, monkeypatch):
    """The fingerprint model scores like a graph run (with threads, new molecules on worker processes);
    averaged with CIGIN, the mean of the two, whose test RMSE is the oracle's."""
    run, _ = oracle_run
    trees = tmp_path / "lightgbm"
    settings = {"learning_rate": 0.1, "num_leaves": 4, "min_data_in_leaf": 2, "feature_fraction": 1.0,
                "bagging_fraction": 1.0, "max_trees": 400, "early_stopping_rounds": 50, "electronic": False}
    train_lightgbm(pair_set / "pairs.parquet", pair_set / "splits.parquet", 0, 0, settings, TRAIN, trees)
    target, designs = Target("five", 5.0, 1.0, "O"), ["CCCCC", "CCCCCCCCC"]
    scored = {}
    for name, runs in (("trees", [trees]), ("graph", [run]), ("both", [trees, run])):
        oracle = Oracle(runs, target, budget=10, min_similarity=0.0)
        oracle(designs)
        scored[name] = [row["predicted"] for row in oracle.calls]
    monkeypatch.setattr(fingerprint_model, "_cache", type(fingerprint_model._cache)())  # the designs new again
    pooled = Oracle([trees], target, budget=10, min_similarity=0.0, threads=2)
    pooled(designs)
    assert pooled.model._pool is not None and [row["predicted"] for row in pooled.calls] == scored["trees"]
    trees_rows = scored["trees"]
    assert abs(trees_rows[0] - 5.0) < 1.0 and abs(trees_rows[1] - 9.0) < 1.5  # carbon counts learned
    for index, mean in enumerate(scored["both"]):
        assert mean == pytest.approx((scored["trees"][index] + scored["graph"][index]) / 2, rel=1e-5)
    # The oracle's own test RMSE: a run's alone; the two runs' (one fold) that of their mean prediction.
    assert oracle_test_rmse([trees]) == [pytest.approx(json.loads((trees / "metrics.json").read_text())["test_rmse"])]
    test = [pd.read_parquet(path / "predictions.parquet").query("role == 'test'").set_index("pair_id") for path in (trees, run)]
    mean = (test[0].y_pred + test[1].y_pred.loc[test[0].index]) / 2
    assert oracle_test_rmse([trees, run]) == [pytest.approx(float(((mean - test[0].y_true) ** 2).mean() ** 0.5))]


def test_graph_ga_spends_its_budget_on_distinct_designs_and_writes_its_outputs(oracle_run, tmp_path):
    run, measured = oracle_run
    target = Target("ten-carbons", 10.0, 1.0, "O")
    summary = run_design([run], target, DESIGN, 0, measured, tmp_path)
    calls = pd.read_csv(tmp_path / "designs.csv", keep_default_na=False, na_values=[""])
    assert len(calls) == DESIGN["budget"] == summary["oracle_calls"]
    assert calls["call"].tolist() == list(range(1, 61))
    valid = calls[calls["valid"]]
    assert valid["canonical"].is_unique
    expected_hits = valid["in_domain"] & ((valid["predicted"] - 10.0).abs() <= 1.0)
    assert valid["hit"].tolist() == expected_hits.tolist()
    assert summary["hits"] == int(calls["hit"].sum())
    assert json.loads((tmp_path / "summary.json").read_text())["top10_auc"] == summary["top10_auc"]
    page = (tmp_path / "design.html").read_text()
    assert "<svg" in page and "ten-carbons" in page


def test_graph_ga_designs_the_same_molecules_in_processes_with_other_string_hashes(oracle_run, tmp_path):
    """mol-ga proposes from sets (ordered by Python's per-process string hashing): one seed, the same calls."""
    run, measured = oracle_run
    measured.to_parquet(tmp_path / "measured.parquet")
    script = (
        "import json, sys, pandas as pd; from molpair.design.oracle import Target; from molpair.design.run import run_design; "
        "run_design([sys.argv[1]], Target('ten-carbons', 10.0, 1.0, 'O'), json.loads(sys.argv[2]), 0, "
        "pd.read_parquet(sys.argv[3]), sys.argv[4])"
    )
    tables = []
    for hash_seed in ("1", "2"):
        out = tmp_path / f"hash{hash_seed}"
        subprocess.run(
            [sys.executable, "-c", script, str(run), json.dumps(DESIGN), str(tmp_path / "measured.parquet"), str(out)],
            env={**os.environ, "PYTHONHASHSEED": hash_seed}, check=True, capture_output=True, timeout=300,
        )
        tables.append(pd.read_csv(out / "designs.csv", keep_default_na=False, na_values=[""]))
    assert len(tables[0]) == DESIGN["budget"]
    pd.testing.assert_frame_equal(tables[0], tables[1])


def test_graph_ga_can_start_from_the_solutes_measured_nearest_the_target(oracle_run, tmp_path):
    from molpair.chem.molecules import canonical_smiles
    from molpair.design.generators import nearest_measured

    run, measured = oracle_run
    target = Target("ten-carbons", 10.0, 1.0, "O")
    design = {**DESIGN, "graph_ga": {**DESIGN["graph_ga"], "start": "nearest"}}
    run_design([run], target, design, 0, measured, tmp_path)
    calls = pd.read_csv(tmp_path / "designs.csv", keep_default_na=False, na_values=[""])
    nearest = {canonical_smiles(text) for text in nearest_measured(measured, target, 10)}
    assert set(calls["canonical"][:10]) == nearest


def test_a_run_that_ends_before_its_budget_says_so(oracle_run, tmp_path, caplog):
    run, measured = oracle_run
    design = {**DESIGN, "budget": 1000, "graph_ga": {**DESIGN["graph_ga"], "max_generations": 1}}
    with caplog.at_level("WARNING", logger="molpair.design.run"):
        summary = run_design([run], Target("ten-carbons", 10.0, 1.0, "O"), design, 0, measured, tmp_path)
    assert summary["oracle_calls"] < 1000 == summary["budget"]
    assert f"graph_ga stopped with {summary['oracle_calls']} of 1000 oracle calls spent" in caplog.text


MOLECULES = ["CC(=O)Nc1ccc(Br)cc1", "C[N+](C)(C)CCl", "c1cc2ccc3cccc4ccc(c1)c2c34", "C1CC%10CC1%10"]


def test_smiles_tokens_round_trip_through_the_vocabulary():
    vocabulary = Vocabulary.from_smiles(MOLECULES)
    assert tokenize("C[N+](C)(C)CCl") == ["C", "[N+]", "(", "C", ")", "(", "C", ")", "C", "Cl"]
    encoded = vocabulary.encode(MOLECULES, max_length=100)
    assert [vocabulary.decode(row) for row in encoded.tolist()] == MOLECULES
    assert not vocabulary.encodable("[Xe]")


def test_selfies_round_trip_to_the_same_molecules_and_any_tokens_decode():
    vocabulary = Vocabulary.from_smiles(MOLECULES, "selfies")
    assert "[Br]" in vocabulary.tokens and "[Ring1]" in vocabulary.tokens
    decoded = [vocabulary.decode(row) for row in vocabulary.encode(MOLECULES, max_length=100).tolist()]
    assert [Chem.CanonSmiles(text) for text in decoded] == [Chem.CanonSmiles(text) for text in MOLECULES]
    rows = torch.randint(3, len(vocabulary), (200, 30), generator=torch.Generator().manual_seed(0)).tolist()
    assert all(Chem.MolFromSmiles(vocabulary.decode(row)) is not None for row in rows)  # random tokens, valid molecules
    with pytest.raises(ValueError, match="unknown representation"):
        Vocabulary(vocabulary.tokens, "inchi")


PRIOR_SETTINGS = {"max_length": 20, "embedding_dim": 16, "hidden_dim": 48, "num_layers": 1, "epochs": 60,
                  "finetune_epochs": 10, "batch_size": 8, "lr": 0.01}
ALKANES, ALKANOLS = ["C" * n for n in range(1, 13)], ["C" * n + "O" for n in range(1, 13)]


@pytest.fixture(scope="module", params=["smiles", "selfies"])
def prior_file(request, tmp_path_factory):
    """A tiny prior: 'corpus' of alkanes and alkanols, fine-tuned on the alkanols, in each representation."""
    path = tmp_path_factory.mktemp("prior") / "prior.pt"
    provenance = train_prior(ALKANES, ALKANOLS, path, {**PRIOR_SETTINGS, "representation": request.param})
    assert provenance["dye_smiles"] == 12 and provenance["pretrain_losses"][-1] < provenance["pretrain_losses"][0] / 2
    assert provenance["sample_validity"] >= 0.8
    return path


def test_the_prior_samples_valid_molecules_of_its_corpus(prior_file):
    model, vocabulary, provenance = load_prior(prior_file)
    tokens, _ = model.sample(50, 20, torch.Generator().manual_seed(0))
    smiles = [vocabulary.decode(row) for row in tokens.tolist()]
    valid = [text for text in smiles if Chem.MolFromSmiles(text) is not None and text]
    assert len(valid) >= (50 if provenance["representation"] == "selfies" else 40)
    assert all(set(text) <= {"C", "O"} for text in valid)


def test_an_edit_changes_one_token_of_each_string_to_another_written_token(prior_file):
    model, vocabulary, provenance = load_prior(prior_file)
    smiles = ["CCCO", "CCCCCO", "CCCCCC"]
    encoded = vocabulary.encode(smiles, 20)
    edited = model.edit(encoded, torch.Generator().manual_seed(0))
    changed = edited != encoded
    assert changed.sum(dim=1).tolist() == [1, 1, 1]
    assert (edited[changed] > 2).all()  # never padding, a start or an end: the strings keep their length
    if provenance["representation"] == "selfies":  # any SELFIES decodes: every edit is a molecule
        assert all(Chem.MolFromSmiles(vocabulary.decode(row)) is not None for row in edited.tolist())


def test_randomized_smiles_writes_the_same_molecule_another_way():
    variants = {randomized_smiles("CC(=O)Nc1ccc(Br)cc1", seed) for seed in range(10)}
    assert len(variants) > 1 and {Chem.CanonSmiles(text) for text in variants} == {Chem.CanonSmiles("CC(=O)Nc1ccc(Br)cc1")}
    assert randomized_smiles("C1CC", 0) == "C1CC"  # unparsable: left as it is


@pytest.mark.parametrize("augmentation_rounds, purge_memory, edits, screen", [(0, False, 0, 1), (2, True, 8, 3)])
def test_reinvent_steers_the_prior_within_the_budget(oracle_run, prior_file, tmp_path, augmentation_rounds, purge_memory,
                                                     edits, screen):
    run, measured = oracle_run
    design = {
        "method": "reinvent", "budget": 40, "min_similarity": 0.0, "max_spread": None,
        "reinvent": {"prior": str(prior_file), "batch_size": 16, "sigma": 60, "lr": 0.001, "memory_size": 10,
                     "replay": 4, "filter_bucket": 2 if purge_memory else 25, "filter_min_score": 0.4, "max_steps": 50,
                     "class_windows": 1, "class_epochs": 3, "class_lr": 0.001, "reward_breadth": 30,
                     "closeness_weight": 0.5, "inception": 5, "augmentation_rounds": augmentation_rounds,
                     "purge_memory": purge_memory, "repeat_reward": 0.5,
                     "forget_resampled": purge_memory, "filter_groups": "core" if purge_memory else "scaffold",
                     "edits": edits, "edit_calls": 30 if edits else None, "screen": screen},
    }
    summary = run_design([run], Target("eight-carbons", 8.0, 1.0, "O"), design, 0, measured, tmp_path)
    calls = pd.read_csv(tmp_path / "designs.csv", keep_default_na=False, na_values=[""])
    assert summary["oracle_calls"] == len(calls) <= 40 and summary["validity"] > 0.5
    assert calls.loc[calls["valid"], "canonical"].is_unique


def test_reinvent_proposes_edits_only_until_edit_calls(oracle_run, prior_file, tmp_path, caplog):
    run, measured = oracle_run
    settings = {"prior": str(prior_file), "batch_size": 8, "sigma": 60, "lr": 0.001, "memory_size": 10, "replay": 4,
                "filter_bucket": 25, "filter_min_score": 0.4, "max_steps": 20, "class_windows": 1, "class_epochs": 1,
                "class_lr": 0.001, "reward_breadth": 30, "closeness_weight": 0.5, "inception": 5,
                "augmentation_rounds": 0, "purge_memory": False, "repeat_reward": 0.0, "forget_resampled": True,
                "filter_groups": "scaffold", "edits": 8, "screen": 1}
    edited = {}
    for edit_calls in (None, 5):  # 5: spent by the inception, so no step proposes an edit
        design = {"method": "reinvent", "budget": 40, "min_similarity": 0.0, "max_spread": None,
                  "reinvent": {**settings, "edit_calls": edit_calls}}
        caplog.clear()
        with caplog.at_level("INFO", logger="molpair.design.generators"):
            run_design([run], Target("eight-carbons", 8.0, 1.0, "O"), design, 0, measured, tmp_path / str(edit_calls))
        edited[edit_calls] = int(re.search(r"after the inception: (\d+) calls were edits", caplog.text).group(1))
    assert edited[None] > 0 and edited[5] == 0


def test_the_screen_keeps_every_repeat_and_the_new_molecules_like_the_best_scored_ones():
    target = Target("nitriles", 0.0, 1.0, "O")
    good = ["CCC#N", "CCCC#N", "N#Cc1ccccc1", "N#CCCO", "N#CCCCl"]
    poor = ["CCO", "CCCCO", "Oc1ccccc1", "OCCO", "CC(C)O", "CCCCCC", "ClCCCl"]
    screen = Screen()
    assert not screen.expected_improvement(["CCN"]).any()  # nothing known yet
    screen.record(good + poor, [target.closeness(0.2)] * len(good) + [target.closeness(5.0)] * len(poor))
    proposals = ["OCCCCCO", "C1CC", "N#CCCCCC", "CCO", "C(#N)CCCCC", "OCC(O)CO"]
    # the repeat of CCO (free) and the unparsable string (charged, so validity counts it) always; the second
    # spelling of the nitrile never
    assert screen.keep(proposals, 1) == [1, 2, 3]
    assert screen.keep(proposals, 3) == [0, 1, 2, 3, 5]


def test_a_screen_that_slid_its_window_step_by_step_ranks_as_one_fitted_on_that_window_at_once():
    target, chains = Target("far", 0.0, 1.0, "O"), [f"{'C' * n}{end}" for n in range(1, 9) for end in ("O", "N", "Cl", "C#N")]
    distances = [abs(n - 4.5) + 0.3 * k for n in range(1, 9) for k in range(4)]
    scores = [1.0 / (1.0 + d * d) for d in distances]
    stepwise, at_once = Screen(memory=12), Screen(memory=12)
    for start in range(0, len(chains), 4):  # eight steps: the window of 12 slides past the first molecules
        stepwise.record(chains[start:start + 4], scores[start:start + 4])
        stepwise.expected_improvement(["CCCCO"])
    at_once.record(chains, scores)
    proposals = ["CCCCCO", "OCCCCCCCCCC", "c1ccccc1O"]
    assert np.array_equal(stepwise.expected_improvement(proposals), at_once.expected_improvement(proposals))


BOOK = {"reward_breadth": 30, "closeness_weight": 0.75, "filter_min_score": 0.4, "filter_bucket": 2,
        "memory_size": 3, "purge_memory": False, "repeat_reward": 0.25, "forget_resampled": False,
        "filter_groups": "scaffold"}


def test_a_molecule_sampled_again_earns_a_share_of_its_reward_and_the_memory_keeps_the_full_one():
    book = RewardBook(BOOK)
    full = shaped_reward(0.9, 30, 0.75)
    first = book.reward(["CCO", "OCC", "CCCO"], [0.9, 0.9, 0.0])  # OCC is CCO written another way
    assert first == [full, pytest.approx(0.25 * full), 0.0]
    assert book.reward(["CCO"], [0.9]) == [pytest.approx(0.25 * full)]
    assert book.memory == {"CCO": full, "OCC": full}


def test_a_molecule_sampled_again_leaves_the_memory_for_good_when_forget_resampled():
    book = RewardBook({**BOOK, "forget_resampled": True})
    book.reward(["CCO", "CCCO"], [0.9, 0.8])
    assert set(book.memory) == {"CCO", "CCCO"}
    book.reward(["OCC"], [0.9])  # CCO again, written another way: learned, so both writings leave
    assert set(book.memory) == {"CCCO"}
    book.reward(["CCO", "CCCCO"], [0.9, 0.7])  # and it does not come back
    assert set(book.memory) == {"CCCO", "CCCCO"}


def test_the_diversity_filter_zeroes_a_full_scaffold_and_the_purge_empties_it_from_the_memory():
    rings = ["c1ccccc1C", "c1ccccc1CC", "c1ccccc1CCC", "c1ccccc1CCCC"]  # one Murcko scaffold: benzene
    for purge, remembered in ((False, 3), (True, 0)):
        book = RewardBook({**BOOK, "purge_memory": purge})
        rewards = book.reward(rings, [0.9, 0.8, 0.7, 0.95])
        assert rewards == [shaped_reward(0.9, 30, 0.75), shaped_reward(0.8, 30, 0.75), 0.0, 0.0]  # bucket of 2
        assert len(book.memory) == remembered


def test_the_core_filter_counts_chain_variants_of_one_ring_system_in_one_bucket():
    dyes = ["c1ccccc1Cc1ccccc1", "c1ccccc1CCc1ccccc1", "c1ccccc1CCCc1ccccc1"]  # three scaffolds, one core: benzene
    rewards = {groups: RewardBook({**BOOK, "filter_groups": groups}).reward(dyes, [0.9, 0.8, 0.7])
               for groups in ("scaffold", "core")}
    assert all(reward > 0 for reward in rewards["scaffold"])
    assert rewards["core"][:2] == rewards["scaffold"][:2] and rewards["core"][2] == 0.0  # bucket of 2


CVAE_SETTINGS = {"max_length": 20, "embedding_dim": 16, "hidden_dim": 48, "latent_dim": 4, "solvent_dim": 4,
                 "epochs": 80, "batch_size": 8, "lr": 0.01, "kl_weight": 0.1}


@pytest.fixture(scope="module")
def cvae_file(tmp_path_factory):
    """A tiny CVAE of alkanols whose condition is their carbon count, in water or ethanol."""
    path = tmp_path_factory.mktemp("cvae") / "cvae.pt"
    solutes = ["C" * n + "O" for n in range(1, 13)] * 2
    solvents = ["O"] * 12 + ["CCO"] * 12
    provenance = train_cvae(solutes, solvents, [len(text) - 1 for text in solutes], path, CVAE_SETTINGS)
    assert provenance["n_rows"] == 24 and provenance["n_solvents"] == 2
    history = provenance["history"]
    assert history[-1]["reconstruction"] < history[0]["reconstruction"] / 2
    assert provenance["prior_validity"] == 1.0  # SELFIES: every decoded point is a molecule
    return path


def test_the_cvae_decodes_what_its_condition_asks_for(cvae_file):
    trained, _ = load_cvae(cvae_file)
    z = torch.randn(50, 4, generator=torch.Generator().manual_seed(0))

    def carbons(value: float, solvent: str) -> float:
        decoded = trained.decode(z, trained.condition(value, solvent, 50))
        return sum(Chem.MolFromSmiles(text).GetNumAtoms() - 1 for text in decoded) / 50

    assert carbons(10, "O") > carbons(3, "O") + 3
    assert carbons(10, "OCC") > carbons(3, "OCC") + 3  # the solvent by its canonical form


def test_cvae_searches_its_latent_space_within_the_budget(oracle_run, cvae_file, tmp_path):
    run, measured = oracle_run
    design = {
        "method": "cvae", "budget": 30, "min_similarity": 0.0, "max_spread": None,
        "cvae": {"model": str(cvae_file), "population": 16, "elites": 4, "min_sigma": 0.1, "max_steps": 50},
    }
    summary = run_design([run], Target("eight-carbons", 8.0, 1.0, "O"), design, 0, measured, tmp_path)
    calls = pd.read_csv(tmp_path / "designs.csv", keep_default_na=False, na_values=[""])
    assert summary["oracle_calls"] == len(calls) <= 30 and summary["validity"] >= 0.95
    assert calls.loc[calls["valid"], "canonical"].is_unique


def test_the_agent_reward_keeps_the_score_order_with_a_slope_far_from_the_target():
    from molpair.design.generators import shaped_reward
    from molpair.design.oracle import windows_from_target

    target = Target("t", 500.0, 10.0, "O")
    predictions = [500.0, 505.0, 510.0, 530.0, 550.0, 650.0, 790.0, 900.0]
    scores = [target.closeness(value) for value in predictions]
    assert [round(windows_from_target(score), 6) for score in scores] == [0.0, 0.5, 1.0, 3.0, 5.0, 15.0, 29.0, 40.0]
    ramp = [shaped_reward(score, breadth=30, closeness_weight=0.0) for score in scores]
    assert ramp[0] == 1.0 and ramp[-1] == 0.0 and ramp == sorted(ramp, reverse=True)
    assert ramp[5] == pytest.approx(0.5) and scores[5] < 0.005  # 15 windows away: the score is flat, the ramp not
    assert ramp[1] - ramp[3] < 0.1  # but the ramp barely tells a hit from a near miss
    mixed = [shaped_reward(score, breadth=30, closeness_weight=0.5) for score in scores]
    assert mixed[0] == 1.0 and mixed[-1] < 1e-3 and mixed == sorted(mixed, reverse=True)
    assert mixed[1] - mixed[3] > 0.3  # the score's share does
    assert mixed[5] > mixed[6] > 0.0  # and the slope far away stays
    assert shaped_reward(0.0, breadth=30, closeness_weight=0.5) == 0.0  # outside the domain


def test_the_target_class_is_the_solutes_measured_near_the_target(oracle_run):
    from molpair.design.generators import target_class

    _, measured = oracle_run
    assert target_class(measured, Target("eight", 8.0, 1.0, "O"), windows=1) == sorted(
        {"C" * n + end for n in (7, 8, 9) for end in ("", "O")}
    )
    assert target_class(measured, Target("far", 80.0, 1.0, "O"), windows=2) == []


def test_inception_takes_the_solutes_measured_nearest_the_target_first():
    from molpair.design.generators import nearest_measured

    measured = pd.DataFrame({"solute_smiles": ["CCO", "CCO", "CCCO", "CO", "CCCCO"], "target": [1.0, 7.5, 7.0, 9.0, 20.0]})
    assert nearest_measured(measured, Target("eight", 8.0, 1.0, "O"), 3) == ["CCO", "CCCO", "CO"]  # CCO by its 7.5
    assert nearest_measured(measured, Target("eight", 8.0, 1.0, "O"), 0) == []
