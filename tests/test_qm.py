"""The QM factory: start geometries, the tblite engine, failure records, shard resume and collect."""

from __future__ import annotations

import json
import signal
import subprocess
import sys
import time

import numpy as np
import pandas as pd
import pyarrow as pa
import pyarrow.parquet as pq
import pytest

from molpair import io
from molpair.chem.geometry import EMBED_ATTEMPTS, embed, place_in_contact, radii, random_direction, random_rotation
from molpair.chem.molecules import formal_charge, pair_id
from molpair.layout import balanced_shards, ensemble_rows, shard_count
from molpair.qm import monomers, record, sampling, shard
from molpair.qm.engines import Structure, get_engine

from conftest import data_dir

PAIRS = [("CO", "O"), ("CC(=O)[O-]", "O"), ("CCO", "CCO"), ("C[N+](C)(C)C", "ClC(Cl)Cl")]


def write_pairs(path, pairs=PAIRS):
    rows = [
        {
            "pair_id": pair_id(a, b),
            "solute_smiles": a,
            "solvent_smiles": b,
            "solute_charge": formal_charge(a),
            "solvent_charge": formal_charge(b),
        }
        for a, b in pairs
    ]
    io.write_parquet(pa.Table.from_pylist(rows), path)
    return rows


def test_placement_touches_without_overlap():
    rng = np.random.default_rng(3)
    el_a, a = embed("c1ccccc1O", 1)
    el_b, b = embed("CCO", 2)
    a, b = a - a.mean(0), (b - b.mean(0)) @ random_rotation(rng).T
    placed = place_in_contact(a, radii(el_a), b, radii(el_b), random_direction(rng), 1.0)
    gap = np.linalg.norm(a[:, None] - placed[None], axis=-1) - (radii(el_a)[:, None] + radii(el_b)[None])
    assert gap.min() >= -1e-6
    assert gap.min() < 0.06  # touching, not floating away
    assert np.allclose(np.linalg.norm(placed - placed.mean(0), axis=1), np.linalg.norm(b, axis=1))  # rigid


def test_rotation_is_proper():
    rot = random_rotation(np.random.default_rng(0))
    assert np.allclose(rot @ rot.T, np.eye(3)) and np.isclose(np.linalg.det(rot), 1.0)


def test_samples_are_reproducible_and_distinct(small_config):
    row = {"pair_id": "p1", "solute_smiles": "CCO", "solvent_smiles": "O", "solute_charge": 0, "solvent_charge": 0}
    geometry = small_config["geometry"]
    first = sampling.build_sample(row, 0, geometry, "none")
    again = sampling.build_sample(row, 0, geometry, "none")
    other = sampling.build_sample(row, 1, geometry, "none")
    assert first["coords_init"] == again["coords_init"]
    assert first["seed"] == again["seed"] != other["seed"]
    assert not np.allclose(first["coords_init"], other["coords_init"])
    assert first["n_solute_atoms"] == 9 and len(first["elements"]) == 12


def test_prerelax_relaxes_the_complex_from_the_same_start(small_config):
    """MMFF pre-relaxation starts from the unrelaxed sample (same seeds) and lowers its MMFF energy."""
    from rdkit import Chem
    from rdkit.Chem import AllChem

    row = {"pair_id": "p1", "solute_smiles": "c1ccccc1O", "solvent_smiles": "O", "solute_charge": 0, "solvent_charge": 0}
    raw = sampling.build_sample(row, 0, small_config["geometry"], "none")
    relaxed = sampling.build_sample(row, 0, small_config["geometry"], "mmff")
    assert relaxed["elements"] == raw["elements"] and relaxed["seed"] == raw["seed"]
    assert relaxed["coords_init"] == sampling.build_sample(row, 0, small_config["geometry"], "mmff")["coords_init"]

    def mmff_energy(coords):
        mol = Chem.CombineMols(Chem.AddHs(Chem.MolFromSmiles("c1ccccc1O")), Chem.AddHs(Chem.MolFromSmiles("O")))
        Chem.SanitizeMol(mol)
        conformer = Chem.Conformer(mol.GetNumAtoms())
        for i, xyz in enumerate(coords):
            conformer.SetAtomPosition(i, xyz)
        mol.AddConformer(conformer)
        props = AllChem.MMFFGetMoleculeProperties(mol)
        return AllChem.MMFFGetMoleculeForceField(mol, props, ignoreInterfragInteractions=False).CalcEnergy()

    assert mmff_energy(relaxed["coords_init"]) < mmff_energy(raw["coords_init"]) - 1.0
    # The water stays bound to the phenol: no atom pair closer than 0.9 Å, closest contact under 3 Å.
    coords = np.asarray(relaxed["coords_init"])
    n = relaxed["n_solute_atoms"]
    contact = np.linalg.norm(coords[:n, None] - coords[None, n:], axis=-1)
    assert 0.9 < contact.min() < 3.0


