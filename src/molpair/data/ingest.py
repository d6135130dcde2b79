"""Turn one raw dataset into validated, deduplicated pairs, with every rejected row accounted for.

Each data row of the raw file ends either in a pair of pairs.parquet or as a line of rejects.csv with a
countable reason. Rows with the same canonical (solute, solvent) are merged into one pair (mean target).
Counts in ingest.json satisfy
rows_read == pairs + pairs_dropped_by_max_atoms + pairs_dropped_by_max_pairs + merged_duplicates + rejected;
rows_read counts the rows the dataset's filters keep (rows_filtered_out the others). The target is
taken through the dataset's transform (e.g. ln) here, so rejects.csv shows it as written.

Salts (a dye with its counter-ion, one SMILES of several components) are rejected, or with the
dataset's `salts: strip` kept as their main fragment (`molecules.main_fragment`); each stripped row is
listed in stripped.csv (row, role, input, kept, removed) and counted in ingest.json. In a set of
neutral compounds (`Dataset.neutral`) a SMILES with a net charge is rejected as a corrupt record.
"""

from __future__ import annotations

from collections import Counter
from pathlib import Path
from typing import Mapping

import numpy as np
import pandas as pd
import pyarrow as pa

from molpair.chem.molecules import MoleculeError, canonical_smiles, formal_charge, main_fragment, pair_atoms, pair_id
from molpair.data import sources
from molpair.io import write_json, write_parquet, write_text
from molpair.layout import Layout

GAS_PHASE = "gas phase (no solvent molecule)"
MISSING_TARGET = "missing target"
CHARGED_IN_NEUTRAL_SET = "net charge in a set of neutral compounds"
TARGET_OUTSIDE_TRANSFORM = "target outside the transform's domain"

PAIRS_SCHEMA = pa.schema(
    [
        ("pair_id", pa.string()),
        ("solute_smiles", pa.string()),
        ("solvent_smiles", pa.string()),
        ("solute_charge", pa.int32()),
        ("solvent_charge", pa.int32()),
        ("target", pa.float64()),
        ("target_std", pa.float64()),
        ("n_merged", pa.int32()),
    ]
)
REJECT_COLUMNS = ["row", "solute", "solvent", "target", "reason", "detail"]
STRIPPED_COLUMNS = ["row", "role", "input", "kept", "removed"]


class _Canonicalizer:
    """Canonical SMILES and formal charge per distinct input string, computed once (datasets repeat solvents)."""

    def __init__(self, strip_salts: bool = False):
        self.strip_salts = strip_salts
        self._cache: dict[str, tuple[str, int, list[str]] | MoleculeError] = {}

    def __call__(self, smiles: str) -> tuple[str, int, list[str]]:
        """Canonical SMILES, formal charge and the counter-ions stripped (none unless strip_salts)."""
        if smiles not in self._cache:
            kept, removed = main_fragment(smiles) if self.strip_salts else (smiles, [])
            try:
                canonical = canonical_smiles(kept)
                self._cache[smiles] = (canonical, formal_charge(canonical), removed)
            except MoleculeError as error:
                self._cache[smiles] = error
        result = self._cache[smiles]
        if isinstance(result, MoleculeError):
            raise result
        return result


def _target_value(raw) -> float:
    """The target as a finite float, or NaN when missing or not a number."""
    try:
        value = float(str(raw).strip())
    except ValueError:
        return float("nan")
    return value if np.isfinite(value) else float("nan")


def _validate(
    raw: pd.DataFrame, transform: str, strip_salts: bool = False, neutral: bool = False
) -> tuple[list[dict], list[dict], list[dict]]:
    """Split raw rows into accepted records (target transformed) and rejects (each reject names its
    reason); list the accepted rows' stripped counter-ions. `neutral`: reject charged SMILES."""
    canonical = _Canonicalizer(strip_salts)
    accepted, rejects, stripped = [], [], []
    for row, solute, solvent, target in raw[["row", "solute", "solvent", "target"]].itertuples(index=False):
        reject = {"row": int(row), "solute": solute, "solvent": solvent, "target": target}
        if str(solvent).strip().lower() == "gas":
            rejects.append({**reject, "reason": GAS_PHASE, "detail": ""})
            continue
        try:
            role = "solute"
            solute_can, solute_charge, solute_removed = canonical(str(solute))
            role = "solvent"
            solvent_can, solvent_charge, solvent_removed = canonical(str(solvent))
        except MoleculeError as error:
            detail = f"{role}: {error.detail}" if error.detail else role
            rejects.append({**reject, "reason": error.reason, "detail": detail})
            continue
        if neutral and (solute_charge or solvent_charge):
            charged = [f"{role} {charge:+d}" for role, charge in (("solute", solute_charge), ("solvent", solvent_charge)) if charge]
            rejects.append({**reject, "reason": CHARGED_IN_NEUTRAL_SET, "detail": ", ".join(charged)})
            continue
        value = _target_value(target)
        if np.isnan(value):
            rejects.append({**reject, "reason": MISSING_TARGET, "detail": f"target {target!r}"})
            continue
        with np.errstate(divide="ignore", invalid="ignore"):
            value = float(sources.TRANSFORMS[transform](value))
        if not np.isfinite(value):
            rejects.append({**reject, "reason": TARGET_OUTSIDE_TRANSFORM, "detail": f"{transform}({target})"})
            continue
        for role, given, kept, removed in (
            ("solute", solute, solute_can, solute_removed), ("solvent", solvent, solvent_can, solvent_removed)
        ):
            if removed:
                stripped.append({"row": int(row), "role": role, "input": given, "kept": kept, "removed": ".".join(removed)})
        accepted.append(
            {
                "pair_id": pair_id(solute_can, solvent_can),
                "solute_smiles": solute_can,
                "solvent_smiles": solvent_can,
                "solute_charge": solute_charge,
                "solvent_charge": solvent_charge,
                "target": value,
            }
        )
    return accepted, rejects, stripped


