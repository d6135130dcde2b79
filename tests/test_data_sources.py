"""Raw-file registry: parsers on tiny hand-written files, lookup, download and checksum checks."""

from __future__ import annotations

import functools
import hashlib
import os
import threading
from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

import numpy as np
import pytest

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


@pytest.fixture
def http_root(tmp_path):
    """A local HTTP server on an ephemeral port serving tmp_path/'www'; yields (folder, base URL)."""

    class QuietHandler(SimpleHTTPRequestHandler):
        def log_message(self, *args):
            pass

    root = tmp_path / "www"
    root.mkdir()
    server = ThreadingHTTPServer(("127.0.0.1", 0), functools.partial(QuietHandler, directory=str(root)))
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield root, f"http://127.0.0.1:{server.server_address[1]}"
    server.shutdown()
    server.server_close()


def test_registry_lists_the_five_datasets():
    assert set(sources.SOURCES) == {"freesolv", "mnsol", "chr_abs", "chr_emi", "chr_life"}
    for source in sources.SOURCES.values():
        assert source.raw.url.startswith("https://raw.githubusercontent.com/")
        assert len(source.raw.sha256) == 64
    with pytest.raises(DataError, match="unknown dataset 'qm9'"):
        sources.get("qm9")


def test_freesolv_parser_keeps_smiles_with_hash(tmp_path):
    path = tmp_path / "database.txt"
    path.write_text(
        "#Hydration free energy database\n"
        "# compound id; SMILES; iupac name; experimental value (kcal/mol); ...\n"
        "mobley_1; CC#N; acetonitrile; -3.88; 0.6\n"
        "\n"
        "mobley_2; CCO; ethanol; -5.00; 0.6\n"
    )
    raw = sources.parse_freesolv(path)
    assert raw["row"].tolist() == [1, 2]
    assert raw["solute"].tolist() == ["CC#N", "CCO"]
    assert raw["solvent"].tolist() == ["O", "O"]
    assert raw["target"].tolist() == ["-3.88", "-5.00"]


def test_mnsol_parser_reads_semicolon_file_and_names_missing_columns(tmp_path):
    path = tmp_path / "mnsol.csv"
    path.write_text("Solute;Solvent;SoluteSMILES;SolventSMILES;DeltaGsolv\noctane;water;CCCCCCCC;O;2.88\n")
    raw = sources.parse_mnsol(path)
    assert raw.to_dict("records") == [{"row": 1, "solute": "CCCCCCCC", "solvent": "O", "target": "2.88"}]
    path.write_text("Solute;Solvent\noctane;water\n")
    with pytest.raises(DataError, match="SoluteSMILES"):
        sources.parse_mnsol(path)


def test_chromophore_parser_derives_rows_from_the_full_database(tmp_path):
    path = tmp_path / "db.csv"
    path.write_text(
        "\ufeffTag,Chromophore,Solvent,Absorption max (nm),Emission max (nm),Lifetime (ns),Reference\n"
        "1,c1ccccc1,O,355,410,2.0,x\n"
        "2,Cc1ccccc1,O,NaN,450,NaN,x\n"
        "3,Oc1ccccc1,CO,300,NaN,4.0,x\n"
    )
    life = sources.SOURCES["chr_life"].parse(path)
    assert life["row"].tolist() == [1, 3]
    assert life["solute"].tolist() == ["c1ccccc1", "Oc1ccccc1"]
    np.testing.assert_allclose(life["target"].astype(float), np.log([2.0, 4.0]))
    emission = sources.SOURCES["chr_emi"].parse(path)
    assert emission["row"].tolist() == [1, 2]
    np.testing.assert_allclose(emission["target"].astype(float), [410.0, 450.0])


@pytest.mark.parametrize("name", ["chr_abs", "chr_emi", "chr_life"])
def test_database_fallback_equals_cgib_file_on_real_data(tmp_path, name):
    db = sources.SOURCES[name].substitute.file
    root = real_data_dir(f"chromophore/{name}.csv", db)
    only_db = tmp_path / "data"
    (only_db / "chromophore").mkdir(parents=True)
    (only_db / db).symlink_to(root / db)

    found = locate(name, {}, tmp_path / "downloads", data_dir=only_db)
    assert found == only_db / db
    derived = sources.SOURCES[name].parse(found)
    direct = sources.SOURCES[name].parse(root / f"chromophore/{name}.csv")
    assert len(derived) == len(direct)
    assert derived["solute"].tolist() == direct["solute"].tolist()
    assert derived["solvent"].tolist() == direct["solvent"].tolist()
    np.testing.assert_allclose(derived["target"].astype(float), direct["target"].astype(float), rtol=1e-9)


def test_real_files_match_builtin_checksums(tmp_path):
    root = real_data_dir(*(s.raw.file for s in sources.SOURCES.values()))
    for name, source in sources.SOURCES.items():
        assert locate(name, {}, tmp_path / "downloads", data_dir=root) == root / source.raw.file


def test_download_verifies_checksum_and_is_reused(http_root, tmp_path):
    www, base = http_root
    payload = b"#header\nm1; CCO; ethanol; -5.0; 0.6\n"
    (www / "db.txt").write_bytes(payload)
    sha = hashlib.sha256(payload).hexdigest()
    config = {"url": f"{base}/db.txt", "sha256": sha}
    downloads = tmp_path / "downloads"

    path = locate("freesolv", config, downloads, data_dir=tmp_path / "no-data")
    assert path == downloads / "freesolv/database.txt"
    assert path.read_bytes() == payload

    (www / "db.txt").unlink()  # a second lookup must use the verified cache, not the network
    assert locate("freesolv", config, downloads, data_dir=tmp_path / "no-data") == path


def test_download_with_wrong_checksum_leaves_nothing(http_root, tmp_path):
    www, base = http_root
    (www / "db.txt").write_bytes(b"not the expected bytes\n")
    url, wrong = f"{base}/db.txt", "0" * 64
    downloads = tmp_path / "downloads"
    with pytest.raises(DataError) as error:
        locate("freesolv", {"url": url, "sha256": wrong}, downloads, data_dir=tmp_path / "no-data")
    message = str(error.value)
    assert url in message and wrong in message
    assert hashlib.sha256(b"not the expected bytes\n").hexdigest() in message
    assert [p for p in downloads.rglob("*") if p.is_file()] == []


def test_unreachable_download_says_what_to_do(http_root, tmp_path):
    _, base = http_root
    with pytest.raises(DataError, match=f"{sources.DATA_DIR_ENV}.*check the URL"):
        locate("mnsol", {"url": f"{base}/missing.csv"}, tmp_path / "downloads", data_dir=tmp_path / "no-data")


def test_data_dir_wins_over_download(http_root, tmp_path):
    www, base = http_root
    (www / "mnsol.csv").write_text("from the server\n")
    data = tmp_path / "data"
    (data / "mine").mkdir(parents=True)
    (data / "mine/mnsol.csv").write_text("local\n")
    config = {"url": f"{base}/mnsol.csv", "file": "mine/mnsol.csv"}
    assert locate("mnsol", config, tmp_path / "downloads", data_dir=data) == data / "mine/mnsol.csv"
    assert not (tmp_path / "downloads").exists()


def test_local_file_is_verified_against_given_checksum(tmp_path):
    (tmp_path / "mnsol.csv").write_text("local\n")
    with pytest.raises(DataError, match="checksum mismatch"):
        locate("mnsol", {"file": "mnsol.csv", "sha256": "1" * 64}, tmp_path / "downloads", data_dir=tmp_path)