def test_force_field_relax_falls_back_to_uff_then_to_none():
    from molpair.chem.geometry import embed_molecule, force_field_relax

    for smiles, expected in (("CO", "MMFF94"), ("C[Se]C", "UFF"), ("[Xe]", "none")):  # MMFF94 lacks Se, UFF Xe
        mol = embed_molecule(smiles, 0)
        start = mol.GetConformer().GetPositions()
        coords, used = force_field_relax([mol], start)
        assert used == expected and coords.shape == start.shape
        assert np.allclose(coords, start) == (expected == "none")


@pytest.mark.parametrize(("key", "old", "new"), [("prerelax", "none", "mmff"), ("step_accuracy", None, 100.0)])
def test_settings_from_before_an_option_keep_the_old_settings_hash(key, old, new):
    """prerelax "none" and step_accuracy null hash as settings did before those options existed, so
    old caches stay valid; any other value is a different ensemble."""
    from conftest import qm_config

    from molpair.config import result_settings

    before, after = qm_config(**{key: old}), qm_config(**{key: new})
    assert key not in result_settings(before) and result_settings(after)[key] == new
    assert get_engine(before).settings_hash != get_engine(after).settings_hash


@pytest.mark.skipif(data_dir() is None, reason="needs MOLPAIR_DATA_DIR (../shared/data)")
def test_earlier_defaults_reproduce_the_shared_freesolv_ensemble():
    """The precomputed ensemble was made with the earlier defaults (prerelax none, BFGS): their settings
    hash and start geometries (hence sample keys) are what this code and the pinned RDKit build, so
    a run with those settings finds every sample in the copied cache."""
    from conftest import qm_config

    root = data_dir() / "ensembles" / "freesolv-tblite-gfn2-k8"
    engine = get_engine(qm_config(prerelax="none", optimizer="BFGS", step_accuracy=None))
    assert engine.settings_hash == json.loads((root / "ensemble.json").read_text())["settings_hash"]
    pairs = pq.read_table(root / "pairs.parquet").slice(0, 3).to_pylist()
    stored = pq.read_table(root / "ensemble.parquet", filters=[("pair_id", "in", [p["pair_id"] for p in pairs])]).to_pylist()
    geometry = {"k_samples": 8, "seed": 0, "contact_scale": 1.0}
    by_id = {pair["pair_id"]: pair for pair in pairs}
    for sample in stored[::4]:
        built = sampling.build_sample(by_id[sample["pair_id"]], sample["sample_idx"], geometry, "none")
        built["error"] = None
        assert shard.sample_key(built, engine) == sample["sample_key"]


def test_charged_pair_gets_total_charge(small_config):
    row = {"pair_id": "p2", "solute_smiles": "CC(=O)[O-]", "solvent_smiles": "O", "solute_charge": -1, "solvent_charge": 0}
    assert sampling.build_sample(row, 0, small_config["geometry"], "mmff")["charge"] == -1


def test_engine_statuses(small_config):
    engine = get_engine(small_config["qm"])
    elements, coords = embed("CC(=O)[O-]", 1)
    ok = engine.optimize(Structure(elements, coords, -1, 1), 60)
    assert ok.status == record.OK and ok.energy < 0 and ok.lumo > ok.homo and len(ok.charges) == len(elements)
    assert abs(sum(ok.charges) + 1) < 1e-6
    odd = engine.optimize(Structure(elements, coords, 0, 1), 60)
    assert odd.status == record.REJECTED and "multiplicity" in odd.error
    slow = engine.optimize(Structure(elements, coords, -1, 1), 1e-9)
    assert slow.status == record.TIMEOUT
    capped = get_engine({**small_config["qm"], "max_steps": 1}).optimize(Structure(elements, coords + 0.05, -1, 1), 60)
    assert capped.status == record.NOT_CONVERGED and capped.energy is not None


