"""One design run: a generator, an oracle for one target, and what the run leaves behind.

Output directory (Layout.design): designs.csv (every oracle call: call, step, SMILES, prediction,
uncertainty, score, in-domain flag, hit), summary.json (the run's settings, metrics, wall time and
oracle calls per second, and the oracle's own test RMSE on each of its folds) and design.html, a page with the best
designs drawn and the score-versus-calls curve.
"""

from __future__ import annotations

import heapq
import html
import io
import json
import logging
import time
from pathlib import Path

import numpy as np
import pandas as pd

from molpair.design.generators import GENERATORS
from molpair.design.metrics import design_metrics
from molpair.design.oracle import Oracle, Target
from molpair.io import write_json, write_text
from molpair.progress import progress

log = logging.getLogger(__name__)

TOP_DRAWN = 12


def run_design(
    run_dirs: list[Path], target: Target, design: dict, seed: int, measured: pd.DataFrame, out_dir: str | Path,
    corpus: set[str] | None = None, fcd_cache: str | Path | None = None, threads: int = 1,
) -> dict:
    """Propose designs for `target` with `design["method"]` until `design["budget"]` oracle calls are
    spent; `measured` (the oracle dataset's pairs: solute_smiles, target) seeds the generator, and its
    solutes are the novelty reference (with `corpus`, the prior's pretraining SMILES as canonical
    SMILES, the second one: novelty_with_corpus) and the FCD's (their ChemNet statistics cached at
    `fcd_cache`). The method's own section of `design` (e.g. design.graph_ga) is merged over the rest for
    the generator. `threads`: the oracle's (Oracle)."""
    out_dir = Path(out_dir)
    started = time.perf_counter()
    label = f"design {target.name} ({design['method']}, seed {seed}): oracle calls"
    with progress(label, int(design["budget"]), interval_s=30.0) as reporter:
        oracle = Oracle(
            run_dirs, target, design["budget"], design["min_similarity"], design["max_spread"], reporter.advance,
            threads,
        )
        loaded = time.perf_counter()
        log.info("oracle: %s, %d thread(s) (a lightgbm run's worker processes for molecules it has not seen)",
                 ", ".join(str(run_dir) for run_dir in run_dirs), threads)
        GENERATORS[design["method"]](oracle, measured, seed, {**design, **design.get(design["method"], {})})
        seconds = time.perf_counter() - loaded
    if oracle.spent < oracle.budget:
        log.warning(
            "%s stopped with %d of %d oracle calls spent: it reached its step limit while proposing molecules "
            "already scored (repeats are free); the metrics cover the calls made", design["method"], oracle.spent,
            oracle.budget,
        )
    calls = oracle.table()
    write_text(calls.to_csv(index=False), out_dir / "designs.csv")
    summary = {
        "target": {"name": target.name, "value": target.value, "window": target.window, "solvent": target.solvent},
        "method": design["method"],
        "seed": seed,
        "oracle_runs": [str(run_dir) for run_dir in run_dirs],
        "oracle_test_rmse": oracle_test_rmse(run_dirs),
        **design_metrics(
            calls, budget=design["budget"], proposed=oracle.proposed, proposed_valid=oracle.proposed_valid,
            references=measured["solute_smiles"].tolist(), corpus=corpus,
            fcd_reference=sorted(set(measured["solute_smiles"])), fcd_cache=fcd_cache,
        ),
        "seconds": round(time.perf_counter() - started, 2),
        "oracle_calls_per_second": round(len(calls) / seconds, 2) if seconds > 0 else None,
    }
    write_json(summary, out_dir / "summary.json")
    write_text(design_page(calls, summary), out_dir / "design.html")
    log.info(
        "%s %s seed %d: %d calls, %d hits, top-10 AUC %.3f (%.0f s)",
        target.name, design["method"], seed, len(calls), summary["hits"], summary["top10_auc"], summary["seconds"],
    )
    return summary


