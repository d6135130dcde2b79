"""Registry of the raw datasets: pinned download address, checksum, file name and parser of each.

A raw file is looked up first under a local data folder ($MOLPAIR_DATA_DIR), then downloaded once into
a cache folder; every file whose expected checksum is known is verified, so a run always reads the
same bytes. Parsers turn each format into one table with columns `row` (1-based data row number in
the file), `solute`, `solvent` (SMILES as written) and `target` (the value as read, text or number).
"""

from __future__ import annotations

import hashlib
import os
import urllib.error
import urllib.request
from dataclasses import dataclass
from pathlib import Path
from typing import Callable, Mapping

import numpy as np
import pandas as pd

from molpair.io import atomic_path

DATA_DIR_ENV = "MOLPAIR_DATA_DIR"
WATER = "O"

_CGIB = "https://raw.githubusercontent.com/GreenDino-mj/CGIB/de3b9aeadf9882813ebc8d5401eaa092ef173d3f/data/raw_data"
_CHROMOPHORE_DB = "chromophore/DB for chromophore_Sci_Data_rev02.csv"
_CHROMOPHORE_TARGETS = ("Absorption max (nm)", "Emission max (nm)", "Lifetime (ns)")


class DataError(RuntimeError):
    """A raw dataset that cannot be found, downloaded, verified or read; the message says what to do."""


@dataclass(frozen=True)
class RawFile:
    """One raw file: its path relative to the data folder, canonical URL and sha256."""

    file: str
    url: str
    sha256: str


@dataclass(frozen=True)
class Source:
    """A dataset: its raw file, an optional local-only substitute it can be derived from, and its parser."""

    name: str
    target: str
    raw: RawFile
    parse: Callable[[Path], pd.DataFrame]
    substitute: RawFile | None = None


def _table(rows, solutes, solvents, targets) -> pd.DataFrame:
    return pd.DataFrame({"row": rows, "solute": solutes, "solvent": solvents, "target": targets})


def _read_csv(path: Path, **kwargs) -> pd.DataFrame:
    """All cells as text (nothing turned into NaN), so every value can be reported as written."""
    try:
        frame = pd.read_csv(path, dtype=str, keep_default_na=False, encoding="utf-8-sig", **kwargs)
    except (pd.errors.ParserError, UnicodeDecodeError) as error:
        raise DataError(f"cannot read {path}: {error}") from error
    frame.columns = [str(c).strip() for c in frame.columns]
    return frame


def _require(frame: pd.DataFrame, columns, path: Path) -> None:
    missing = [c for c in columns if c not in frame.columns]
    if missing:
        raise DataError(f"{path} lacks column(s) {missing}; found {list(frame.columns)}")


def parse_freesolv(path: Path) -> pd.DataFrame:
    """FreeSolv database.txt: `;`-separated; only lines starting with `#` are comments (SMILES use `#`)."""
    rows, solutes, targets = [], [], []
    with open(path, encoding="utf-8") as handle:
        for line in handle:
            line = line.rstrip("\r\n")
            if line.startswith("#") or not line.strip():
                continue
            fields = [f.strip() for f in line.split(";")] + ["", "", "", ""]
            rows.append(len(rows) + 1)
            solutes.append(fields[1])
            targets.append(fields[3])
    return _table(rows, solutes, [WATER] * len(rows), targets)


def parse_mnsol(path: Path) -> pd.DataFrame:
    """MNSol export: `;`-separated, header Solute;Solvent;SoluteSMILES;SolventSMILES;DeltaGsolv."""
    frame = _read_csv(path, sep=";")
    _require(frame, ["SoluteSMILES", "SolventSMILES", "DeltaGsolv"], path)
    return _table(range(1, len(frame) + 1), frame["SoluteSMILES"], frame["SolventSMILES"], frame["DeltaGsolv"])


