"""Raw-file registry: parsers on tiny hand-written files, lookup, download and checksum checks."""

from __future__ import annotations

import hashlib
import os
from pathlib import Path

import numpy as np
import pytest

from molpair import config as config_module
from molpair.data import sources
from molpair.data.sources import DataError, locate


def real_data_dir(*relative: str) -> Path:
    """The shared real data folder, or skip when it (or one of the named files) is not there."""
    root = os.environ.get(sources.DATA_DIR_ENV)
    if not root:
        pytest.skip(f"{sources.DATA_DIR_ENV} is not set; real-data checks need it")
    for name in relative:
        if not (Path(root) / name).is_file():
            pytest.skip(f"{name} not found under {sources.DATA_DIR_ENV}={root}")
    return Path(root)


def located(name: str, entry: dict, download_dir: Path, data_dir: Path) -> Path:
    """The path `locate` gives for dataset `name` with config entry `entry`."""
    return locate(sources.describe(name, entry), download_dir, data_dir)[0]


def read_raw(name: str, path: Path, entry: dict | None = None):
    """The rows `read` gives for dataset `name` (built in, or described by `entry`) from `path`."""
    raw, _ = sources.read(path, sources.describe(name, entry))
    return raw


def test_registry_lists_the_five_datasets():
    assert set(sources.SOURCES) == {"freesolv", "mnsol", "chr_abs", "chr_emi", "chr_life"}
    for source in sources.SOURCES.values():
        assert source.raw.url.startswith("https://raw.githubusercontent.com/")
        assert len(source.raw.sha256) == 64
        assert source.reader in sources.READERS and source.transform in sources.TRANSFORMS
    assert {name: s.unit for name, s in sources.SOURCES.items()} == {
        "freesolv": "kcal/mol", "mnsol": "kcal/mol", "chr_abs": "nm", "chr_emi": "nm", "chr_life": "ln ns"
    }


def test_schema_offers_the_readers_and_transforms():
    entry = config_module.schema()["properties"]["datasets"]["additionalProperties"]["properties"]
    assert entry["reader"]["enum"] == list(sources.READERS)
    assert entry["transform"]["enum"] == list(sources.TRANSFORMS)
    assert set(sources.DESCRIPTION_KEYS) <= set(entry)


def test_freesolv_reader_keeps_smiles_with_hash(tmp_path):
    path = tmp_path / "database.txt"
    path.write_text(
        "#Hydration free energy database\n"
        "# compound id; SMILES; iupac name; experimental value (kcal/mol); ...\n"
        "mobley_1; CC#N; acetonitrile; -3.88; 0.6\n"
        "\n"
        "mobley_2; CCO; ethanol; -5.00; 0.6\n"
    )
    raw = read_raw("freesolv", path)
    assert raw["row"].tolist() == [1, 2]
    assert raw["solute"].tolist() == ["CC#N", "CCO"]
    assert raw["solvent"].tolist() == ["O", "O"]
    assert raw["target"].tolist() == ["-3.88", "-5.00"]


def test_mnsol_reads_semicolon_file_and_names_missing_columns(tmp_path):
    path = tmp_path / "mnsol.csv"
    path.write_text("Solute;Solvent;SoluteSMILES;SolventSMILES;DeltaGsolv\noctane;water;CCCCCCCC;O;2.88\n")
    raw = read_raw("mnsol", path)
    assert raw.to_dict("records") == [{"row": 1, "solute": "CCCCCCCC", "solvent": "O", "target": "2.88"}]
    path.write_text("Solute;Solvent\noctane;water\n")
    with pytest.raises(DataError, match="SoluteSMILES"):
        read_raw("mnsol", path)


