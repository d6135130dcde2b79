"""Prediction speed of a trained run, end to end, against Chemprop v2 in the same run (issue 15's figures).

    PYTHONPATH=src python benchmarks/predict.py \
        --model results/freesolv/runs/cigin/fold2-rep1 --chemprop-run results/freesolv/runs/chemprop/fold1-rep0 \
        --pairs-file results/mnsol/pairs.parquet --pairs 10000

Every command runs as the user runs it, in a subprocess (`python -m molpair`, the `chemprop` CLI), with
the same thread count (--threads: molpair's option, and OMP_NUM_THREADS for Chemprop), so start-up
and file handling count. `molpair predict` runs the run's ONNX graph (train/onnx_model.py), which this
script exports first when the run lacks it, so no timing below includes the export.
Prints, with the load average before each part (on a shared machine compare the ratios):

(a) `molpair predict --input` on N pairs (cycling over the pairs file's; with --screen, N distinct pairs of
    its solutes and solvents) against `chemprop predict` on the same CSV with the Chemprop run's best
    model: wall seconds each and Chemprop's / ours; then the same prediction in this process
    (predict_pairs), split into featurization, model and domain seconds.
(b) `molpair predict --solute CCO --solvent O`: wall seconds, median of --repeats.
(c) `molpair serve` on 127.0.0.1: /predict latency of one pair (p50, p99 over --requests, each a different
    pair of the file, on one kept-alive connection), and /predict/batch pairs per second for batches of
    1,000; then `molpair predict --server` (the CLI as the service's client): the N-pair CSV of (a), wall
    seconds and Chemprop's / ours (with (a) in the same run), and the single pair of (b), median wall.
(d) Mixed input, in this process: 1,000 pairs of which 25 have a 3,000-carbon chain as solute (spread
    over the rows), predicted by predict_pairs (batched by size) and in input order in chunks of 256 (the
    batching before, where one large molecule pads its whole batch): seconds each and their ratio.
"""

from __future__ import annotations

import argparse
import http.client
import itertools
import json
import os
import socket
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import numpy as np
import pandas as pd

from molpair.train.chemprop import chemprop_command


def load() -> str:
    return "load average " + " ".join(f"{value:.2f}" for value in os.getloadavg())


def timed(command: list[str], env: dict) -> float:
    """Wall seconds of a command that must succeed (its output goes to this process's stderr on failure)."""
    started = time.perf_counter()
    done = subprocess.run(command, env=env, capture_output=True, text=True)
    seconds = time.perf_counter() - started
    if done.returncode != 0:
        sys.exit(f"{' '.join(command[:4])}... exited {done.returncode}:\n{done.stderr[-3000:]}")
    return seconds


def molpair(*arguments: str) -> list[str]:
    return [sys.executable, "-m", "molpair", *arguments]


def throughput(args, model, input_csv: Path, pairs: pd.DataFrame, env: dict, work: Path) -> float:
    """(a): molpair predict and chemprop predict on the same CSV; Chemprop's wall seconds."""
    checkpoint = json.loads((Path(args.chemprop_run) / "metrics.json").read_text())["chemprop_checkpoint"]
    chemprop = [
        chemprop_command(), "predict", "-i", str(input_csv), "-s", "solute_smiles", "solvent_smiles",
        "--model-paths", str(Path(args.chemprop_run) / checkpoint), "-o", str(work / "chemprop.csv"),
        "--num-workers", "0", "--accelerator", "cpu", "--devices", "1",
    ]
    ours = molpair(
        "predict", "--model", args.model, "--input", str(input_csv), "--output", str(work / "molpair.csv"),
        "--threads", str(args.threads),
    )
    print(f"(a) {len(pairs)} pairs, {args.threads} thread(s); {load()}")
    seconds = {"molpair": timed(ours, env), "chemprop": timed(chemprop, env)}
    for name, path in (("molpair", work / "molpair.csv"), ("chemprop", work / "chemprop.csv")):
        n_rows = len(pd.read_csv(path))
        print(f"    {name} predict: {seconds[name]:.2f} s wall, {n_rows / seconds[name]:.0f} pairs/s ({n_rows} rows)")
    print(f"    chemprop / molpair: {seconds['chemprop'] / seconds['molpair']:.1f}x; {load()}")

    from molpair.train.domain import load_domain
    from molpair.train.predict import predict_pairs

    domain = load_domain(args.model)
    started = time.perf_counter()
    frame = predict_pairs(model, pairs["solute_smiles"].tolist(), pairs["solvent_smiles"].tolist(), domain=domain)
    wall = time.perf_counter() - started
    parts = ", ".join(f"{name} {value:.2f} s" for name, value in frame.attrs["seconds"].items())
    print(f"    in process (predict_pairs, run loaded): {wall:.2f} s, {len(frame) / wall:.0f} pairs/s: {parts}")
    return seconds["chemprop"]