def chromophore_parser(column: str, log: bool = False) -> Callable[[Path], pd.DataFrame]:
    """Parser of one chromophore target; reads either a CGIB chr_*.csv or the full database.

    The chr_*.csv files are exactly the database rows whose target is not NaN, in database order, with
    lifetime as ln(ns); given the database (recognized by its columns) the same rows are derived, and
    `row` then numbers rows of the database.
    """

    def parse(path: Path) -> pd.DataFrame:
        frame = _read_csv(path)
        _require(frame, ["Chromophore", "Solvent", column], path)
        if not set(_CHROMOPHORE_TARGETS) <= set(frame.columns):
            return _table(range(1, len(frame) + 1), frame["Chromophore"], frame["Solvent"], frame[column])
        values = pd.to_numeric(frame[column], errors="coerce")
        keep = values.notna().to_numpy()
        values = values[keep].to_numpy(dtype=float)
        with np.errstate(divide="ignore", invalid="ignore"):
            targets = np.log(values) if log else values
        rows = np.flatnonzero(keep) + 1
        return _table(rows, frame["Chromophore"][keep].to_numpy(), frame["Solvent"][keep].to_numpy(), targets)

    return parse


def _chromophore(name: str, column: str, sha256: str, log: bool = False) -> Source:
    return Source(
        name=name,
        target=column if not log else "ln(lifetime / ns)",
        raw=RawFile(f"chromophore/{name}.csv", f"{_CGIB}/{name}.csv", sha256),
        parse=chromophore_parser(column, log),
        substitute=RawFile(
            _CHROMOPHORE_DB,
            f"{_CGIB}/DB%20for%20chromophore_Sci_Data_rev02.csv",
            "931948b68bc090afc8c067fe294ed6d62352c6df1a72ddfdca24edf323fb2726",
        ),
    )


SOURCES: dict[str, Source] = {
    "freesolv": Source(
        name="freesolv",
        target="hydration free energy (kcal/mol)",
        raw=RawFile(
            "freesolv/database.txt",
            "https://raw.githubusercontent.com/MobleyLab/FreeSolv/ff0961a3177863c8002e8487ff9718c513974138"
            "/database.txt",
            "2d13f095713bc39b85f85dd7b4e5483fbb12fc694bf253bb1d92a4c4d484f260",
        ),
        parse=parse_freesolv,
    ),
    "mnsol": Source(
        name="mnsol",
        target="solvation free energy (kcal/mol)",
        raw=RawFile(
            "mnsol/mnsol.csv",
            "https://raw.githubusercontent.com/TeamSuman/Publication_Data/431e517bc9a72dc82a5d0a3acc676eaf4f3abf66"
            "/Solvation_Energy_Prediction/Data/mnsol.csv",
            "34a9a51498b09724e456b6ece8c0f4ea2a062ee861710dc523a35f404d0aa362",
        ),
        parse=parse_mnsol,
    ),
    "chr_abs": _chromophore(
        "chr_abs", "Absorption max (nm)", "c366556f22a5f074f2e07736ba0557063257aeaf663f263560cef89843f1b151"
    ),
    "chr_emi": _chromophore(
        "chr_emi", "Emission max (nm)", "2a2ecdf3fcb37eb20814b6e657669ed1ae253897d9e7fbc1d930501f05c5d340"
    ),
    "chr_life": _chromophore(
        "chr_life", "Lifetime (ns)", "fac03c34904479ffe222f8502e0a89d820dd327343fa0a758b64caa09c3e0e2c", log=True
    ),
}


def get(name: str) -> Source:
    """The registered source of a dataset name."""
    if name not in SOURCES:
        raise DataError(f"unknown dataset {name!r}; known: {', '.join(SOURCES)}")
    return SOURCES[name]


def sha256_file(path: str | Path) -> str:
    """Hex sha256 of a file, read in chunks."""
    digest = hashlib.sha256()
    with open(path, "rb") as handle:
        for chunk in iter(lambda: handle.read(1 << 20), b""):
            digest.update(chunk)
    return digest.hexdigest()


