"""Datasets: where each raw file comes from, how its rows become (solute, solvent, target), and its unit.

Every dataset is one `Dataset` description, whether built in (SOURCES: FreeSolv, MNSol and the three
chromophore sets) or written as a config entry (`describe`): its raw file (path under the data folder,
download address, sha256), the reader of the file's format (`table` for CSV/TSV with a header row,
`freesolv` for FreeSolv's database.txt), where the SMILES are (a solute and a solvent column, one column
holding both joined by a separator, or a fixed solvent), the target column, its unit and transform, and
row filters.

A raw file is looked up first under a local data folder ($MOLPAIR_DATA_DIR), then downloaded once into
a cache folder; every file whose expected checksum is known is verified, so a run always reads the
same bytes. `read` turns a file into one table with columns `row` (1-based data row number in the
file), `solute`, `solvent` (SMILES as written) and `target` (the value as written); ingest applies the
transform.
"""

from __future__ import annotations

import hashlib
import os
import urllib.error
import urllib.parse
import urllib.request
from dataclasses import dataclass, replace
from pathlib import Path
from typing import Callable, Mapping

import numpy as np
import pandas as pd

from molpair.config import ConfigError
from molpair.io import atomic_path

DATA_DIR_ENV = "MOLPAIR_DATA_DIR"

_CGIB = "https://raw.githubusercontent.com/GreenDino-mj/CGIB/de3b9aeadf9882813ebc8d5401eaa092ef173d3f/data/raw_data"

# Transforms of the target as written into the value the models learn (`transform` of a dataset).
TRANSFORMS: dict[str, Callable[[float], float]] = {"none": float, "ln": np.log, "log10": np.log10}


class DataError(RuntimeError):
    """A raw dataset that cannot be found, downloaded, verified or read; the message says what to do."""


@dataclass(frozen=True)
class RawFile:
    """One raw file: its path (relative to the data folder, or absolute), download URL and sha256 (None: none)."""

    file: str
    url: str | None
    sha256: str | None


@dataclass(frozen=True)
class PairColumn:
    """One column holding both SMILES, joined by `separator` with `first` ("solute" or "solvent") before it."""

    column: str
    separator: str
    first: str

    def split(self, cells: pd.Series) -> tuple[pd.Series, pd.Series]:
        """(solutes, solvents), split at the first separator; a cell without one leaves the second empty."""
        parts = cells.str.partition(self.separator)
        first, second = parts[0].str.strip(), parts[2].str.strip()
        return (first, second) if self.first == "solute" else (second, first)


@dataclass(frozen=True)
class RowFilter:
    """Keep the rows whose `column` equals `equals` and lies within [`min`, `max`] (each optional).

    A number given compares as a number (so 298.15 matches "298.150"), text as text; a cell that is not
    a number fails every numeric test.
    """

    column: str
    equals: str | float | None = None
    min: float | None = None
    max: float | None = None

    def keeps(self, cells: pd.Series) -> np.ndarray:
        text = cells.str.strip()
        numbers = pd.to_numeric(text, errors="coerce")
        keep = np.ones(len(cells), dtype=bool)
        if isinstance(self.equals, str):
            keep &= (text == self.equals.strip()).to_numpy()
        elif self.equals is not None:
            keep &= (numbers == float(self.equals)).to_numpy()
        if self.min is not None:
            keep &= (numbers >= self.min).to_numpy()
        if self.max is not None:
            keep &= (numbers <= self.max).to_numpy()
        return keep


@dataclass(frozen=True)
class Dataset:
    """What a dataset's raw file is and how its rows become pairs.

    The solvent is a column (`solvent`), one SMILES for every row (`solvent_smiles`) or, with the solute,
    in one joined column (`pair`). `unit` is that of the values the models learn (after `transform`).
    `substitute` is a local-only file the same rows can be derived from, tried when `raw` is not here.
    `neutral`: every compound of the set is neutral, so a SMILES with a net charge is a corrupt record
    (MNSol's table writes five thiophosphates as trianions) and ingest rejects it.
    """

    name: str
    raw: RawFile
    target: str
    unit: str
    reader: str = "table"
    delimiter: str | None = None
    solute: str | None = None
    solvent: str | None = None
    solvent_smiles: str | None = None
    pair: PairColumn | None = None
    transform: str = "none"
    filters: tuple[RowFilter, ...] = ()
    neutral: bool = False
    substitute: Dataset | None = None

    def columns(self) -> list[tuple[str, str]]:
        """(config key, column) of every column the description reads."""
        keys = [("solute", self.solute), ("solvent", self.solvent), ("target", self.target)]
        if self.pair is not None:
            keys.append(("pair.column", self.pair.column))
        keys += [(f"filters[{i}].column", f.column) for i, f in enumerate(self.filters)]
        return [(key, column) for key, column in keys if column is not None]