def _merge(accepted: list[dict]) -> pd.DataFrame:
    """One row per pair in order of first appearance: mean target, population std, rows merged."""
    columns = [f.name for f in PAIRS_SCHEMA if f.name not in ("target_std", "n_merged")]
    records = pd.DataFrame(accepted, columns=columns)
    grouped = records.groupby("pair_id", sort=False)
    pairs = grouped.first()
    pairs["target"] = grouped["target"].mean()
    pairs["target_std"] = grouped["target"].std(ddof=0)
    pairs["n_merged"] = grouped.size()
    return pairs.reset_index()


def _small(pairs: pd.DataFrame, max_atoms: int | None) -> pd.DataFrame:
    """The pairs whose solute and solvent together have at most `max_atoms` atoms with hydrogens (all when
    None): the factory's cost per sample grows about as atoms^2.9 on dyes, so a cap buys many more samples."""
    if max_atoms is None:
        return pairs
    return pairs[pair_atoms(pairs["solute_smiles"], pairs["solvent_smiles"]) <= max_atoms].reset_index(drop=True)


def _subset(pairs: pd.DataFrame, max_pairs: int | None, seed: int) -> pd.DataFrame:
    """A seeded random subset of `max_pairs` pairs in their original order (all when None or enough)."""
    if max_pairs is None or max_pairs >= len(pairs):
        return pairs
    keep = np.sort(np.random.default_rng(seed).choice(len(pairs), size=max_pairs, replace=False))
    return pairs.iloc[keep].reset_index(drop=True)


def ingest(
    name: str,
    dataset_config: Mapping | None,
    results_dir: str | Path,
    data_dir: str | Path | None = None,
    seed: int = 0,
) -> dict:
    """Write results_dir/name/{pairs.parquet, rejects.csv, ingest.json} and return the ingest summary."""
    dataset_config = dataset_config or {}
    layout = Layout(results_dir)
    path, dataset = sources.locate(sources.describe(name, dataset_config), layout.downloads(), data_dir)
    raw, filtered_out = sources.read(path, dataset)
    if raw.empty:
        kept = f" ({filtered_out} filtered out)" if filtered_out else ""
        raise sources.DataError(f"dataset {name!r}: no data rows in {path}{kept}; is it the {name} file?")
    salts = dataset_config.get("salts", "reject")
    accepted, rejects, stripped = _validate(raw, dataset.transform, strip_salts=salts == "strip", neutral=dataset.neutral)
    if not accepted:
        raise sources.DataError(f"dataset {name!r}: none of the {len(raw)} rows of {path} is a valid pair (see the reasons above)")
    merged = _merge(accepted)
    small = _small(merged, dataset_config.get("max_atoms"))
    pairs = _subset(small, dataset_config.get("max_pairs"), seed)

    write_parquet(pa.Table.from_pandas(pairs, schema=PAIRS_SCHEMA, preserve_index=False), layout.pairs(name))
    write_text(pd.DataFrame(rejects, columns=REJECT_COLUMNS).to_csv(index=False), layout.rejects(name))
    write_text(pd.DataFrame(stripped, columns=STRIPPED_COLUMNS).to_csv(index=False), layout.stripped(name))
    summary = {
        "dataset": name,
        "rows_read": len(raw),
        "rows_filtered_out": filtered_out,
        "pairs": len(pairs),
        "merged_duplicates": len(accepted) - len(merged),
        "rejected": len(rejects),
        "rejects_by_reason": dict(sorted(Counter(r["reason"] for r in rejects).items())),
        "pairs_dropped_by_max_atoms": len(merged) - len(small),
        "pairs_dropped_by_max_pairs": len(small) - len(pairs),
        "salts": salts,
        "salts_stripped": len({record["row"] for record in stripped}),
        "stripped_fragments": dict(sorted(Counter(f for r in stripped for f in r["removed"].split(".")).items())),
        "max_atoms": dataset_config.get("max_atoms"),
        "max_pairs": dataset_config.get("max_pairs"),
        "seed": seed,
        "source_file": str(path),
        "source_sha256": sources.sha256_file(path),
    }
    write_json(summary, layout.ingest_summary(name))
    return summary
