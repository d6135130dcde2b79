"""Ingest: every raw row ends in a pair or a counted reject; duplicates merge; subsets are seeded."""

from __future__ import annotations

import json
import os
from pathlib import Path

import numpy as np
import pandas as pd
import pyarrow.parquet as pq
import pytest
from rdkit import Chem

from molpair.chem.molecules import pair_id
from molpair.data.ingest import PAIRS_SCHEMA, ingest

CHROMOPHORE_CSV = """Chromophore,Solvent,Absorption max (nm)
c1ccc2ccccc2c1,CCO,280.0
c1ccc2ccccc2c1,gas,275.0
C1CC(,CCO,300.0
[O-]c1ccccc1,O,290.0
c1ccc2ccccc2c1,OCC,284.0
[U],CCO,400.0
Oc1ccccc1,ClCCl,NaN
c1ccccc1.Cl,O,260.0
Oc1ccccc1,C(Cl)Cl,270.0
"""


def read_outputs(results: Path, name: str):
    pairs = pq.read_table(results / name / "pairs.parquet")
    rejects = pd.read_csv(results / name / "rejects.csv", keep_default_na=False)
    summary = json.loads((results / name / "ingest.json").read_text())
    return pairs, rejects, summary


def assert_accounted(summary: dict, pairs) -> None:
    """Every row read is in a pair (merged or not), dropped by max_atoms or max_pairs, or rejected."""
    dropped = summary["pairs_dropped_by_max_atoms"] + summary["pairs_dropped_by_max_pairs"]
    assert summary["rows_read"] == summary["pairs"] + dropped + summary["merged_duplicates"] + summary["rejected"]
    assert summary["rejected"] == sum(summary["rejects_by_reason"].values())
    assert summary["pairs"] == pairs.num_rows


def test_chromophore_rows_are_validated_merged_and_rejected(tmp_path):
    (tmp_path / "chr.csv").write_text(CHROMOPHORE_CSV)
    summary = ingest("chr_abs", {"file": "chr.csv", "max_pairs": None}, tmp_path / "results", data_dir=tmp_path)
    pairs, rejects, written = read_outputs(tmp_path / "results", "chr_abs")

    assert written == summary
    assert summary["rows_read"] == 9
    assert summary["pairs"] == 3
    assert summary["merged_duplicates"] == 1
    assert summary["rejects_by_reason"] == {
        "gas phase (no solvent molecule)": 1,
        "missing target": 1,
        "multi-component SMILES": 1,
        "unparsable SMILES": 1,
        "unsupported element": 1,
    }
    assert_accounted(summary, pairs)
    assert sum(pairs["n_merged"].to_pylist()) + summary["rejected"] == summary["rows_read"]

    assert pairs.schema.remove_metadata() == PAIRS_SCHEMA
    frame = pairs.to_pandas()
    assert frame["solute_smiles"].tolist() == ["c1ccc2ccccc2c1", "[O-]c1ccccc1", "Oc1ccccc1"]
    assert frame["solvent_smiles"].tolist() == ["CCO", "O", "ClCCl"]
    assert frame["solute_charge"].tolist() == [0, -1, 0]
    assert frame["pair_id"][0] == pair_id("c1ccc2ccccc2c1", "CCO")
    assert frame["target"].tolist() == [282.0, 290.0, 270.0]
    assert frame["target_std"].tolist() == [2.0, 0.0, 0.0]
    assert frame["n_merged"].tolist() == [2, 1, 1]

    assert list(rejects.columns) == ["row", "solute", "solvent", "target", "reason", "detail"]
    assert rejects["row"].tolist() == [2, 3, 6, 7, 8]
    assert rejects.loc[rejects["row"] == 6, "detail"].item().startswith("solute: U")