def _read_csv(path: Path, **kwargs) -> pd.DataFrame:
    """All cells as text (nothing turned into NaN), so every value can be reported as written."""
    try:
        frame = pd.read_csv(path, dtype=str, keep_default_na=False, encoding="utf-8-sig", **kwargs)
    except (pd.errors.ParserError, pd.errors.EmptyDataError, UnicodeDecodeError) as error:
        raise DataError(f"cannot read {path}: {error}") from error
    frame.columns = [str(c).strip() for c in frame.columns]
    return frame


def read_table(path: Path, dataset: Dataset, nrows: int | None = None) -> pd.DataFrame:
    """CSV or TSV with a header row, split at `delimiter`, else at tabs for .tsv/.tab files and commas otherwise."""
    delimiter = dataset.delimiter or ("\t" if Path(path).suffix.lower() in (".tsv", ".tab") else ",")
    return _read_csv(path, sep=delimiter, nrows=nrows)


# FreeSolv's columns, named after its header comment.
FREESOLV_COLUMNS = (
    "compound id", "SMILES", "iupac name", "experimental value", "experimental uncertainty",
    "calculated value", "calculated uncertainty", "experimental reference", "calculated reference", "notes",
)


def read_freesolv(path: Path, dataset: Dataset, nrows: int | None = None) -> pd.DataFrame:
    """FreeSolv database.txt: `;`-separated, no header row; only lines starting with `#` are comments
    (SMILES use `#`). Columns are FREESOLV_COLUMNS."""
    records = []
    with open(path, encoding="utf-8") as handle:
        for line in handle:
            line = line.rstrip("\r\n")
            if line.startswith("#") or not line.strip():
                continue
            if nrows is not None and len(records) >= nrows:
                break
            fields = [f.strip() for f in line.split(";", len(FREESOLV_COLUMNS) - 1)]
            records.append(fields + [""] * (len(FREESOLV_COLUMNS) - len(fields)))
    return pd.DataFrame(records, columns=list(FREESOLV_COLUMNS))


# Readers of file formats (`reader` of a dataset): each turns a file into a table of text cells.
READERS: dict[str, Callable[..., pd.DataFrame]] = {"table": read_table, "freesolv": read_freesolv}


def _require(found, dataset: Dataset, path: Path) -> None:
    """DataError naming the first column the description reads that the file lacks, and its key."""
    for key, column in dataset.columns():
        if column not in found:
            raise DataError(
                f"dataset {dataset.name!r}: {path} has no column {column!r} (datasets.{dataset.name}.{key}); "
                f"found {list(found)}"
            )


def read(path: Path, dataset: Dataset) -> tuple[pd.DataFrame, int]:
    """The file's rows kept by the filters as (row, solute, solvent, target), and how many were filtered out."""
    frame = READERS[dataset.reader](path, dataset)
    _require(frame.columns, dataset, path)
    keep = np.ones(len(frame), dtype=bool)
    for row_filter in dataset.filters:
        keep &= row_filter.keeps(frame[row_filter.column])
    rows = np.flatnonzero(keep) + 1
    frame = frame[keep].reset_index(drop=True)
    if dataset.pair is not None:
        solutes, solvents = dataset.pair.split(frame[dataset.pair.column])
    else:
        solutes = frame[dataset.solute]
        if dataset.solvent is not None:
            solvents = frame[dataset.solvent]
        else:
            solvents = pd.Series(dataset.solvent_smiles, index=frame.index, dtype=str)
    table = pd.DataFrame({"row": rows, "solute": solutes, "solvent": solvents, "target": frame[dataset.target]})
    return table, int((~keep).sum())


def _chromophore(name: str, column: str, unit: str, sha256: str, transform: str = "none") -> Dataset:
    """A CGIB chr_*.csv set. Its substitute is the full database, whose rows with a value in `column`
    (all positive; missing ones are NaN) are exactly the set's rows, the value then taken through `transform`."""
    dataset = Dataset(
        name=name,
        raw=RawFile(f"chromophore/{name}.csv", f"{_CGIB}/{name}.csv", sha256),
        target=column,
        unit=unit,
        solute="Chromophore",
        solvent="Solvent",
    )
    database = RawFile(
        "chromophore/DB for chromophore_Sci_Data_rev02.csv",
        f"{_CGIB}/DB%20for%20chromophore_Sci_Data_rev02.csv",
        "931948b68bc090afc8c067fe294ed6d62352c6df1a72ddfdca24edf323fb2726",
    )
    substitute = replace(dataset, raw=database, transform=transform, filters=(RowFilter(column, min=0.0),))
    return replace(dataset, substitute=substitute)


