"""`molpair serve` over real HTTP on 127.0.0.1, and its page in a headless chromium, with a tiny CIGIN run."""

from __future__ import annotations

import contextlib
import json
import math
import shutil
import socket
import threading
import time
import urllib.request
from urllib.error import HTTPError

import numpy as np
import pandas as pd
import pytest

from conftest import alkanol_rows, write_pair_set
from molpair.cli import main
from molpair.serve import MAX_BATCH
from molpair.serve.app import create_app
from molpair.train import fingerprint_model, train_fold
from molpair.train.gbm import train_lightgbm
from molpair.train.predict import load_run, predict_pairs

TRAIN_CONFIG = {
    "folds": None, "repeats": 1, "seed": 0, "max_epochs": 2, "patience": 2, "batch_size": 8,
    "lr": 0.003, "weight_decay": 0.0, "accelerator": "cpu", "devices": 1, "num_workers": 0,
}
MODEL_CONFIG = {"hidden_dim": 16, "num_layers": 2, "dropout": 0.0}
CHROMIUM, CHROMEDRIVER = shutil.which("chromium"), shutil.which("chromedriver")


def trained_run(tmp_path_factory, repeat: int):
    """A tiny CIGIN run of the alkanols (repeat `repeat`: its own seed)."""
    root = tmp_path_factory.mktemp("data")
    write_pair_set(root, alkanol_rows(), ["train"] * 32 + ["val"] * 4 + ["test"] * 4)
    out = tmp_path_factory.mktemp("run")
    train_fold(root / "pairs.parquet", root / "splits.parquet", 0, repeat, "cigin", MODEL_CONFIG, TRAIN_CONFIG, out)
    return out


@pytest.fixture(scope="module")
def run_dir(tmp_path_factory):
    return trained_run(tmp_path_factory, 0)


@contextlib.contextmanager
def serving(run_dirs, threads: int = 1):
    """The base URL of uvicorn serving the runs (`threads`: create_app's) in a thread, on a port the OS picked."""
    import uvicorn

    sock = socket.socket()
    sock.bind(("127.0.0.1", 0))
    server = uvicorn.Server(uvicorn.Config(create_app(run_dirs, threads=threads), log_level="warning"))
    thread = threading.Thread(target=server.run, kwargs={"sockets": [sock]}, daemon=True)
    thread.start()
    deadline = time.monotonic() + 30
    while not server.started:
        assert thread.is_alive() and time.monotonic() < deadline, "uvicorn did not start"
        time.sleep(0.05)
    try:
        yield f"http://127.0.0.1:{sock.getsockname()[1]}"
    finally:
        server.should_exit = True
        thread.join(10)
        sock.close()


@pytest.fixture(scope="module")
def service(run_dir):
    with serving([run_dir]) as url:
        yield url


def call(url: str, body=None, raw: bytes | None = None, method: str | None = None) -> tuple[int, str, bytes]:
    """Status, content type and body of one request (a JSON `body`, or `raw` bytes)."""
    data = raw if raw is not None else None if body is None else json.dumps(body).encode()
    request = urllib.request.Request(
        url, data=data, headers={"Content-Type": "application/json"}, method=method or ("GET" if data is None else "POST")
    )
    try:
        with urllib.request.urlopen(request, timeout=60) as response:
            return response.status, response.headers.get_content_type(), response.read()
    except HTTPError as error:
        return error.code, error.headers.get_content_type(), error.read()


def test_health_names_the_run(service, run_dir):
    status, kind, body = call(f"{service}/health")
    assert (status, kind) == (200, "application/json")
    assert json.loads(body) == {"status": "ok", "runs": [str(run_dir)], "models": ["cigin"], "domain": True, "max_batch": MAX_BATCH}