def test_settings_hash_tracks_result_settings(small_config):
    base = get_engine(small_config["qm"]).settings_hash
    assert get_engine({**small_config["qm"], "threads": 4, "samples_per_shard": 9}).settings_hash == base
    assert get_engine({**small_config["qm"], "fmax": 0.1}).settings_hash != base


def _prepare(tmp_path, config):
    write_pairs(tmp_path / "pairs.parquet", PAIRS[:2])  # one shard of 4 samples
    smiles = [s for a, b in PAIRS for s in (a, b)]
    monomers.run(smiles, config["qm"], 0, tmp_path / "results", tmp_path / "monomers.parquet")
    sampling.write_shard(tmp_path / "pairs.parquet", 0, tmp_path / "samples.parquet", config["geometry"], 4, config["qm"]["prerelax"])


def _comparable(path):
    return pq.read_table(path).drop_columns(["wall_s"]).to_pylist()


def test_monomers_are_cached(tmp_path, small_config):
    smiles = ["O", "CO", "O"]
    first = monomers.run(smiles, small_config["qm"], 0, tmp_path, tmp_path / "m1.parquet")
    cached = list((tmp_path / "molecules").rglob("*.parquet"))
    assert first == {"ok": 2} and len(cached) == 2
    stamps = [p.stat().st_mtime_ns for p in cached]
    monomers.run(smiles, small_config["qm"], 0, tmp_path, tmp_path / "m2.parquet")
    assert [p.stat().st_mtime_ns for p in cached] == stamps
    assert pq.read_table(tmp_path / "m2.parquet").num_rows == 2


def run_shard(tmp_path, config, out_name, **kwargs):
    qm = {**config["qm"], **kwargs}
    return shard.run(tmp_path / "samples.parquet", tmp_path / "monomers.parquet", tmp_path / out_name, qm,
                     tmp_path / "cache", tag="test-shard-0")


def test_shard_rows_and_interaction_energy(tmp_path, small_config):
    _prepare(tmp_path, small_config)
    counts = run_shard(tmp_path, small_config, "shard.parquet")
    table = pq.read_table(tmp_path / "shard.parquet")
    assert table.schema.equals(record.ENSEMBLE_SCHEMA, check_metadata=False)
    assert table.num_rows == 4 and counts == {"ok": 4}
    rows = table.to_pylist()
    for row in rows:
        expected = (row["e_complex"] - row["e_solute"] - row["e_solvent"]) * record.HARTREE_TO_KCAL
        assert row["e_int"] == pytest.approx(expected)
        assert -60 < row["e_int"] < 10
    assert [p.name for p in (tmp_path / "cache").iterdir() if p.name != shard.INDEX_NAME] == ["test-shard-0.parquet"]  # consolidated


def test_rerun_computes_only_transient_failures(tmp_path, small_config, caplog):
    _prepare(tmp_path, small_config)
    assert run_shard(tmp_path, small_config, "a.parquet", time_limit_s=1e-9) == {"timeout": 4}
    caplog.set_level("INFO", logger="molpair")
    assert run_shard(tmp_path, small_config, "b.parquet") == {"ok": 4}
    assert "0 already done (cached), 4 to compute" in caplog.text
    caplog.clear()
    assert run_shard(tmp_path, small_config, "c.parquet") == {"ok": 4}
    assert "4 already done (cached), 0 to compute" in caplog.text
    assert _comparable(tmp_path / "b.parquet") == _comparable(tmp_path / "c.parquet")