SOURCES: dict[str, Dataset] = {
    "freesolv": Dataset(
        name="freesolv",
        raw=RawFile(
            "freesolv/database.txt",
            "https://raw.githubusercontent.com/MobleyLab/FreeSolv/ff0961a3177863c8002e8487ff9718c513974138"
            "/database.txt",
            "2d13f095713bc39b85f85dd7b4e5483fbb12fc694bf253bb1d92a4c4d484f260",
        ),
        reader="freesolv",
        solute="SMILES",
        solvent_smiles="O",
        target="experimental value",
        unit="kcal/mol",
        neutral=True,
    ),
    "mnsol": Dataset(
        name="mnsol",
        raw=RawFile(
            "mnsol/mnsol.csv",
            "https://raw.githubusercontent.com/TeamSuman/Publication_Data/431e517bc9a72dc82a5d0a3acc676eaf4f3abf66"
            "/Solvation_Energy_Prediction/Data/mnsol.csv",
            "34a9a51498b09724e456b6ece8c0f4ea2a062ee861710dc523a35f404d0aa362",
        ),
        delimiter=";",
        solute="SoluteSMILES",
        solvent="SolventSMILES",
        target="DeltaGsolv",
        unit="kcal/mol",
        neutral=True,
    ),
    "chr_abs": _chromophore(
        "chr_abs", "Absorption max (nm)", "nm", "c366556f22a5f074f2e07736ba0557063257aeaf663f263560cef89843f1b151"
    ),
    "chr_emi": _chromophore(
        "chr_emi", "Emission max (nm)", "nm", "2a2ecdf3fcb37eb20814b6e657669ed1ae253897d9e7fbc1d930501f05c5d340"
    ),
    # CGIB's chr_life.csv holds ln(lifetime / ns) already; the database holds ns.
    "chr_life": _chromophore(
        "chr_life", "Lifetime (ns)", "ln ns", "fac03c34904479ffe222f8502e0a89d820dd327343fa0a758b64caa09c3e0e2c", "ln"
    ),
}

# Config keys that describe a file's format and columns (the built-in datasets have theirs).
DESCRIPTION_KEYS = (
    "reader", "delimiter", "solute", "solvent", "solvent_smiles", "pair", "target", "unit", "transform", "filters",
    "neutral",
)


def _invalid(where: str, what: str) -> ConfigError:
    return ConfigError(f"invalid configuration:\n  {where}: {what}")


def _with_file(dataset: Dataset, entry: Mapping) -> Dataset:
    """A built-in dataset with the entry's `file`, `url` and `sha256` in place of its own. A `file` of
    one's own is read in the built-in format without substitute, and is checked against the entry's
    sha256 only; with no `url` it must exist locally."""
    own_file = "file" in entry
    raw = RawFile(
        file=entry.get("file", dataset.raw.file),
        url=entry.get("url", None if own_file else dataset.raw.url),
        sha256=entry.get("sha256", None if own_file or "url" in entry else dataset.raw.sha256),
    )
    return replace(dataset, raw=raw, substitute=None if own_file else dataset.substitute)


def describe(name: str, entry: Mapping | None) -> Dataset:
    """The dataset a config entry names: a built-in one, or the one the entry describes.

    Raises ConfigError naming the key when a built-in name carries a description of its own or a
    description is incomplete (types and allowed values are the schema's to check).
    """
    entry = entry or {}
    given = [key for key in DESCRIPTION_KEYS if key in entry]
    if name in SOURCES:
        if given:
            raise _invalid(
                f"datasets.{name}.{given[0]}",
                f"{name} is built in (its reader, columns and unit are fixed); "
                "describe your own file under another name",
            )
        return _with_file(SOURCES[name], entry)
    where = f"datasets.{name}"
    if not given:
        raise _invalid(
            where,
            f"not a built-in dataset ({', '.join(SOURCES)}); describe its file: file or url with sha256, "
            "the SMILES columns, target and unit",
        )
    for key, what in (
        ("target", "the column holding the target values"),
        ("unit", "the target's unit (after transform), shown in the report"),
    ):
        if key not in entry:
            raise _invalid(f"{where}.{key}", f"missing: give {what}")
    if "file" not in entry and "url" not in entry:
        raise _invalid(where, "give `file` (a path under $MOLPAIR_DATA_DIR, or absolute) or `url` with `sha256`")
    if "url" in entry and "sha256" not in entry:
        raise _invalid(f"{where}.sha256", "missing: a downloaded file is verified (`sha256sum FILE` gives it)")
    solvents = [key for key in ("solvent", "solvent_smiles", "pair") if key in entry]
    if len(solvents) != 1:
        raise _invalid(
            where,
            "give the solvent by exactly one of `solvent` (its column), `solvent_smiles` (one SMILES for every "
            f"row) or `pair` (one column holding solute and solvent); got {solvents or 'none'}",
        )
    if "pair" in entry and "solute" in entry:
        raise _invalid(f"{where}.solute", "`pair` holds the solute already; give one of them")
    if "pair" not in entry and "solute" not in entry:
        raise _invalid(f"{where}.solute", "missing: give the column holding the solute SMILES")
    filters = tuple(RowFilter(**f) for f in entry.get("filters", []))
    for i, row_filter in enumerate(filters):
        if (row_filter.equals, row_filter.min, row_filter.max) == (None, None, None):
            raise _invalid(f"{where}.filters[{i}]", "give `equals`, `min` or `max`")
    url = entry.get("url")
    # A download without a `file` lands in downloads/{name}/ under the URL's file name.
    file = entry.get("file") or f"{name}/{Path(urllib.parse.urlparse(url).path).name}"
    return Dataset(
        name=name,
        raw=RawFile(file, url, entry.get("sha256")),
        target=entry["target"],
        unit=entry["unit"],
        reader=entry.get("reader", "table"),
        delimiter=entry.get("delimiter"),
        solute=entry.get("solute"),
        solvent=entry.get("solvent"),
        solvent_smiles=entry.get("solvent_smiles"),
        pair=PairColumn(**entry["pair"]) if "pair" in entry else None,
        transform=entry.get("transform", "none"),
        filters=filters,
        neutral=entry.get("neutral", False),
    )


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