def test_freesolv_format_with_hash_in_smiles(tmp_path):
    (tmp_path / "fs.txt").write_text(
        "#Hydration free energy database\n"
        "#compound id; SMILES; iupac name; experimental value (kcal/mol)\n"
        "# another header line\n"
        "m1; CC#N; acetonitrile; -3.88; 0.6\n"
        "m2; C#C; ethyne; -0.01; 0.6\n"
        "m3; CCO; ethanol; n/a; 0.6\n"
        "m4; ; nothing; 1.0; 0.6\n"
    )
    summary = ingest("freesolv", {"file": "fs.txt"}, tmp_path / "results", data_dir=tmp_path)
    pairs, rejects, _ = read_outputs(tmp_path / "results", "freesolv")
    assert summary["rows_read"] == 4
    assert pairs["solute_smiles"].to_pylist() == ["CC#N", "C#C"]
    assert pairs["solvent_smiles"].to_pylist() == ["O", "O"]
    assert summary["rejects_by_reason"] == {"empty SMILES": 1, "missing target": 1}
    assert rejects["row"].tolist() == [3, 4]
    assert_accounted(summary, pairs)


def test_mnsol_format_merges_differently_written_duplicates(tmp_path):
    (tmp_path / "mn.csv").write_text(
        "Solute;Solvent;SoluteSMILES;SolventSMILES;DeltaGsolv\n"
        "ethanol;water;CCO;O;-5.0\n"
        "ethanol;water;OCC;[H]O[H];-4.0\n"
        "ethanol;octanol;CCO;CCCCCCCCO;-4.5\n"
        "ethanol;octanol;CCO;CCCCCCCCO;-4.5\n"
        "ethanol;octanol;CCO;CCCCCCCCO;-6.0\n"
    )
    summary = ingest("mnsol", {"file": "mn.csv"}, tmp_path / "results", data_dir=tmp_path)
    pairs, _, _ = read_outputs(tmp_path / "results", "mnsol")
    assert (summary["rows_read"], summary["pairs"], summary["merged_duplicates"], summary["rejected"]) == (5, 2, 3, 0)
    assert pairs["target"].to_pylist() == [-4.5, -5.0]
    np.testing.assert_allclose(pairs["target_std"].to_pylist(), [0.5, np.std([-4.5, -4.5, -6.0])])
    assert pairs["n_merged"].to_pylist() == [2, 3]


def test_a_charged_smiles_in_a_set_of_neutral_compounds_is_rejected(tmp_path):
    """MNSol's table writes methyl parathion as a trianion; the nitro group (+1 and -1) is neutral and
    stays. A described set is checked only when it says `neutral: true`."""
    parathion = "C[S](C)(c1ccc(cc1)[N+]([O-])=O)=[P]([O-])([O-])[O-]"
    rows = f"nitrobenzene;water;c1ccccc1[N+]([O-])=O;O;-4.1\nmethyl parathion;water;{parathion};O;-7.6\n"
    (tmp_path / "mn.csv").write_text("Solute;Solvent;SoluteSMILES;SolventSMILES;DeltaGsolv\n" + rows)
    summary = ingest("mnsol", {"file": "mn.csv"}, tmp_path / "a", data_dir=tmp_path)
    pairs, rejects, _ = read_outputs(tmp_path / "a", "mnsol")
    assert_accounted(summary, pairs)
    assert pairs["solute_smiles"].to_pylist() == ["O=[N+]([O-])c1ccccc1"]
    assert summary["rejects_by_reason"] == {"net charge in a set of neutral compounds": 1}
    assert rejects[["row", "detail"]].values.tolist() == [[2, "solute -3"]]

    entry = {"file": "mn.csv", "delimiter": ";", "solute": "SoluteSMILES", "solvent": "SolventSMILES",
             "target": "DeltaGsolv", "unit": "kcal/mol"}
    assert ingest("lab", entry, tmp_path / "b", data_dir=tmp_path)["pairs"] == 2
    assert ingest("lab", {**entry, "neutral": True}, tmp_path / "c", data_dir=tmp_path)["pairs"] == 1