def test_killed_shard_resumes_to_the_same_ensemble(tmp_path, small_config):
    _prepare(tmp_path, small_config)
    args = [tmp_path / "samples.parquet", tmp_path / "monomers.parquet"]
    shard.run(*args, tmp_path / "reference.parquet", small_config["qm"], tmp_path / "reference-cache", "ref")

    out, cache = tmp_path / "interrupted.parquet", tmp_path / "cache"
    code = (
        "from molpair.qm import shard; from molpair import config;"
        f"shard.run({str(args[0])!r}, {str(args[1])!r}, {str(out)!r}, config.validate({small_config!r})['qm'],"
        f" {str(cache)!r}, 'test', flush_every=1)"
    )
    proc = subprocess.Popen([sys.executable, "-c", code])
    deadline = time.time() + 120
    while time.time() < deadline and not list(cache.glob("test.part-*.parquet")):
        time.sleep(0.05)
    proc.send_signal(signal.SIGKILL)
    proc.wait()
    done_before = len(list(cache.glob("test.part-*.parquet")))
    assert 1 <= done_before < 4 and not out.exists()

    shard.run(*args, out, small_config["qm"], cache, "test")
    assert _comparable(out) == _comparable(tmp_path / "reference.parquet")


def test_rejected_sample_is_a_row(small_config):
    engine = get_engine(small_config["qm"])
    sample = {"pair_id": "x", "sample_idx": 0, "seed": 5, "charge": 0, "multiplicity": 1, "n_solute_atoms": None,
              "elements": None, "coords_init": None, "status": record.REJECTED, "error": "embedding failed: C1CC",
              "solute_smiles": "C1CC", "solvent_smiles": "O"}
    row = shard.compute_sample(sample, engine, {}, 10)
    assert row["status"] == record.REJECTED and row["error"].startswith("embedding failed")
    assert record.table([row], record.ENSEMBLE_SCHEMA).num_rows == 1


def test_a_dye_etkdg_cannot_embed_is_rejected_with_its_reason(small_config):
    """A strained fused dye that ETKDG cannot embed becomes a rejected sample whose reason names the bounded
    attempts (RDKit's default attempts fail on it too, about ten times later)."""
    pair = {"pair_id": "strained", "solute_smiles": "O=c1oc2ccccc2c2c1c(=O)oc1cc(O)c3ccccc3c12",
            "solvent_smiles": "O", "solute_charge": 0, "solvent_charge": 0}
    sample = sampling.build_sample(pair, 0, small_config["geometry"], "mmff")
    assert sample["status"] == record.REJECTED
    assert sample["error"].startswith(f"embedding failed (no ETKDG conformer in {EMBED_ATTEMPTS} attempts")


def test_collect_refuses_mixed_settings(tmp_path, small_config):
    rows = [{"pair_id": "a", "sample_idx": 0, "seed": 1, "status": "ok", "engine": "tblite", "method": "GFN2-xTB",
             "settings_hash": h, "charge": 0, "multiplicity": 1} for h in ("aaa", "bbb")]
    for i, row in enumerate(rows):
        io.write_parquet(record.table([row], record.ENSEMBLE_SCHEMA), tmp_path / f"s{i}.parquet")
    with pytest.raises(ValueError, match="different settings"):
        shard.collect([tmp_path / "s0.parquet", tmp_path / "s1.parquet"], tmp_path / "ensemble.parquet")
    summary = shard.collect([tmp_path / "s0.parquet"], tmp_path / "ensemble.parquet")
    assert summary["samples"] == 1 and summary["by_status"] == {"ok": 1}


def test_shard_count_grows_with_samples_over_shard_size():
    assert shard_count(642, 8, 256) == 21
    assert shard_count(10, 2, 16) == 2
    assert shard_count(1, 8, 4) == 1


