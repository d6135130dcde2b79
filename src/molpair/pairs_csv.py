"""The CSV files of `molpair predict --input`: pairs in, the same rows with the prediction columns out.

Light (pandas, no torch), so that predicting through a running service (serve/client.py) reads and
writes exactly the files a local prediction does.
"""

from __future__ import annotations

import logging
from pathlib import Path

import pandas as pd

from molpair.io import atomic_path
from molpair.train.domain import FLAG_COLUMNS

log = logging.getLogger(__name__)

OUTPUT_COLUMNS = ["prediction", "uncertainty", "error", *FLAG_COLUMNS]


def read_pairs_csv(path: str | Path, solute_column: str, solvent_column: str) -> pd.DataFrame:
    """The input CSV with every column as text (other columns round-trip unchanged); clear error on missing columns."""
    frame = pd.read_csv(path, dtype=str, keep_default_na=False)
    missing = [column for column in (solute_column, solvent_column) if column not in frame.columns]
    if missing:
        raise ValueError(
            f"{path} has no column {', '.join(map(repr, missing))} (columns found: {', '.join(frame.columns)}); "
            "name the SMILES columns with --solute-column / --solvent-column"
        )
    return frame


def write_predictions(frame: pd.DataFrame, predicted: pd.DataFrame, output_csv: str | Path) -> pd.DataFrame:
    """The input `frame` with `predicted`'s OUTPUT_COLUMNS (row for row) written to `output_csv`
    atomically; that frame, carrying `predicted`'s attrs."""
    replaced = [column for column in OUTPUT_COLUMNS if column in frame.columns]
    if replaced:
        log.warning("input columns %s are replaced by this prediction's", ", ".join(replaced))
    output = frame.assign(**{column: predicted[column].array for column in OUTPUT_COLUMNS})
    output.attrs = predicted.attrs
    with atomic_path(output_csv) as tmp:
        output.to_csv(tmp, index=False)
    n_errors = int((output["error"] != "").sum())
    n_outside = int((~output["in_domain"]).sum())  # NA (unknown) rows count as neither
    log.info(
        "wrote %d predictions to %s (%d rows with errors, %d outside the training domain)",
        len(output) - n_errors, output_csv, n_errors, n_outside,
    )
    return output