def test_chromophore_substitute_derives_rows_from_the_full_database(tmp_path):
    """The database found in place of chr_*.csv: rows with a value, lifetime then as ln(ns)."""
    path = tmp_path / "db.csv"
    path.write_text(
        "\ufeffTag,Chromophore,Solvent,Absorption max (nm),Emission max (nm),Lifetime (ns),Reference\n"
        "1,c1ccccc1,O,355,410,2.0,x\n"
        "2,Cc1ccccc1,O,NaN,450,NaN,x\n"
        "3,Oc1ccccc1,CO,300,NaN,4.0,x\n"
    )
    life = sources.SOURCES["chr_life"].substitute
    raw, filtered_out = sources.read(path, life)
    assert raw["row"].tolist() == [1, 3] and filtered_out == 1
    assert raw["solute"].tolist() == ["c1ccccc1", "Oc1ccccc1"]
    assert life.transform == "ln" and life.unit == "ln ns"
    emission = sources.SOURCES["chr_emi"].substitute
    raw, _ = sources.read(path, emission)
    assert raw["row"].tolist() == [1, 2] and emission.transform == "none"
    np.testing.assert_allclose(raw["target"].astype(float), [410.0, 450.0])


@pytest.mark.parametrize("name", ["chr_abs", "chr_emi", "chr_life"])
def test_database_fallback_equals_cgib_file_on_real_data(tmp_path, name):
    db = sources.SOURCES[name].substitute.raw.file
    root = real_data_dir(f"chromophore/{name}.csv", db)
    only_db = tmp_path / "data"
    (only_db / "chromophore").mkdir(parents=True)
    (only_db / db).symlink_to(root / db)

    found, substitute = locate(sources.SOURCES[name], tmp_path / "downloads", data_dir=only_db)
    assert found == only_db / db
    derived, _ = sources.read(found, substitute)
    direct, _ = sources.read(root / f"chromophore/{name}.csv", sources.SOURCES[name])
    assert len(derived) == len(direct)
    assert derived["solute"].tolist() == direct["solute"].tolist()
    assert derived["solvent"].tolist() == direct["solvent"].tolist()
    transform = sources.TRANSFORMS[substitute.transform]
    np.testing.assert_allclose(derived["target"].astype(float).map(transform), direct["target"].astype(float), rtol=1e-9)


def test_real_files_match_builtin_checksums(tmp_path):
    root = real_data_dir(*(s.raw.file for s in sources.SOURCES.values()))
    for name, source in sources.SOURCES.items():
        assert locate(source, tmp_path / "downloads", data_dir=root) == (root / source.raw.file, source)


def test_download_verifies_checksum_and_is_reused(http_root, tmp_path):
    www, base = http_root
    payload = b"#header\nm1; CCO; ethanol; -5.0; 0.6\n"
    (www / "db.txt").write_bytes(payload)
    sha = hashlib.sha256(payload).hexdigest()
    config = {"url": f"{base}/db.txt", "sha256": sha}
    downloads = tmp_path / "downloads"

    path = located("freesolv", config, downloads, data_dir=tmp_path / "no-data")
    assert path == downloads / "freesolv/database.txt"
    assert path.read_bytes() == payload

    (www / "db.txt").unlink()  # a second lookup must use the verified cache, not the network
    assert located("freesolv", config, downloads, data_dir=tmp_path / "no-data") == path


def test_download_with_wrong_checksum_leaves_nothing(http_root, tmp_path):
    www, base = http_root
    (www / "db.txt").write_bytes(b"not the expected bytes\n")
    url, wrong = f"{base}/db.txt", "0" * 64
    downloads = tmp_path / "downloads"
    with pytest.raises(DataError) as error:
        located("freesolv", {"url": url, "sha256": wrong}, downloads, data_dir=tmp_path / "no-data")
    message = str(error.value)
    assert url in message and wrong in message
    assert hashlib.sha256(b"not the expected bytes\n").hexdigest() in message
    assert [p for p in downloads.rglob("*") if p.is_file()] == []


def test_unreachable_download_says_what_to_do(http_root, tmp_path):
    _, base = http_root
    with pytest.raises(DataError, match=f"{sources.DATA_DIR_ENV}.*check the URL"):
        located("mnsol", {"url": f"{base}/missing.csv"}, tmp_path / "downloads", data_dir=tmp_path / "no-data")