def test_predict_one_pair_with_domain_and_attention(service, run_dir):
    status, _, body = call(f"{service}/predict", {"solute": "CCCO", "solvent": "O"})
    assert status == 200
    result = json.loads(body)
    expected = predict_pairs(load_run(run_dir), ["CCCO"], ["O"]).loc[0, "prediction"]
    assert math.isclose(result["prediction"], expected, rel_tol=1e-6) and result["uncertainty"] is None
    assert [atom["element"] for atom in result["attention"]] == ["C", "C", "C", "O"]
    assert [atom["atom_index"] for atom in result["attention"]] == [0, 1, 2, 3]
    assert math.isclose(sum(atom["weight"] for atom in result["attention"]), 1.0, rel_tol=1e-9)
    assert set(result["domain"]) == {
        "in_domain", "unseen_elements", "size_out_of_range", "nearest_similarity", "low_similarity", "warning"
    }

    xenon = json.loads(call(f"{service}/predict", {"solute": "[Xe]", "solvent": "O"})[2])
    assert xenon["domain"]["unseen_elements"] == ["Xe"] and xenon["domain"]["in_domain"] is False
    assert "elements never seen in training: Xe" in xenon["domain"]["warning"]


def test_batch_reports_bad_rows_in_place(service):
    pairs = [{"solute": "CCO", "solvent": "O"}, {"solute": "C1CC", "solvent": "O"}, {"solute": "CCCC", "solvent": "CCO"}]
    status, _, body = call(f"{service}/predict/batch", {"pairs": pairs})
    assert status == 200
    predictions = json.loads(body)["predictions"]
    assert [row["solute"] for row in predictions] == ["CCO", "C1CC", "CCCC"]
    assert [row["error"] == "" for row in predictions] == [True, False, True]
    assert predictions[1]["error"].startswith("solute: unparsable SMILES")
    assert predictions[1]["prediction"] is None and predictions[1]["domain"] is None
    assert all(math.isfinite(predictions[row]["prediction"]) for row in (0, 2))


def test_attention_svg(service):
    status, kind, body = call(f"{service}/attention.svg", {"solute": "c1ccccc1O", "solvent": "O"})
    assert (status, kind) == (200, "image/svg+xml") and b"<svg" in body


def test_several_runs_serve_their_mean_spread_and_mean_attention(run_dir, tmp_path_factory):
    second = trained_run(tmp_path_factory, 1)
    alone = [predict_pairs(load_run(run), ["CCCO"], ["O"], attention=True).loc[0] for run in (run_dir, second)]
    (first_value, second_value), (first_map, second_map) = [row["prediction"] for row in alone], [row["attention"] for row in alone]
    assert first_value != second_value
    with serving([run_dir, second]) as url:
        assert json.loads(call(f"{url}/health")[2])["runs"] == [str(run_dir), str(second)]
        result = json.loads(call(f"{url}/predict", {"solute": "CCCO", "solvent": "O"})[2])
        status, kind, _ = call(f"{url}/attention.svg", {"solute": "CCCO", "solvent": "O"})
    assert result["prediction"] == pytest.approx((first_value + second_value) / 2, rel=1e-6)
    assert result["uncertainty"] == pytest.approx(abs(first_value - second_value) / math.sqrt(2), rel=1e-5)
    weights = [atom["weight"] for atom in result["attention"]]
    assert weights == pytest.approx(list((first_map + second_map) / 2), abs=1e-6) and sum(weights) == pytest.approx(1.0)
    assert (status, kind) == (200, "image/svg+xml")


def test_a_lightgbm_run_is_served_with_new_molecules_featurized_on_worker_processes(tmp_path_factory, monkeypatch):
    """`serve --threads` reaches a lightgbm run: /health names it, and a batch of molecules it has not seen is
    featurized by one pool of worker processes, to the predictions of the run loaded here in one process."""
    root = tmp_path_factory.mktemp("data")
    write_pair_set(root, alkanol_rows(), ["train"] * 32 + ["val"] * 4 + ["test"] * 4)
    run = tmp_path_factory.mktemp("run")
    settings = {"learning_rate": 0.1, "num_leaves": 4, "min_data_in_leaf": 2, "feature_fraction": 1.0,
                "bagging_fraction": 1.0, "max_trees": 100, "early_stopping_rounds": 20, "electronic": False}
    train_lightgbm(root / "pairs.parquet", root / "splits.parquet", 0, 0, settings, TRAIN_CONFIG, run)
    pairs = [("CCCCCCCCCCCCO", "O"), ("CC(C)(C)CO", "CCO"), ("OCCCCO", "O")]
    local = predict_pairs(load_run(run), [solute for solute, _ in pairs], [solvent for _, solvent in pairs])
    pools = []

    class CountedPool(fingerprint_model.ProcessPoolExecutor):
        def __init__(self, *args, **kwargs):
            super().__init__(*args, **kwargs)
            pools.append(self)

    monkeypatch.setattr(fingerprint_model, "_cache", type(fingerprint_model._cache)())  # the pairs are new again
    monkeypatch.setattr(fingerprint_model, "ProcessPoolExecutor", CountedPool)
    with serving([run], threads=2) as url:
        health = json.loads(call(f"{url}/health")[2])
        body = {"pairs": [{"solute": solute, "solvent": solvent} for solute, solvent in pairs]}
        served = json.loads(call(f"{url}/predict/batch", body)[2])["predictions"]
    assert health["models"] == ["lightgbm"] and len(pools) == 1
    assert [row["prediction"] for row in served] == pytest.approx(local.prediction.tolist(), rel=1e-9)


