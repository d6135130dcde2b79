"""The fingerprint baseline: features computed once per dataset, LightGBM trained on exactly our fold."""

import json

import lightgbm
import numpy as np
import pandas as pd
import pyarrow as pa
import pyarrow.parquet as pq
import pytest

from conftest import alkanol_rows, write_pair_set
from molpair.chem.electronic import ELECTRONIC_FEATURES, ORBITAL_FEATURES, electronic_features
from molpair.chem.fingerprints import (
    BITS, PAIR_FEATURES, feature_count, molecule_features, pair_features, system_features, write_fingerprint_file,
)
from molpair.chem.solvents import solvent_polarity
from molpair.data.ingest import PAIRS_SCHEMA
from molpair.train import fingerprint_model
from molpair.train.fingerprint_model import FingerprintModel
from molpair.train.gbm import train_lightgbm
from molpair.train.predict import predict_pairs

SETTINGS = {"learning_rate": 0.1, "num_leaves": 4, "min_data_in_leaf": 2, "feature_fraction": 1.0,
            "bagging_fraction": 1.0, "max_trees": 400, "early_stopping_rounds": 50, "electronic": False}


def test_pair_features_read_the_dataset_file_and_compute_molecules_it_lacks(tmp_path):
    write_pair_set(tmp_path, alkanol_rows(), ["train"] * 40)
    counts = write_fingerprint_file(tmp_path / "pairs.parquet", tmp_path / "fingerprints.npz")
    assert counts == {"solute": 20, "solvent": 2, "computed": 22}
    # Two processes write the same file.
    assert write_fingerprint_file(tmp_path / "pairs.parquet", tmp_path / "parallel.npz", workers=2) == counts
    with np.load(tmp_path / "fingerprints.npz") as serial, np.load(tmp_path / "parallel.npz") as parallel:
        for key in serial.files:
            np.testing.assert_array_equal(serial[key], parallel[key])
    frame = pd.DataFrame({"solute_smiles": ["CCO", "c1ccccc1", "not a molecule"], "solvent_smiles": ["O", "CCO", "O"]})
    features = pair_features(frame, tmp_path / "fingerprints.npz")
    solute_width = len(molecule_features("C", BITS["solute"]))
    assert features.shape == (3, solute_width + len(molecule_features("C", BITS["solvent"])))
    # Ethanol from the file, benzene (not in it) computed: both equal to their features computed directly.
    np.testing.assert_array_equal(features[0, :solute_width], molecule_features("CCO", BITS["solute"]))
    np.testing.assert_array_equal(features[1, :solute_width], molecule_features("c1ccccc1", BITS["solute"]))
    np.testing.assert_array_equal(features[1, solute_width:], molecule_features("CCO", BITS["solvent"]))
    assert features[0, :BITS["solute"]].sum() > 0 and np.isnan(features[2, :solute_width]).all()
    # A file of another feature set (an older molpair's) is not used: every molecule is computed anew.
    with np.load(tmp_path / "fingerprints.npz") as content:
        older = {key: content[key] for key in content.files}
    older["solute_features"] = older["solute_features"][:, :-1]
    np.savez(tmp_path / "older.npz", **older)
    np.testing.assert_array_equal(pair_features(frame, tmp_path / "older.npz"), features)
    # With the electronic block: each molecule's GFN2-xTB orbitals and charge transfer, from the file or
    # computed, appended; then the pair's: its solvent's polarity and the Lippert-Mataga products.
    with_orbitals = pair_features(frame, tmp_path / "fingerprints.npz", electronic=True)
    assert with_orbitals.shape[1] == features.shape[1] + 2 * len(ELECTRONIC_FEATURES) + len(PAIR_FEATURES) == feature_count(True)
    # Orbitals alone (charge_transfer false): each molecule's block without its charge-transfer columns, no pair block.
    orbitals_only = pair_features(frame, tmp_path / "fingerprints.npz", electronic=True, charge_transfer=False)
    assert orbitals_only.shape[1] == features.shape[1] + 2 * len(ORBITAL_FEATURES) == feature_count(True, False)
    np.testing.assert_array_equal(orbitals_only[:, :solute_width + len(ORBITAL_FEATURES)],
                                  with_orbitals[:, :solute_width + len(ORBITAL_FEATURES)])
    ethanol = electronic_features("CCO")
    np.testing.assert_array_equal(with_orbitals[0, solute_width:solute_width + len(ELECTRONIC_FEATURES)], ethanol)
    np.testing.assert_array_equal(with_orbitals[1, :solute_width], features[1, :solute_width])
    pair = dict(zip(PAIR_FEATURES, with_orbitals[0, -len(PAIR_FEATURES):]))
    water = dict(zip(PAIR_FEATURES, solvent_polarity("O")))
    assert pair["epsilon"] == pytest.approx(water["epsilon"]) and pair["delta_f"] == pytest.approx(water["delta_f"])
    lm_term = ethanol[list(ELECTRONIC_FEATURES).index("lm_term")]
    assert pair["lm_term_x_delta_f"] == pytest.approx(lm_term * water["delta_f"], rel=1e-5)
    # A file whose orbital block is an older molpair's (fewer columns) lends its fingerprints, not its orbitals.
    with np.load(tmp_path / "fingerprints.npz") as content:
        older = {key: content[key][:, :6] if key.endswith("_electronic") else content[key] for key in content.files}
    np.savez(tmp_path / "older.npz", **older)
    np.testing.assert_array_equal(pair_features(frame, tmp_path / "older.npz", electronic=True), with_orbitals)
    # Another dataset's file lends the molecules it holds: only the new ones are computed, to the same rows.
    (tmp_path / "more").mkdir()
    write_pair_set(tmp_path / "more", alkanol_rows()[:4] + [("c1ccccc1", "O", 1.0)], ["train"] * 5)
    reused = write_fingerprint_file(tmp_path / "more" / "pairs.parquet", tmp_path / "more.npz",
                                    reuse=[tmp_path / "fingerprints.npz"])
    assert reused == {"solute": 3, "solvent": 2, "computed": 1}
    more = pd.DataFrame({"solute_smiles": ["c1ccccc1", "CCO"], "solvent_smiles": ["O", "CCO"]})
    np.testing.assert_array_equal(pair_features(more, tmp_path / "more.npz", electronic=True),
                                  pair_features(more, None, electronic=True))
    # Hydrogen (no heavy atom: a descriptor that divides by their count fails) still gets its features.
    hydrogen = molecule_features("[H][H]", BITS["solvent"])
    assert np.isfinite(hydrogen).sum() > BITS["solvent"] and np.isnan(hydrogen).any()