def test_max_pairs_keeps_a_seeded_subset_in_order(tmp_path):
    solutes = ["C" * n for n in range(1, 21)]
    lines = "".join(f"x;y;{s};O;{i}\n" for i, s in enumerate(solutes))
    (tmp_path / "mn.csv").write_text("Solute;Solvent;SoluteSMILES;SolventSMILES;DeltaGsolv\n" + lines)
    kept = []
    for run in ("a", "b"):
        summary = ingest("mnsol", {"file": "mn.csv", "max_pairs": 7}, tmp_path / run, data_dir=tmp_path, seed=3)
        pairs, _, _ = read_outputs(tmp_path / run, "mnsol")
        assert summary["pairs"] == 7 and summary["pairs_dropped_by_max_pairs"] == 13
        assert_accounted(summary, pairs)
        kept.append(pairs["target"].to_pylist())
    assert kept[0] == kept[1] == sorted(kept[0])
    other = ingest("mnsol", {"file": "mn.csv", "max_pairs": 7}, tmp_path / "c", data_dir=tmp_path, seed=4)
    assert other["pairs"] == 7
    assert pq.read_table(tmp_path / "c/mnsol/pairs.parquet")["target"].to_pylist() != kept[0]


def test_max_atoms_keeps_the_small_pairs_before_max_pairs_draws(tmp_path):
    """Alkanes C1..C20 in water: CnH(2n+2) has 3n+2 atoms, water 3, so a cap of 35 keeps C1..C10."""
    lines = "".join(f"x;y;{'C' * n};O;{n}\n" for n in range(1, 21))
    (tmp_path / "mn.csv").write_text("Solute;Solvent;SoluteSMILES;SolventSMILES;DeltaGsolv\n" + lines)
    summary = ingest("mnsol", {"file": "mn.csv", "max_atoms": 35}, tmp_path / "a", data_dir=tmp_path)
    pairs, _, _ = read_outputs(tmp_path / "a", "mnsol")
    assert pairs["target"].to_pylist() == [float(n) for n in range(1, 11)]
    assert (summary["pairs_dropped_by_max_atoms"], summary["max_atoms"]) == (10, 35)
    assert_accounted(summary, pairs)

    both = ingest("mnsol", {"file": "mn.csv", "max_atoms": 35, "max_pairs": 4}, tmp_path / "b", data_dir=tmp_path)
    pairs, _, _ = read_outputs(tmp_path / "b", "mnsol")
    assert (both["pairs_dropped_by_max_atoms"], both["pairs_dropped_by_max_pairs"]) == (10, 6)
    assert set(pairs["target"].to_pylist()) <= {float(n) for n in range(1, 11)}
    assert_accounted(both, pairs)


def test_real_freesolv_counts_add_up(tmp_path):
    root = os.environ.get("MOLPAIR_DATA_DIR")
    if not root or not (Path(root) / "freesolv/database.txt").is_file():
        pytest.skip("real FreeSolv needs MOLPAIR_DATA_DIR holding freesolv/database.txt")
    summary = ingest("freesolv", {"max_pairs": None}, tmp_path, data_dir=root)
    pairs, _, _ = read_outputs(tmp_path, "freesolv")
    assert summary["rows_read"] == 642
    assert summary["source_sha256"] == "2d13f095713bc39b85f85dd7b4e5483fbb12fc694bf253bb1d92a4c4d484f260"
    assert sum(pairs["n_merged"].to_pylist()) + summary["rejected"] == summary["rows_read"]
    assert_accounted(summary, pairs)
    assert set(pairs["solvent_smiles"].to_pylist()) == {"O"}


def test_real_mnsol_loses_only_its_corrupt_charged_rows(tmp_path):
    """The 2,530 rows of MNSol's neutral-solute table: 17 are charged SMILES of neutral compounds (five
    thiophosphates written as trianions, three phosphonates as dianions, two esters as carboxylates)."""
    root = os.environ.get("MOLPAIR_DATA_DIR")
    if not root or not (Path(root) / "mnsol/mnsol.csv").is_file():
        pytest.skip("real MNSol needs MOLPAIR_DATA_DIR holding mnsol/mnsol.csv")
    summary = ingest("mnsol", {}, tmp_path, data_dir=root)
    pairs, _, _ = read_outputs(tmp_path, "mnsol")
    assert_accounted(summary, pairs)
    assert summary["rejects_by_reason"] == {"multi-component SMILES": 3, "net charge in a set of neutral compounds": 17}
    assert set(pairs["solute_charge"].to_pylist()) == set(pairs["solvent_charge"].to_pylist()) == {0}