BAD_REQUESTS = [
    ("/predict", {"solute": "C1CC", "solvent": "O"}, None, 422, "solute: unparsable SMILES"),
    ("/predict", {"solute": "", "solvent": "O"}, None, 422, "solute: empty SMILES"),
    ("/predict", {"solute": "CCO", "solvent": "   "}, None, 422, "solvent: empty SMILES"),
    ("/predict", {"solute": "CCO", "solvent": "[U]"}, None, 422, "solvent: unsupported element: U"),
    ("/predict", {"solute": "CCO"}, None, 422, "solvent: Field required"),
    ("/predict", {"solute": 5, "solvent": "O"}, None, 422, "solute: Input should be a valid string"),
    ("/predict", {"solute": "CCO", "solvent": "O", "T": 298}, None, 422, "T: Extra inputs are not permitted"),
    ("/predict", None, b"{not json", 422, "JSON decode error"),
    ("/predict", None, b"", 422, "request body: Field required"),
    ("/predict", ["CCO", "O"], None, 422, "Input should be a valid dictionary"),
    ("/predict/batch", {"pairs": []}, None, 422, "pairs: List should have at least 1 item"),
    ("/predict/batch", {"pairs": [{"solute": "C", "solvent": "O"}] * (MAX_BATCH + 1)}, None, 422,
     f"pairs: List should have at most {MAX_BATCH} items"),
    ("/predict/batch", {"pairs": [{"solute": "C"}]}, None, 422, "pairs.0.solvent: Field required"),
    ("/predict/batch", {"pairs": "CCO"}, None, 422, "pairs: Input should be a valid list"),
    ("/attention.svg", {"solute": "CCO", "solvent": "C1CC"}, None, 422, "solvent: unparsable SMILES"),
]


@pytest.mark.parametrize("path, body, raw, expected_status, reason", BAD_REQUESTS)
def test_bad_input_gets_a_4xx_with_a_reason(service, path, body, raw, expected_status, reason):
    status, kind, answer = call(f"{service}{path}", body, raw=raw)
    assert (status, kind) == (expected_status, "application/json")
    assert reason in json.loads(answer)["detail"]


def test_wrong_method_is_a_405(service):
    assert call(f"{service}/predict")[0] == 405


def test_page_is_self_contained(service):
    status, kind, body = call(f"{service}/")
    page = body.decode()
    assert (status, kind) == (200, "text/html") and 'id="predict"' in page and "<script>" in page
    assert "http://" not in page and "https://" not in page  # no CDN: the service may run offline