def mixed(args, model, pairs: pd.DataFrame) -> None:
    """(d): size batching against input-order batching on rows with a few very large molecules."""
    from molpair.train.predict import predict_pairs

    solutes, solvents = pairs["solute_smiles"].tolist()[:1000], pairs["solvent_smiles"].tolist()[:1000]
    for row in range(20, 1000, 40):
        solutes[row] = "C" * 3000
    print(f"(d) 1,000 pairs, 25 with a 3,000-carbon solute, {args.threads} thread(s); {load()}")
    started = time.perf_counter()
    by_size = predict_pairs(model, solutes, solvents)
    seconds = {"by size": time.perf_counter() - started}
    started = time.perf_counter()
    in_order = [
        predict_pairs(model, solutes[start:start + 256], solvents[start:start + 256]) for start in range(0, 1000, 256)
    ]
    seconds["in input order"] = time.perf_counter() - started
    same = np.allclose(by_size["prediction"], pd.concat(in_order)["prediction"], rtol=1e-4, equal_nan=True)
    print(f"    by size {seconds['by size']:.2f} s, in input order {seconds['in input order']:.2f} s: "
          f"{seconds['in input order'] / seconds['by size']:.1f}x; same predictions: {same}; {load()}")


def single_pair(args, env: dict, source: list[str]) -> None:
    """(b), and its --server form in (c): one pair through the CLI, median wall time."""
    command = molpair("predict", *source, "--solute", "CCO", "--solvent", "O")
    seconds = [timed(command, env) for _ in range(args.repeats)]
    print(f"    molpair predict {source[0]} --solute CCO --solvent O: median {statistics.median(seconds):.2f} s "
          f"(min {min(seconds):.2f}, max {max(seconds):.2f}, {args.repeats} runs); {load()}")


def post(connection: http.client.HTTPConnection, path: str, body: dict) -> float:
    """Seconds of one POST, which must answer 200."""
    data = json.dumps(body)
    started = time.perf_counter()
    connection.request("POST", path, data, {"Content-Type": "application/json"})
    response = connection.getresponse()
    response.read()
    seconds = time.perf_counter() - started
    if response.status != 200:
        sys.exit(f"{path} answered {response.status}")
    return seconds