def test_a_fingerprint_run_killed_midway_resumes_from_what_it_saved(tmp_path, monkeypatch):
    """A crash keeps the molecules computed so far (saved as they come here); the rerun computes only the
    rest, writes the same file as an uninterrupted run and removes the partial one."""
    from molpair.chem import fingerprints

    write_pair_set(tmp_path, alkanol_rows(), ["train"] * 40)
    write_fingerprint_file(tmp_path / "pairs.parquet", tmp_path / "whole.npz")
    monkeypatch.setattr(fingerprints, "CHECKPOINT_S", 0.0)
    computed, blocks = [], fingerprints._blocks

    def crash_on_the_sixth(smiles, bits, electronic):
        if len(computed) == 5:
            raise RuntimeError("node lost")
        computed.append(smiles)
        return blocks(smiles, bits, electronic)

    monkeypatch.setattr(fingerprints, "_blocks", crash_on_the_sixth)
    with pytest.raises(RuntimeError, match="node lost"):
        write_fingerprint_file(tmp_path / "pairs.parquet", tmp_path / "fingerprints.npz")
    assert not (tmp_path / "fingerprints.npz").exists() and fingerprints.partial_path(tmp_path / "fingerprints.npz").exists()
    monkeypatch.setattr(fingerprints, "_blocks", blocks)
    counts = write_fingerprint_file(tmp_path / "pairs.parquet", tmp_path / "fingerprints.npz")
    assert counts == {"solute": 20, "solvent": 2, "computed": 22 - 5}
    assert not fingerprints.partial_path(tmp_path / "fingerprints.npz").exists()
    with np.load(tmp_path / "whole.npz") as whole, np.load(tmp_path / "fingerprints.npz") as resumed:
        assert sorted(whole.files) == sorted(resumed.files)
        for key in whole.files:
            np.testing.assert_array_equal(whole[key], resumed[key])