def test_shards_are_balanced_by_expected_cost(tmp_path):
    """Every pair lands in exactly one shard, and no shard carries the long tail of the large ones."""
    costs = [1.0] * 30 + [20.0] * 3 + [5.0] * 7
    shards = balanced_shards(costs, 4)
    assert sorted(i for shard in shards for i in shard) == list(range(len(costs)))
    totals = [sum(costs[i] for i in shard) for shard in shards]
    contiguous = [sum(costs[i : i + 10]) for i in range(0, 40, 10)]
    assert max(totals) - min(totals) <= max(costs) and max(totals) < max(contiguous)
    assert shards == balanced_shards(costs, 4)

    pairs = [("C" * n, "O") for n in range(1, 9)]
    write_pairs(tmp_path / "pairs.parquet", pairs)
    geometry = {"k_samples": 1, "seed": 0, "contact_scale": 1.0}
    seen = []
    for shard in range(shard_count(len(pairs), 1, 2)):
        sampling.write_shard(tmp_path / "pairs.parquet", shard, tmp_path / f"s{shard}.parquet", geometry, 2, "none")
        seen += pq.read_table(tmp_path / f"s{shard}.parquet", columns=["solute_smiles"]).column("solute_smiles").to_pylist()
    assert sorted(seen) == sorted(a for a, _ in pairs)
    per_shard = [pq.read_table(tmp_path / f"s{shard}.parquet").column("solute_smiles").to_pylist() for shard in range(4)]
    largest = next(shard for shard in per_shard if "CCCCCCCC" in shard)
    assert len(largest) == min(len(shard) for shard in per_shard)


def test_ensemble_subset_is_seeded_nested_and_shards_only_its_pairs(tmp_path):
    hundred = pd.DataFrame({"solute_smiles": ["C" * (n % 7 + 1) for n in range(100)], "solvent_smiles": "O"})
    config = {"datasets": {"mnsol": {"ensemble_pairs": 40}}, "geometry": {"seed": 3}}
    rows = ensemble_rows(hundred, config, "mnsol")
    assert len(rows) == 40 and rows == sorted(set(rows)) and all(0 <= r < 100 for r in rows)
    assert rows == ensemble_rows(hundred, config, "mnsol")
    config["datasets"]["mnsol"]["ensemble_pairs"] = 60
    assert set(rows) < set(ensemble_rows(hundred, config, "mnsol"))
    config["geometry"]["seed"] = 4
    assert ensemble_rows(hundred, config, "mnsol") != ensemble_rows(hundred, {**config, "geometry": {"seed": 3}}, "mnsol")
    config["datasets"]["mnsol"] = {}
    assert ensemble_rows(hundred, config, "mnsol") == list(range(100))
    config["datasets"]["mnsol"]["ensemble_pairs"] = 500
    assert ensemble_rows(hundred, config, "mnsol") == list(range(100))

    written = write_pairs(tmp_path / "pairs.parquet")
    geometry = {"k_samples": 2, "seed": 0, "contact_scale": 1.0}
    n = sampling.write_shard(tmp_path / "pairs.parquet", 0, tmp_path / "samples.parquet", geometry, 16, "none", [1, 3])
    samples = pq.read_table(tmp_path / "samples.parquet", columns=["pair_id"]).column("pair_id").to_pylist()
    assert n == 4 and samples == [written[1]["pair_id"]] * 2 + [written[3]["pair_id"]] * 2
    with pytest.raises(ValueError, match="2 pairs make 1 shards"):
        sampling.write_shard(tmp_path / "pairs.parquet", 1, tmp_path / "samples.parquet", geometry, 16, "none", [1, 3])


def test_ensemble_max_atoms_caps_the_complexes_then_ensemble_pairs_draws_among_them():
    """Alkanes C1..C7 in water (3n+2 atoms, water 3): a cap of 17 atoms gives ensembles to C1..C4 only."""
    pairs = pd.DataFrame({"solute_smiles": ["C" * (n % 7 + 1) for n in range(70)], "solvent_smiles": "O"})
    small = [row for row in range(70) if row % 7 < 4]
    config = {"datasets": {"mnsol": {"ensemble_max_atoms": 17}}, "geometry": {"seed": 0}}
    assert ensemble_rows(pairs, config, "mnsol") == small
    config["datasets"]["mnsol"]["ensemble_pairs"] = 10
    drawn = ensemble_rows(pairs, config, "mnsol")
    assert len(drawn) == 10 and set(drawn) < set(small)
    config["datasets"]["mnsol"]["ensemble_pairs"] = 20
    assert set(drawn) < set(ensemble_rows(pairs, config, "mnsol"))


def test_auto_optimizer_is_lbfgs_for_small_complexes_and_sella_for_dyes():
    from molpair.qm.optimizers import SELLA_FROM_ATOMS, choose

    assert choose("auto", 21) == "LBFGS" and choose("auto", 74) == "Sella"
    assert choose("auto", SELLA_FROM_ATOMS) == "Sella" and choose("auto", SELLA_FROM_ATOMS - 1) == "LBFGS"
    assert choose("BFGS", 80) == "BFGS"