def service(args, input_csv: Path, pairs: pd.DataFrame, env: dict, chemprop_seconds: float | None) -> None:
    """(c): latency of /predict and throughput of /predict/batch on a served run; the CLI as its client."""
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    server = subprocess.Popen(
        molpair("serve", "--model", args.model, "--port", str(port), "--threads", str(args.threads)),
        env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
    )
    try:
        connection = http.client.HTTPConnection("127.0.0.1", port, timeout=120)
        deadline = time.monotonic() + 120
        while True:
            try:
                connection.request("GET", "/health")
                connection.getresponse().read()
                break
            except OSError:
                if server.poll() is not None or time.monotonic() > deadline:
                    sys.exit("molpair serve did not start")
                connection.close()
                time.sleep(0.2)
        rows = [{"solute": a, "solvent": b} for a, b in zip(pairs["solute_smiles"], pairs["solvent_smiles"])]
        for row in rows[:10]:  # warm-up
            post(connection, "/predict", row)
        print(f"(c) molpair serve, {args.threads} thread(s), {load()}")
        requests = itertools.islice(itertools.cycle(rows), args.requests)
        latency = np.array([post(connection, "/predict", row) for row in requests])
        print(f"    /predict, one pair: p50 {np.percentile(latency, 50) * 1e3:.1f} ms, "
              f"p99 {np.percentile(latency, 99) * 1e3:.1f} ms ({args.requests} requests)")
        batches = [rows[start:start + 1000] for start in range(0, min(len(rows), 5000), 1000)]
        seconds = sum(post(connection, "/predict/batch", {"pairs": batch}) for batch in batches)
        n_pairs = sum(map(len, batches))
        print(f"    /predict/batch of 1,000: {n_pairs / seconds:.0f} pairs/s ({len(batches)} batches); {load()}")
        url = f"http://127.0.0.1:{port}"
        output = input_csv.with_name("molpair-server.csv")
        seconds = timed(molpair("predict", "--server", url, "--input", str(input_csv), "--output", str(output)), env)
        ratio = "" if chemprop_seconds is None else f"; chemprop (a) / this: {chemprop_seconds / seconds:.1f}x"
        print(f"    molpair predict --server --input: {len(pairs)} pairs in {seconds:.2f} s wall{ratio}; {load()}")
        single_pair(args, env, ["--server", url])
    finally:
        server.terminate()
        server.wait(30)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--model", required=True, help="our training run directory (holds best.ckpt)")
    parser.add_argument("--chemprop-run", required=True, help="a chemprop training run (its metrics.json names the model)")
    parser.add_argument("--pairs-file", required=True, help="a dataset's pairs.parquet")
    parser.add_argument("--pairs", type=int, default=10000, help="pairs to predict (cycling over the file's)")
    parser.add_argument("--threads", type=int, default=1, help="CPU threads for torch, in every command")
    parser.add_argument("--repeats", type=int, default=5, help="single-pair CLI runs")
    parser.add_argument("--requests", type=int, default=200, help="one-pair /predict requests")
    parser.add_argument(
        "--screen", action="store_true",
        help="predict distinct pairs (the file's solutes against its solvents) instead of cycling over its pairs",
    )
    parser.add_argument("--parts", default="abcd", help="which parts to run, e.g. 'bc'")
    args = parser.parse_args()

    source = pd.read_parquet(args.pairs_file, columns=["solute_smiles", "solvent_smiles"])
    if args.screen:  # distinct pairs: a seeded sample of every solute against every solvent
        combinations = list(itertools.product(source["solute_smiles"].unique(), source["solvent_smiles"].unique()))
        rows = [combinations[i] for i in np.random.default_rng(0).permutation(len(combinations))[:args.pairs]]
    else:
        rows = list(itertools.islice(itertools.cycle(source.itertuples(index=False)), args.pairs))
    pairs = pd.DataFrame(rows, columns=["solute_smiles", "solvent_smiles"])
    env = {**os.environ, "OMP_NUM_THREADS": str(args.threads), "MKL_NUM_THREADS": str(args.threads)}
    n_molecules = len(set(pairs["solute_smiles"]) | set(pairs["solvent_smiles"]))
    n_distinct = len(pairs.drop_duplicates())  # predict computes each distinct pair once
    print(f"{args.pairs_file}: {len(source)} pairs, {n_molecules} molecules; {len(pairs)} rows predicted, "
          f"{n_distinct} distinct pairs; {os.cpu_count()} CPUs")
    from molpair.train.predict import load_predictor

    started = time.perf_counter()
    model = load_predictor(args.model, args.threads)  # exports the run's ONNX graph once, when missing
    print(f"model: {type(model).__name__}, ready in {time.perf_counter() - started:.1f} s (an export included when "
          f"{args.model}/model.onnx was missing or stale); {load()}")
    with tempfile.TemporaryDirectory(prefix="molpair-predict-") as work:
        input_csv = Path(work) / "pairs.csv"
        pairs.to_csv(input_csv, index=False)
        chemprop_seconds = throughput(args, model, input_csv, pairs, env, Path(work)) if "a" in args.parts else None
        if "b" in args.parts:
            print(f"(b) single pair, {load()}")
            single_pair(args, env, ["--model", args.model, "--threads", str(args.threads)])
        if "c" in args.parts:
            service(args, input_csv, pairs, env, chemprop_seconds)
        if "d" in args.parts:
            mixed(args, model, pairs)


if __name__ == "__main__":
    main()