def test_data_dir_wins_over_download(http_root, tmp_path):
    www, base = http_root
    (www / "mnsol.csv").write_text("from the server\n")
    data = tmp_path / "data"
    (data / "mine").mkdir(parents=True)
    (data / "mine/mnsol.csv").write_text("local\n")
    config = {"url": f"{base}/mnsol.csv", "file": "mine/mnsol.csv"}
    assert located("mnsol", config, tmp_path / "downloads", data_dir=data) == data / "mine/mnsol.csv"
    assert not (tmp_path / "downloads").exists()


def test_local_file_is_verified_against_given_checksum(tmp_path):
    (tmp_path / "mnsol.csv").write_text("local\n")
    with pytest.raises(DataError, match="checksum mismatch"):
        located("mnsol", {"file": "mnsol.csv", "sha256": "1" * 64}, tmp_path / "downloads", data_dir=tmp_path)


# Datasets described by a config entry alone.
LAB = {"file": "lab.csv", "solute": "solute", "solvent": "solvent", "target": "logS", "unit": "log10(mol/L)"}


def test_described_table_reads_named_columns_and_infers_tabs(tmp_path):
    (tmp_path / "lab.tsv").write_text("logS\tsolvent\tsolute\n-1.5\tO\tCCO\n0.25\tCCO\tc1ccccc1\n")
    raw = read_raw("lab", tmp_path / "lab.tsv", {**LAB, "file": "lab.tsv"})
    assert raw.to_dict("records") == [
        {"row": 1, "solute": "CCO", "solvent": "O", "target": "-1.5"},
        {"row": 2, "solute": "c1ccccc1", "solvent": "CCO", "target": "0.25"},
    ]
    (tmp_path / "lab.csv").write_text("solute|solvent|logS\nCCO|O|-1.5\n")
    assert read_raw("lab", tmp_path / "lab.csv", {**LAB, "delimiter": "|"})["solvent"].tolist() == ["O"]


@pytest.mark.parametrize("first, line", [("solvent", "O.CC(=O)[O-].[Na+]"), ("solute", "CC(=O)[O-].[Na+].O")])
def test_joined_column_splits_at_the_first_separator_in_either_order(tmp_path, first, line):
    """Solvent first, the rest (a salt here) is the solute; solute first, the rest is the solvent."""
    (tmp_path / "joined.csv").write_text(f"ssid,dG\n{line},-8.0\nCCO,1.0\n")
    entry = {"file": "joined.csv", "pair": {"column": "ssid", "separator": ".", "first": first}, "target": "dG", "unit": "kcal/mol"}
    raw = read_raw("combisolv", tmp_path / "joined.csv", entry)
    if first == "solvent":
        assert raw.loc[0, ["solute", "solvent"]].tolist() == ["CC(=O)[O-].[Na+]", "O"]
    else:
        assert raw.loc[0, ["solute", "solvent"]].tolist() == ["CC(=O)[O-]", "[Na+].O"]
    assert "" in raw.loc[1, ["solute", "solvent"]].tolist()  # no separator: one SMILES is empty (a reject)


def test_fixed_solvent_and_filters_keep_matching_rows_with_their_file_row_numbers(tmp_path):
    (tmp_path / "t.csv").write_text(
        "smiles,T (K),method,value\nCCO,298.15,shake,1\nCCN,310,shake,2\nCCC,298.150,shake,3\nCCCl,298.15,hplc,4\nCO,NaN,shake,5\n"
    )
    entry = {
        "file": "t.csv", "solute": "smiles", "solvent_smiles": "CCCCCCCCO", "target": "value", "unit": "u",
        "filters": [{"column": "T (K)", "equals": 298.15}, {"column": "method", "equals": "shake"}],
    }
    raw, filtered_out = sources.read(tmp_path / "t.csv", sources.describe("octanol", entry))
    assert raw["row"].tolist() == [1, 3] and filtered_out == 3
    assert raw["solvent"].tolist() == ["CCCCCCCCO"] * 2
    entry["filters"] = [{"column": "T (K)", "min": 300, "max": 320}]
    assert read_raw("octanol", tmp_path / "t.csv", entry)["solute"].tolist() == ["CCN"]