@pytest.mark.parametrize("optimizer", ["ModelBFGS", "BFGS", "LBFGS", "FIRE", "Sella", "geomeTRIC", "auto"])
def test_every_optimizer_reaches_the_water_dimer_minimum(optimizer):
    """Every optimizer stops where the largest force is below fmax (checked by an independent
    tblite calculation at the default accuracy, although the steps ran at the looser step_accuracy),
    below the start energy, and stops at the time limit."""
    from ase import Atoms
    from ase.units import Hartree
    from conftest import qm_config
    from tblite.ase import TBLite

    elements, coords = embed("O", 0)
    start = Structure(elements + elements, np.vstack([coords, coords + [2.9, 0.3, 0.2]]))
    engine = get_engine(qm_config(optimizer=optimizer))
    result = engine.optimize(start, 120)
    assert result.status == record.OK, result.error
    atoms = Atoms(start.elements, positions=start.coords)
    atoms.calc = TBLite(method="GFN2-xTB", verbosity=0)
    start_energy = atoms.get_potential_energy()
    atoms.positions = result.coords
    assert np.linalg.norm(atoms.get_forces(), axis=1).max() < 0.05 + 1e-3
    assert np.isclose(atoms.get_potential_energy() / Hartree, result.energy, atol=1e-5)
    assert result.energy * Hartree < start_energy
    assert 0 < result.n_steps < 300 and result.lumo > result.homo and len(result.charges) == 6
    assert engine.optimize(start, 1e-9).status == record.TIMEOUT


def test_loose_steps_end_converged_at_the_configured_accuracy(monkeypatch):
    """Steps at a looser SCF stop where their forces say converged; the engine checks the forces at
    `accuracy` there and optimizes on where they exceed fmax, so the result meets fmax at the
    configured accuracy. (The loose stage is made to stop early, at 20 × fmax, to force the check's hand.)"""
    from ase import Atoms
    from ase.units import Hartree
    from conftest import qm_config
    from tblite.ase import TBLite

    from molpair.qm import optimizers

    runs = []
    optimize = optimizers.optimize

    def recorded(atoms, name, fmax, max_steps):
        runs.append(atoms.calc.accuracy)
        return optimize(atoms, name, fmax * (20 if len(runs) == 1 else 1), max_steps)

    monkeypatch.setattr(optimizers, "optimize", recorded)
    elements, coords = embed("CCO", 0)
    start = Structure(elements + elements, np.vstack([coords, coords + [3.4, 0.5, 0.3]]))
    result = get_engine(qm_config(optimizer="ModelBFGS", step_accuracy=100.0)).optimize(start, 120)
    assert result.status == record.OK, result.error
    assert runs == [100.0, 1.0]  # the loose run, then the rest at the configured accuracy
    atoms = Atoms(start.elements, positions=result.coords)
    atoms.calc = TBLite(method="GFN2-xTB", verbosity=0)
    assert np.linalg.norm(atoms.get_forces(), axis=1).max() < 0.05 + 1e-3
    assert np.isclose(atoms.get_potential_energy() / Hartree, result.energy, atol=1e-5)


def test_the_time_limit_holds_while_the_optimizer_calls_no_calculator(monkeypatch):
    """An optimizer stuck in its own work (as Sella rebuilding internal coordinates) still ends at the limit."""
    from conftest import qm_config

    from molpair.qm import optimizers

    def stalled(atoms, fmax, max_steps):
        atoms.get_potential_energy()
        while True:
            time.sleep(0.01)

    monkeypatch.setitem(optimizers.OPTIMIZERS, "LBFGS", stalled)
    elements, coords = embed("O", 0)
    started = time.perf_counter()
    result = get_engine(qm_config(optimizer="LBFGS")).optimize(Structure(elements, coords), 0.5)
    assert result.status == record.TIMEOUT and time.perf_counter() - started < 5
    assert signal.getitimer(signal.ITIMER_REAL) == (0.0, 0.0)  # the alarm is off again


