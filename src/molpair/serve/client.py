"""`molpair predict --server URL`: the pairs go to a running `molpair serve` instead of a model loaded here.

A local prediction spends about 3 s importing torch and loading the run before its first pair; a chemist
who predicts often keeps one service running (on a login or compute node) and pays an HTTP round trip
per call instead. The client uses the standard library only (pandas for files), sends at most MAX_BATCH
pairs per request to /predict/batch, and writes the same CSV columns as a local `molpair predict`.
The service's own settings (its run, its --min-similarity) decide the prediction and its domain flags.
"""

from __future__ import annotations

import json
import urllib.error
import urllib.request
from pathlib import Path

from molpair.serve import MAX_BATCH

TIMEOUT = 600  # seconds per request: a batch of MAX_BATCH large molecules may take minutes


def _post(url: str, body: dict) -> dict:
    """The JSON answer of a POST; a clear error when the service is unreachable or refuses the request."""
    request = urllib.request.Request(url, json.dumps(body).encode(), {"Content-Type": "application/json"})
    try:
        with urllib.request.urlopen(request, timeout=TIMEOUT) as response:
            return json.load(response)
    except urllib.error.HTTPError as error:
        detail = error.read().decode(errors="replace")
        try:
            detail = json.loads(detail)["detail"]
        except (ValueError, KeyError, TypeError):
            pass
        raise ValueError(f"the molpair service at {url} answered {error.code}: {detail}") from None
    except (urllib.error.URLError, OSError) as error:
        reason = getattr(error, "reason", error)
        raise ConnectionError(
            f"cannot reach a molpair service at {url} ({reason}); start one with `molpair serve --model RUN`"
        ) from None


def remote_predictions(server: str, solutes: list[str], solvents: list[str]) -> list[dict]:
    """/predict/batch's answer for each pair, in order (prediction, uncertainty, error, domain)."""
    url = server.rstrip("/") + "/predict/batch"
    results = []
    for start in range(0, len(solutes), MAX_BATCH):
        chunk = zip(solutes[start:start + MAX_BATCH], solvents[start:start + MAX_BATCH])
        results += _post(url, {"pairs": [{"solute": a, "solvent": b} for a, b in chunk]})["predictions"]
    return results


def _columns(results: list[dict]):
    """OUTPUT_COLUMNS of the answers, typed as a local prediction types them (NaN and NA where missing)."""
    import numpy as np
    import pandas as pd

    domains = [result["domain"] or {} for result in results]

    def flag(name: str):
        return pd.array([domain.get(name) for domain in domains], dtype="boolean")

    return pd.DataFrame(
        {
            "prediction": np.array([result["prediction"] for result in results], dtype=float),
            "uncertainty": np.array([result["uncertainty"] for result in results], dtype=float),
            "error": [result["error"] or "" for result in results],
            "in_domain": flag("in_domain"),
            "unseen_elements": [",".join(domain.get("unseen_elements") or []) for domain in domains],
            "size_out_of_range": flag("size_out_of_range"),
            "nearest_similarity": np.array([domain.get("nearest_similarity") for domain in domains], dtype=float),
            "low_similarity": flag("low_similarity"),
        }
    )


def predict_file_remote(
    server: str, input_csv: str | Path, output_csv: str | Path, solute_column: str, solvent_column: str
):
    """`predict_file` through the service at `server`: the input plus OUTPUT_COLUMNS written to
    `output_csv` (atomically); that frame."""
    from molpair.pairs_csv import read_pairs_csv, write_predictions

    frame = read_pairs_csv(input_csv, solute_column, solvent_column)
    results = remote_predictions(server, frame[solute_column].tolist(), frame[solvent_column].tolist())
    return write_predictions(frame, _columns(results), output_csv)