def test_a_fingerprint_file_without_the_electronic_block_is_completed_when_a_run_needs_it(tmp_path, monkeypatch):
    """With electronic false no GFN2-xTB calculation runs and the file holds the fingerprints alone; a run
    that reads the block computes it, and a file written with it copies the fingerprints and computes the rest."""
    from molpair.chem import fingerprints

    write_pair_set(tmp_path, alkanol_rows()[:6], ["train"] * 6)
    calculated = []
    monkeypatch.setattr(fingerprints, "electronic_features",
                        lambda smiles: calculated.append(smiles) or electronic_features(smiles))
    counts = write_fingerprint_file(tmp_path / "pairs.parquet", tmp_path / "plain.npz", electronic=False)
    assert counts["computed"] == counts["solute"] + counts["solvent"] and calculated == []
    with np.load(tmp_path / "plain.npz") as content:
        assert sorted(content.files) == ["solute_features", "solute_smiles", "solvent_features", "solvent_smiles"]
    frame = pd.read_parquet(tmp_path / "pairs.parquet")
    np.testing.assert_array_equal(pair_features(frame, tmp_path / "plain.npz"), pair_features(frame, None))
    monkeypatch.undo()
    np.testing.assert_array_equal(pair_features(frame, tmp_path / "plain.npz", electronic=True),
                                  pair_features(frame, None, electronic=True))
    full = write_fingerprint_file(tmp_path / "pairs.parquet", tmp_path / "full.npz", reuse=[tmp_path / "plain.npz"])
    assert full == counts
    with np.load(tmp_path / "full.npz") as content:
        assert content["solute_electronic"].shape == (counts["solute"], len(ELECTRONIC_FEATURES))


@pytest.mark.parametrize("smiles, expected", [
    ("CC", [0, 0, 0, 0, 0, 0, 0]),
    ("C=CC=CC=C", [6, 1, 1, 5, 0, 0, 1]),  # hexatriene: one π-system over all six carbons, no ring
    ("c1ccc2ccccc2c1", [10, 1, 1, 11, 10, 1, 1]),  # naphthalene: one fused ring system
    ("c1ccccc1-c1ccccc1", [12, 1, 1, 13, 6, 2, 1]),  # biphenyl: one π-system, two ring systems
    ("C1CC2(C1)CCC2", [0, 0, 0, 0, 7, 1, 0]),  # a spiro compound: one ring system, nothing conjugated
    ("CC(=O)Oc1ccccc1", [9, 0.9, 1, 9, 6, 1, 0.9]),  # the ester conjugated with the ring; the methyl not
])
def test_system_features_measure_the_pi_system_and_the_rings(smiles, expected):
    from rdkit import Chem

    np.testing.assert_allclose(system_features(Chem.MolFromSmiles(smiles)), expected, rtol=1e-6)
    assert np.array_equal(molecule_features(smiles, 8)[-len(expected):], system_features(Chem.MolFromSmiles(smiles)))


@pytest.mark.parametrize("smiles", [
    "CCO", "[H][H]", "c1ccc2ccccc2c1", "c1cc2cc3ccc(cc4ccc(cc5ccc(cc1n2)[nH]5)n4)[nH]3",  # porphine: 24 heavy atoms
])
def test_descriptors_are_rdkits_to_the_bit(smiles):
    """molecule_features computes Ipc and AvgIpc from one characteristic polynomial; every descriptor,
    those two included, is what RDKit's own call gives (non-finite values stored as NaN)."""
    from rdkit import Chem
    from rdkit.Chem import Descriptors

    with np.errstate(all="ignore"):
        expected = np.array(list(Descriptors.CalcMolDescriptors(Chem.MolFromSmiles(smiles)).values()), dtype=np.float32)
    expected[~np.isfinite(expected)] = np.nan
    descriptors = molecule_features(smiles, 8)[8 : 8 + len(expected)]
    np.testing.assert_array_equal(descriptors, expected)