def test_cache_index_is_a_shortcut_never_the_truth(tmp_path):
    """Lookups go through index.parquet; a file added, rewritten or missing from the index is still found."""
    cache = shard.SampleCache(tmp_path)

    def rows(keys, status="ok"):
        return [{"pair_id": "p", "sample_idx": i, "seed": 1, "status": status, "sample_key": k, "settings_hash": "h",
                 "engine": "tblite", "method": "GFN2-xTB", "charge": 0, "multiplicity": 1, "n_steps": 1, "wall_s": 0.1}
                for i, k in enumerate(keys)]

    cache.write(rows(["a", "b"]), "one.parquet")
    assert set(cache.lookup({"a", "c"})) == {"a"}
    index = pq.read_table(tmp_path / shard.INDEX_NAME)
    assert sorted(index.column("sample_key").to_pylist()) == ["a", "b"]
    cache.write(rows(["c"]), "two.parquet")  # not indexed yet
    assert set(cache.lookup({"a", "c"})) == {"a", "c"}
    time.sleep(0.01)
    cache.write(rows(["a", "b"], status="timeout"), "one.parquet")  # rewritten: transient now
    assert set(cache.lookup({"a", "b", "c"})) == {"c"}
    io.write_parquet(pq.read_table(tmp_path / shard.INDEX_NAME).slice(0, 0), tmp_path / shard.INDEX_NAME)  # a lost update
    assert set(cache.lookup({"c"})) == {"c"}
    (tmp_path / "two.parquet").unlink()
    assert cache.lookup({"c"}) == {}


def test_consolidating_a_shard_keeps_another_shardings_samples_of_the_same_name(tmp_path):
    """A cache copied from a run sharded otherwise holds, under this shard's name, samples of other
    shards: consolidation adds this shard's rows to them instead of overwriting them."""
    cache = shard.SampleCache(tmp_path)
    row = {"pair_id": "p", "seed": 1, "status": "ok", "settings_hash": "h", "engine": "tblite",
           "method": "GFN2-xTB", "charge": 0, "multiplicity": 1, "n_steps": 1, "wall_s": 0.1}
    cache.write([{**row, "sample_idx": 0, "sample_key": "a"}, {**row, "sample_idx": 1, "sample_key": "b"}], "s-0.parquet")
    cache.write([{**row, "sample_idx": 2, "sample_key": "c"}], "s-0.part-00000.parquet")
    cache.replace_parts([{**row, "sample_idx": 2, "sample_key": "c"}, {**row, "sample_idx": 9, "sample_key": "b", "n_steps": 7}], "s-0")
    assert sorted(p.name for p in tmp_path.glob("s-0*")) == ["s-0.parquet"]
    found = cache.lookup({"a", "b", "c"})
    assert set(found) == {"a", "b", "c"} and found["b"]["n_steps"] == 7


def test_factory_jobs_pin_blas_threads_before_numpy_loads(tmp_path):
    """The optimizers' linear algebra runs on the job's threads: unpinned, OpenBLAS starts one thread
    per core in every job, and a node full of single-thread jobs oversubscribes (BFGS slowed ~4× on dyes;
    the monomers stage's two workers took 3-10× longer per molecule while reading the config loaded NumPy
    first). The probe reads the config as a factory stage does, then asks NumPy's BLAS for its threads."""
    (tmp_path / "config.yaml").write_text("datasets: {freesolv: {}}\nqm: {threads: 1}\n")
    probe = (
        "import argparse\n"
        "from molpair import cli\n"
        f"cli._config(argparse.Namespace(config={str(tmp_path / 'config.yaml')!r}, dataset='freesolv'), factory=True)\n"
        "import numpy\n"
        "from threadpoolctl import threadpool_info\n"
        "print(sorted({pool['num_threads'] for pool in threadpool_info()}))\n"
    )
    env = {k: v for k, v in __import__("os").environ.items() if k not in ("OMP_NUM_THREADS", "OPENBLAS_NUM_THREADS", "MKL_NUM_THREADS")}
    done = subprocess.run([sys.executable, "-c", probe], capture_output=True, text=True, env=env, timeout=60)
    assert done.returncode == 0, done.stderr
    assert done.stdout.strip() == "[1]"