def oracle_test_rmse(run_dirs: list[Path]) -> list[float]:
    """The oracle's test RMSE on each fold it has runs of: that of the mean prediction of its runs of the
    fold (one per model; a run alone, its own test RMSE). Runs without predictions are left out."""
    folds: dict[int, list[pd.DataFrame]] = {}
    for run_dir in map(Path, run_dirs):
        if (run_dir / "metrics.json").exists() and (run_dir / "predictions.parquet").exists():
            fold = json.loads((run_dir / "metrics.json").read_text())["fold"]
            predictions = pd.read_parquet(run_dir / "predictions.parquet", columns=["pair_id", "role", "y_true", "y_pred"])
            folds.setdefault(fold, []).append(predictions[predictions["role"] == "test"])
    rmse = []
    for fold in sorted(folds):
        mean = pd.concat(folds[fold]).groupby("pair_id")[["y_true", "y_pred"]].mean()
        rmse.append(float(np.sqrt(np.mean((mean["y_pred"] - mean["y_true"]) ** 2))))
    return rmse


def _curve_svg(calls: pd.DataFrame) -> str:
    """Best score and mean of the 10 best against oracle calls."""
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    scores = calls["score"].to_numpy(dtype=float)
    best = np.maximum.accumulate(scores) if len(scores) else scores
    top, top10 = [], []
    for score in scores:
        (heapq.heappush if len(top) < 10 else heapq.heappushpop)(top, score)
        top10.append(sum(top) / 10)  # fewer than 10 so far: the missing ones count as 0
    figure, axis = plt.subplots(figsize=(6, 3.5))
    axis.plot(calls["call"], best, label="best score")
    axis.plot(calls["call"], top10, label="mean of the 10 best")
    axis.set_xlabel("oracle calls")
    axis.set_ylabel("score")
    axis.set_ylim(0, 1.02)
    axis.legend(loc="lower right")
    figure.tight_layout()
    buffer = io.StringIO()
    figure.savefig(buffer, format="svg")
    plt.close(figure)
    return buffer.getvalue()


def _grid_svg(best: pd.DataFrame) -> str:
    from rdkit import Chem
    from rdkit.Chem import Draw

    mols = [Chem.MolFromSmiles(smiles) for smiles in best["canonical"]]
    legends = [
        f"{row.predicted:.1f}" + (f" ± {row.uncertainty:.1f}" if np.isfinite(row.uncertainty) else "") + ("  hit" if row.hit else "")
        for row in best.itertuples()
    ]
    return Draw.MolsToGridImage(mols, molsPerRow=4, subImgSize=(260, 220), legends=legends, useSVG=True)


def design_page(calls: pd.DataFrame, summary: dict) -> str:
    """A self-contained page: the run's metrics, the best designs drawn (hits first) and the curve."""
    valid = calls[calls["valid"]]
    best = valid.sort_values(["hit", "score"], ascending=False).head(TOP_DRAWN)
    target = summary["target"]
    metric_rows = "".join(
        f"<tr><th>{html.escape(key)}</th><td>{html.escape(str(value))}</td></tr>"
        for key, value in summary.items() if not isinstance(value, (dict, list))
    )
    grid = _grid_svg(best) if not best.empty else "<p>No valid designs.</p>"
    return (
        "<!doctype html><html><head><meta charset='utf-8'><title>molpair design: "
        f"{html.escape(target['name'])}</title><style>body{{font-family:sans-serif;margin:2em}}"
        "th{text-align:left;padding-right:1em}</style></head><body>"
        f"<h1>Designs for {html.escape(target['name'])}: {target['value']} ± {target['window']} in "
        f"{html.escape(target['solvent'])}</h1>"
        f"<p>{html.escape(summary['method'])}, seed {summary['seed']}: {summary['oracle_calls']} oracle calls, "
        f"{summary['hits']} in-domain hits.</p>"
        f"<h2>Best designs (prediction ± uncertainty)</h2>{grid}"
        f"<h2>Score against oracle calls</h2>{_curve_svg(calls)}"
        f"<h2>Metrics</h2><table>{metric_rows}</table></body></html>"
    )