def test_electronic_features_follow_the_pi_system():
    """The HOMO-LUMO gap closes as the π-system grows (benzene, naphthalene, anthracene: longest-wavelength
    bands near 255, 310 and 375 nm); the other gaps are not smaller than it; water has a dipole, benzene
    none; what cannot be parsed has none of them."""
    rows = {smiles: electronic_features(smiles) for smiles in ("c1ccccc1", "c1ccc2ccccc2c1", "c1ccc2cc3ccccc3cc2c1", "O")}
    names = list(ELECTRONIC_FEATURES)
    gaps = [rows[smiles][names.index("gap")] for smiles in list(rows)[:3]]
    assert gaps[0] > gaps[1] > gaps[2] > 0
    for row in rows.values():
        homo, lumo, gap, below, above, _ = row[:6]
        assert homo < lumo and gap == pytest.approx(lumo - homo) and below >= gap and above >= gap
    assert rows["O"][names.index("dipole")] > 1.0 > rows["c1ccccc1"][names.index("dipole")]
    assert np.isnan(electronic_features("not a molecule")).all()


@pytest.mark.parametrize("electronic, charge_transfer", [(False, True), (True, False), (True, True)])
def test_lightgbm_trains_on_our_split_and_writes_our_layout(tmp_path, electronic, charge_transfer):
    write_pair_set(tmp_path, alkanol_rows(), ["train"] * 32 + ["val"] * 4 + ["test"] * 4)
    write_fingerprint_file(tmp_path / "pairs.parquet", tmp_path / "fingerprints.npz")
    metrics = train_lightgbm(tmp_path / "pairs.parquet", tmp_path / "splits.parquet", 0, 0,
                             {**SETTINGS, "electronic": electronic, "charge_transfer": charge_transfer}, {"seed": 0}, tmp_path / "run",
                             tmp_path / "fingerprints.npz")

    predictions = pd.read_parquet(tmp_path / "run" / "predictions.parquet")
    splits = pd.read_parquet(tmp_path / "splits.parquet")
    assert dict(zip(predictions.pair_id, predictions.role)) == dict(zip(splits.pair_id, splits.role))
    assert predictions.y_std.isna().all()
    test = predictions[predictions.role == "test"]
    rmse = np.sqrt(np.mean((test.y_pred - test.y_true) ** 2))
    assert metrics["test_rmse"] == pytest.approx(rmse) and metrics["n_test"] == 4
    # The target (carbon count, 1-10) is learned: far below predicting the training mean.
    assert metrics["test_rmse"] < 0.5 * predictions.y_true.std()
    assert 1 <= metrics["trees"] <= SETTINGS["max_trees"]
    assert json.loads((tmp_path / "run" / "metrics.json").read_text()) == metrics
    # The saved booster is the one that predicted.
    booster = lightgbm.Booster(model_file=str(tmp_path / "run" / "model.txt"))
    frame = pd.read_parquet(tmp_path / "pairs.parquet").set_index("pair_id").loc[test.pair_id].reset_index()
    features = pair_features(frame, tmp_path / "fingerprints.npz", electronic, charge_transfer)
    np.testing.assert_allclose(booster.predict(features), test.y_pred)
    # Loaded for prediction, the model knows from its feature count whether it reads the orbitals (and their
    # charge transfer), and predicts what it predicted in training.
    assert booster.num_feature() == feature_count(electronic, charge_transfer)
    model = FingerprintModel.from_run(tmp_path / "run")
    assert (model.electronic, model.charge_transfer) == (electronic, charge_transfer or not electronic)
    predicted = predict_pairs(model, frame.solute_smiles.tolist(), frame.solvent_smiles.tolist())
    np.testing.assert_allclose(predicted.prediction, test.y_pred, rtol=1e-6)


def test_huber_loss_keeps_two_wrong_training_labels_from_pulling_the_fit(tmp_path):
    """With `huber_delta` two training labels off by 100 (of a 1-10 target) pull the trees with a bounded
    gradient: validation and test stay near the clean fit's, where squared error follows the wrong labels."""
    write_pair_set(tmp_path, alkanol_rows(), ["train"] * 32 + ["val"] * 4 + ["test"] * 4)
    pairs, splits = pd.read_parquet(tmp_path / "pairs.parquet"), pd.read_parquet(tmp_path / "splits.parquet")
    wrong = pairs.pair_id.isin(splits.query("role == 'train'").pair_id[:2])
    pairs.loc[wrong, "target"] += 100
    pq.write_table(pa.Table.from_pandas(pairs, schema=PAIRS_SCHEMA, preserve_index=False), tmp_path / "pairs.parquet")
    write_fingerprint_file(tmp_path / "pairs.parquet", tmp_path / "fingerprints.npz")
    metrics = {
        loss: train_lightgbm(tmp_path / "pairs.parquet", tmp_path / "splits.parquet", 0, 0, {**SETTINGS, **settings},
                             {"seed": 0}, tmp_path / loss, tmp_path / "fingerprints.npz")
        for loss, settings in (("squared", {}), ("huber", {"huber_delta": 1.0}))
    }
    for role in ("val", "test"):
        assert metrics["huber"][f"{role}_rmse"] < 0.5 * metrics["squared"][f"{role}_rmse"]
    assert metrics["huber"]["val_rmse"] < 1.0  # the clean target's scale: carbon counts 1-10
    assert "objective=huber" in (tmp_path / "huber" / "model.txt").read_text()