def _verify(path: Path, expected: str | None, origin: str) -> None:
    if expected is None:
        return
    actual = sha256_file(path)
    if actual != expected:
        raise DataError(f"checksum mismatch for {origin}: expected sha256 {expected}, got {actual}")


def _local_candidates(source: Source, dataset_config: Mapping) -> list[tuple[str, str | None]]:
    """(relative path, expected sha256 or None) to try under the data folder, in order."""
    if "file" in dataset_config:
        return [(dataset_config["file"], dataset_config.get("sha256"))]
    candidates = [(source.raw.file, dataset_config.get("sha256", source.raw.sha256))]
    if source.substitute is not None:
        candidates.append((source.substitute.file, source.substitute.sha256))
    return candidates


def download(url: str, dest: Path, sha256: str | None, timeout: float = 60.0) -> Path:
    """Stream `url` into `dest` atomically; on a checksum mismatch nothing is left behind."""
    digest = hashlib.sha256()
    with atomic_path(dest) as tmp:
        with urllib.request.urlopen(url, timeout=timeout) as response, open(tmp, "wb") as out:
            for chunk in iter(lambda: response.read(1 << 20), b""):
                digest.update(chunk)
                out.write(chunk)
        actual = digest.hexdigest()
        if sha256 is not None and actual != sha256:
            raise DataError(f"checksum mismatch for {url}: expected sha256 {sha256}, got {actual}")
    return dest


def missing_file_error(name: str, dataset_config: Mapping | None, data_dir: str | Path | None = None) -> str | None:
    """Why dataset `name` cannot be read, checked before any job runs; None when it can (or may be downloaded).

    A `file` given without a `url` has nothing to download, so it must exist now.
    """
    dataset_config = dataset_config or {}
    if "file" not in dataset_config or "url" in dataset_config:
        return None
    data_dir = data_dir if data_dir is not None else os.environ.get(DATA_DIR_ENV)
    path = _resolve(dataset_config["file"], data_dir)
    if path is not None and path.is_file():
        return None
    where = f"under {data_dir}" if data_dir else f"({DATA_DIR_ENV} is unset)"
    return f"dataset {name!r}: file {dataset_config['file']!r} not found {where}, and no url is given to download it"


def _resolve(relative: str, data_dir: str | Path | None) -> Path | None:
    if Path(relative).is_absolute():
        return Path(relative)
    return Path(data_dir) / relative if data_dir else None


def locate(
    name: str, dataset_config: Mapping | None, download_dir: str | Path, data_dir: str | Path | None = None
) -> Path:
    """Path of the raw file of dataset `name`: found under the data folder, else downloaded and verified.

    The data folder is `data_dir` or $MOLPAIR_DATA_DIR; the config's `file`, `url` and `sha256` override
    the built-in path, address and checksum. A cached download is reused when its checksum holds.
    """
    source = get(name)
    dataset_config = dataset_config or {}
    data_dir = data_dir if data_dir is not None else os.environ.get(DATA_DIR_ENV)
    for relative, expected in _local_candidates(source, dataset_config):
        path = _resolve(relative, data_dir)
        if path is not None and path.is_file():
            _verify(path, expected, str(path))
            return path
    problem = missing_file_error(name, dataset_config, data_dir)
    if problem:
        raise DataError(problem)

    url = dataset_config.get("url", source.raw.url)
    expected = dataset_config.get("sha256", source.raw.sha256 if "url" not in dataset_config else None)
    dest = Path(download_dir) / dataset_config.get("file", source.raw.file)
    if dest.is_file() and expected is not None and sha256_file(dest) == expected:
        return dest
    try:
        return download(url, dest, expected)
    except (urllib.error.URLError, OSError, ValueError) as error:
        where = f"data folder {data_dir}" if data_dir else f"any data folder ({DATA_DIR_ENV} is unset)"
        raise DataError(
            f"dataset {name!r}: raw file {dataset_config.get('file', source.raw.file)!r} not found under {where}, "
            f"and downloading {url} failed: {error}. Set {DATA_DIR_ENV} to a folder holding the file, "
            "or check the URL and network."
        ) from error