@pytest.mark.skipif(
    CHROMIUM is None or CHROMEDRIVER is None,
    reason="needs Debian's chromium and chromedriver on PATH: apt-get install chromium chromium-driver",
)
def test_page_in_a_headless_browser(service, run_dir, tmp_path):
    """A pair typed into the page shows its prediction and attention drawing; an invalid SMILES shows the
    reason; a CSV file gives a table. Screenshots land in tmp_path."""
    from selenium import webdriver
    from selenium.webdriver.chrome.service import Service
    from selenium.webdriver.common.by import By
    from selenium.webdriver.support.ui import WebDriverWait

    options = webdriver.ChromeOptions()
    options.binary_location = CHROMIUM
    for argument in ("--headless=new", "--no-sandbox", "--disable-dev-shm-usage", "--window-size=1100,1300"):
        options.add_argument(argument)
    driver = webdriver.Chrome(service=Service(CHROMEDRIVER), options=options)
    wait = WebDriverWait(driver, 30)
    element = lambda name: driver.find_element(By.ID, name)  # noqa: E731
    try:
        driver.get(f"{service}/")
        wait.until(lambda _: element("model").text.startswith("model cigin"))
        element("solute").send_keys("CCCO")
        element("solvent").send_keys("O")
        element("predict").click()
        wait.until(lambda _: element("prediction").text)
        expected = predict_pairs(load_run(run_dir), ["CCCO"], ["O"]).loc[0, "prediction"]
        assert float(element("prediction").text) == pytest.approx(expected, abs=1e-3)
        loaded = "const image = arguments[0]; return image.complete && image.naturalWidth > 0"
        wait.until(lambda _: driver.execute_script(loaded, element("attention-image")))
        assert element("attention-image").get_attribute("data-type") == "image/svg+xml"
        assert element("domain-status").text and not element("error").is_displayed()
        driver.save_screenshot(str(tmp_path / "page-valid.png"))

        element("solute").clear()
        element("solute").send_keys("C1CC")
        element("predict").click()
        wait.until(lambda _: element("error").is_displayed())
        assert element("error").text.startswith("Cannot predict this pair: solute: unparsable SMILES")
        assert not element("result").is_displayed()
        driver.save_screenshot(str(tmp_path / "page-invalid.png"))

        csv = tmp_path / "pairs.csv"
        csv.write_text('id,solute_smiles,solvent_smiles\n1,CCO,O\n2,"C1CC",O\n3,[Xe],O\n')
        element("csv").send_keys(str(csv))
        element("predict-csv").click()
        wait.until(lambda _: element("batch").is_displayed())
        rows = element("batch-table").find_elements(By.TAG_NAME, "tr")
        assert len(rows) == 4 and "unparsable SMILES" in rows[2].text and "Xe" in rows[3].text
        assert element("batch-summary").text.startswith("2 of 3 pairs predicted; 1 with errors")
        driver.save_screenshot(str(tmp_path / "page-csv.png"))
        print(f"screenshots: {tmp_path}/page-valid.png, page-invalid.png, page-csv.png")
    finally:
        driver.quit()


def test_predict_through_the_service_writes_what_a_local_prediction_writes(service, run_dir, tmp_path, capsys):
    """`molpair predict --server` writes what `--model` writes for a file with bad rows (the service runs the
    torch network, the local CLI its ONNX export: predictions agree to float precision), and the same
    lines and exit status for single pairs."""
    pairs = tmp_path / "pairs.csv"
    pairs.write_text("id,solute_smiles,solvent_smiles\n1,CCO,O\n2,C1CC,O\n3,[Xe],O\n4,CCO,O\n5,CCCO,[U]\n")
    for source, name in ((["--model", str(run_dir)], "local.csv"), (["--server", service], "remote.csv")):
        assert main(["predict", *source, "--input", str(pairs), "--output", str(tmp_path / name)]) == 0
    local, remote = (pd.read_csv(tmp_path / name, dtype=str, keep_default_na=False) for name in ("local.csv", "remote.csv"))
    assert list(remote.columns) == list(local.columns)
    numbers = ["prediction", "uncertainty"]
    pd.testing.assert_frame_equal(remote.drop(columns=numbers), local.drop(columns=numbers))
    for column in numbers:
        np.testing.assert_allclose(pd.to_numeric(remote[column]), pd.to_numeric(local[column]), rtol=1e-5, atol=1e-6)

    for solute, status in (("CCO", 0), ("[Xe]", 0), ("C1CC", 1)):
        printed = []
        for source in (["--model", str(run_dir)], ["--server", service]):
            capsys.readouterr()
            assert main(["predict", *source, "--solute", solute, "--solvent", "O"]) == status
            printed.append(capsys.readouterr().out)
        assert printed[0] == printed[1] and printed[0]


def test_predict_through_an_absent_service_says_how_to_start_one(tmp_path, caplog):
    with socket.socket() as probe:  # a port nobody listens on
        probe.bind(("127.0.0.1", 0))
        url = f"http://127.0.0.1:{probe.getsockname()[1]}"
    assert main(["predict", "--server", url, "--solute", "CCO", "--solvent", "O"]) == 2
    assert "cannot reach a molpair service" in caplog.text and "molpair serve --model" in caplog.text
    caplog.clear()
    assert main(["predict", "--server", url, "--solute", "CCO", "--solvent", "O", "--min-similarity", "0.5"]) == 2
    assert "give it to `molpair serve`" in caplog.text