def _resolve(relative: str, data_dir: str | Path | None) -> Path | None:
    if Path(relative).is_absolute():
        return Path(relative)
    return Path(data_dir) / relative if data_dir else None


def _find_local(dataset: Dataset, data_dir: str | Path | None) -> tuple[Path, Dataset] | None:
    """The dataset's file, else its substitute, when present under the data folder (or absolute), with
    the description that reads it."""
    for candidate in (dataset, dataset.substitute):
        path = _resolve(candidate.raw.file, data_dir) if candidate is not None else None
        if path is not None and path.is_file():
            return path, candidate
    return None


def _not_found(dataset: Dataset, data_dir: str | Path | None) -> str:
    where = f"under {data_dir}" if data_dir else f"({DATA_DIR_ENV} is unset)"
    return f"dataset {dataset.name!r}: file {dataset.raw.file!r} not found {where}, and no url is given to download it"


def dataset_error(name: str, entry: Mapping | None, data_dir: str | Path | None = None) -> str | None:
    """Why dataset `name` cannot be read, checked before any job runs; None when it can (or may be downloaded).

    The entry must describe a dataset, a file without a url must exist now, and a file that is here
    must have the columns the description reads (a file still to download is checked by ingest).
    """
    try:
        dataset = describe(name, entry)
    except ConfigError as error:
        return str(error)
    data_dir = data_dir if data_dir is not None else os.environ.get(DATA_DIR_ENV)
    found = _find_local(dataset, data_dir)
    if found is None:
        return None if dataset.raw.url else _not_found(dataset, data_dir)
    path, used = found
    try:
        _require(READERS[used.reader](path, used, nrows=0).columns, used, path)
    except DataError as error:
        return str(error)
    return None


def locate(dataset: Dataset, download_dir: str | Path, data_dir: str | Path | None = None) -> tuple[Path, Dataset]:
    """The raw file of `dataset` and the description that reads it: found under the data folder (its
    own file, else its substitute), else downloaded and verified.

    The data folder is `data_dir` or $MOLPAIR_DATA_DIR. A cached download is reused when its checksum holds.
    """
    data_dir = data_dir if data_dir is not None else os.environ.get(DATA_DIR_ENV)
    found = _find_local(dataset, data_dir)
    if found is not None:
        _verify(found[0], found[1].raw.sha256, str(found[0]))
        return found
    if dataset.raw.url is None:
        raise DataError(_not_found(dataset, data_dir))
    url, expected = dataset.raw.url, dataset.raw.sha256
    dest = Path(download_dir) / dataset.raw.file
    if dest.is_file() and expected is not None and sha256_file(dest) == expected:
        return dest, dataset
    try:
        return download(url, dest, expected), dataset
    except (urllib.error.URLError, OSError, ValueError) as error:
        where = f"data folder {data_dir}" if data_dir else f"any data folder ({DATA_DIR_ENV} is unset)"
        raise DataError(
            f"dataset {dataset.name!r}: raw file {dataset.raw.file!r} not found under {where}, "
            f"and downloading {url} failed: {error}. Set {DATA_DIR_ENV} to a folder holding the file, "
            "or check the URL and network."
        ) from error