def test_missing_column_names_the_key(tmp_path):
    (tmp_path / "lab.csv").write_text("solute,solvent,logS\nCCO,O,1\n")
    with pytest.raises(DataError, match=r"no column 'Temp' \(datasets.lab.filters\[0\].column\)"):
        read_raw("lab", tmp_path / "lab.csv", {**LAB, "filters": [{"column": "Temp", "equals": 25}]})
    with pytest.raises(DataError, match=r"no column 'LogS' \(datasets.lab.target\)"):
        read_raw("lab", tmp_path / "lab.csv", {**LAB, "target": "LogS"})


@pytest.mark.parametrize(
    "entry, where",
    [
        ({}, "datasets.lab: not a built-in dataset"),
        ({k: v for k, v in LAB.items() if k != "target"}, "datasets.lab.target: missing"),
        ({k: v for k, v in LAB.items() if k != "unit"}, "datasets.lab.unit: missing"),
        ({k: v for k, v in LAB.items() if k != "file"}, "datasets.lab: give `file`"),
        ({**LAB, "url": "https://example.org/lab.csv"}, "datasets.lab.sha256: missing"),
        ({**LAB, "solvent_smiles": "O"}, "exactly one of `solvent`"),
        ({k: v for k, v in LAB.items() if k != "solute"}, "datasets.lab.solute: missing"),
        ({**LAB, "solvent": None, "pair": {"column": "p", "separator": ".", "first": "solute"}}, "datasets.lab.solute: `pair` holds"),
        ({**LAB, "filters": [{"column": "T"}]}, r"datasets.lab.filters\[0\]: give `equals`"),
    ],
)
def test_incomplete_entry_names_the_key(entry, where):
    entry = {k: v for k, v in entry.items() if v is not None}
    with pytest.raises(config_module.ConfigError, match=where):
        sources.describe("lab", entry)


def test_builtin_names_keep_their_description():
    with pytest.raises(config_module.ConfigError, match="datasets.freesolv.target: freesolv is built in"):
        sources.describe("freesolv", {"target": "dG"})
    assert sources.describe("mnsol", {"max_pairs": 5}) == sources.SOURCES["mnsol"]


def test_config_accepts_any_folder_name_and_refuses_reserved_ones():
    assert "my-lab_2" in config_module.validate({"datasets": {"my-lab_2": LAB}})["datasets"]
    for bad in ("pretrain", "a/b", "report"):
        with pytest.raises(config_module.ConfigError, match="datasets"):
            config_module.validate({"datasets": {bad: LAB}})


def test_dataset_error_checks_entry_file_and_columns_before_any_job(tmp_path):
    assert "datasets.lab: not a built-in" in sources.dataset_error("lab", {}, tmp_path)
    assert "'lab.csv' not found" in sources.dataset_error("lab", LAB, tmp_path)
    (tmp_path / "lab.csv").write_text("solute,solvent,LogS\nCCO,O,1\n")
    assert "no column 'logS' (datasets.lab.target)" in sources.dataset_error("lab", LAB, tmp_path)
    (tmp_path / "lab.csv").write_text("solute,solvent,logS\nCCO,O,1\n")
    assert sources.dataset_error("lab", LAB, tmp_path) is None
    url = {**{k: v for k, v in LAB.items() if k != "file"}, "url": "https://example.org/x/lab.csv", "sha256": "0" * 64}
    assert sources.dataset_error("lab", url, tmp_path) is None  # to be downloaded: checked by ingest


def test_described_dataset_downloads_once_and_is_verified(http_root, tmp_path):
    www, base = http_root
    payload = b"solute,solvent,logS\nCCO,O,1\n"
    (www / "lab.csv").write_bytes(payload)
    entry = {**{k: v for k, v in LAB.items() if k != "file"}, "url": f"{base}/lab.csv", "sha256": hashlib.sha256(payload).hexdigest()}
    path, dataset = locate(sources.describe("lab", entry), tmp_path / "downloads", data_dir=tmp_path / "no-data")
    assert path == tmp_path / "downloads" / "lab" / "lab.csv" and path.read_bytes() == payload
    assert read_raw("lab", path, entry)["solute"].tolist() == ["CCO"]