def test_a_file_without_valid_pairs_stops_the_stage(tmp_path):
    from molpair.data.sources import DataError

    (tmp_path / "empty.csv").write_text("Chromophore,Solvent,Absorption max (nm)\n")
    with pytest.raises(DataError, match="no data rows"):
        ingest("chr_abs", {"file": "empty.csv"}, tmp_path / "results", data_dir=tmp_path)
    (tmp_path / "bad.csv").write_text("Chromophore,Solvent,Absorption max (nm)\nC1CC(,gas,1\n")
    with pytest.raises(DataError, match="none of the 1 rows"):
        ingest("chr_abs", {"file": "bad.csv"}, tmp_path / "results", data_dir=tmp_path)
    assert not (tmp_path / "results" / "chr_abs" / "pairs.parquet").exists()


def test_salts_are_rejected_or_kept_as_their_main_fragment(tmp_path):
    """A dye salt (malachite green chloride) and HCl with benzene: rejected by default; with
    `salts: strip` kept as the organic fragment (the dye cation keeps its charge), the rest recorded."""
    dye = "CN(C)c1ccc(C(=C2C=CC(=[N+](C)C)C=C2)c2ccccc2)cc1"
    (tmp_path / "chr.csv").write_text(CHROMOPHORE_CSV + f"{dye}.[Cl-],CCO,617.0\n")
    default = ingest("chr_abs", {"file": "chr.csv"}, tmp_path / "a", data_dir=tmp_path)
    assert default["rejects_by_reason"]["multi-component SMILES"] == 2 and default["salts_stripped"] == 0
    summary = ingest("chr_abs", {"file": "chr.csv", "salts": "strip"}, tmp_path / "b", data_dir=tmp_path)
    pairs, rejects, _ = read_outputs(tmp_path / "b", "chr_abs")
    assert_accounted(summary, pairs)
    assert "multi-component SMILES" not in summary["rejects_by_reason"] and summary["pairs"] == default["pairs"] + 2
    assert summary["salts"] == "strip" and summary["salts_stripped"] == 2
    assert summary["stripped_fragments"] == {"Cl": 1, "[Cl-]": 1}
    frame = pairs.to_pandas().set_index("solute_smiles")
    canonical_dye = Chem.MolToSmiles(Chem.MolFromSmiles(dye))
    assert frame.loc[canonical_dye, "solute_charge"] == 1 and frame.loc["c1ccccc1", "target"] == 260.0
    stripped = pd.read_csv(tmp_path / "b" / "chr_abs" / "stripped.csv")
    assert list(stripped.columns) == ["row", "role", "input", "kept", "removed"]
    assert stripped.set_index("kept").loc[canonical_dye, "removed"] == "[Cl-]"
    assert (stripped.role == "solute").all()


def test_described_dataset_takes_its_target_through_the_transform(tmp_path):
    """A dataset of one's own: ln of the target; a value outside ln's domain is a counted reject, a
    filtered-out row is counted apart."""
    (tmp_path / "life.tsv").write_text(
        "dye\tsolvent\ttau_ns\tT\n"
        "c1ccccc1\tO\t2.0\t298\n"
        "Oc1ccccc1\tCO\t0\t298\n"
        "Cc1ccccc1\tO\t4.0\t350\n"
        "Cc1ccccc1\tCCO\tn/a\t298\n"
    )
    entry = {
        "file": "life.tsv", "solute": "dye", "solvent": "solvent", "target": "tau_ns", "unit": "ln ns",
        "transform": "ln", "filters": [{"column": "T", "equals": 298}],
    }
    summary = ingest("lab_life", entry, tmp_path / "results", data_dir=tmp_path)
    pairs, rejects, _ = read_outputs(tmp_path / "results", "lab_life")
    assert (summary["rows_read"], summary["rows_filtered_out"], summary["pairs"]) == (3, 1, 1)
    np.testing.assert_allclose(pairs["target"].to_pylist(), [np.log(2.0)])
    assert summary["rejects_by_reason"] == {"missing target": 1, "target outside the transform's domain": 1}
    assert rejects.set_index("row").loc[2, "detail"] == "ln(0)"
    assert_accounted(summary, pairs)