def test_a_loaded_run_reads_its_dataset_molecules_from_the_file_and_computes_only_new_ones(tmp_path, monkeypatch):
    """A run in the results layout finds the dataset's fingerprint file beside it: its molecules' features
    (orbitals included) are read, not computed, and give the run's own test predictions."""
    dataset = tmp_path / "alkanols"
    dataset.mkdir()
    write_pair_set(dataset, alkanol_rows(), ["train"] * 32 + ["val"] * 4 + ["test"] * 4)
    write_fingerprint_file(dataset / "pairs.parquet", dataset / "fingerprints.npz")
    run = dataset / "runs" / "lightgbm" / "fold0-rep0"
    train_lightgbm(dataset / "pairs.parquet", dataset / "splits.parquet", 0, 0, {**SETTINGS, "electronic": True},
                   {"seed": 0}, run, dataset / "fingerprints.npz")
    pairs = pd.read_parquet(dataset / "pairs.parquet")
    test = pd.read_parquet(run / "predictions.parquet").merge(pairs, on="pair_id").query("role == 'test'")
    computed = []
    compute = fingerprint_model._compute
    monkeypatch.setattr(fingerprint_model, "_compute", lambda key: computed.append(key) or compute(key))
    monkeypatch.setattr(fingerprint_model, "_cache", type(fingerprint_model._cache)())

    predicted = predict_pairs(FingerprintModel.from_run(run), [*test.solute_smiles, "CCCCCCCCCCCCO"], [*test.solvent_smiles, "O"])
    np.testing.assert_allclose(predicted.prediction[:-1], test.y_pred, rtol=1e-6)
    assert [(side, electronic) for _, side, electronic in computed] == [("solute", True)]  # only the dodecanol


def test_charge_transfer_separates_a_push_pull_dye_from_a_symmetric_one():
    """4-Dimethylamino-4'-nitrostilbene (a classic solvatochromic charge-transfer dye: HOMO on the amine
    end, LUMO on the nitro end) against stilbene (centrosymmetric: both orbitals centred on the middle)."""
    names = list(ELECTRONIC_FEATURES)
    push_pull = dict(zip(names, electronic_features("CN(C)c1ccc(/C=C/c2ccc([N+](=O)[O-])cc2)cc1")))
    symmetric = dict(zip(names, electronic_features("c1ccc(/C=C/c2ccccc2)cc1")))
    assert push_pull["ct_distance"] > 2.0 > 0.1 > symmetric["ct_distance"]
    assert push_pull["ct_overlap"] < symmetric["ct_overlap"] <= 1.0
    assert push_pull["radius"] > symmetric["radius"] > 3.0
    assert push_pull["lm_term"] == pytest.approx(push_pull["ct_distance"] ** 2 / push_pull["radius"] ** 3, rel=1e-5)


def test_the_cavity_radius_on_the_coarse_volume_grid_is_the_fine_grids_within_a_percent():
    """The radius comes from RDKit's volume on a 0.5 Å grid (a fifteenth of the default 0.2 Å grid's cost); on
    the same conformer it is the default grid's radius within 1 %."""
    from molpair.chem.electronic import cavity_radius, relaxed_conformer

    smiles = "CN(C)c1ccc(/C=C/c2ccc([N+](=O)[O-])cc2)cc1"
    fine = cavity_radius(relaxed_conformer(smiles), grid=0.2)
    radius = electronic_features(smiles)[list(ELECTRONIC_FEATURES).index("radius")]
    assert radius == pytest.approx(fine, rel=0.01) and radius != pytest.approx(fine, rel=1e-6)
