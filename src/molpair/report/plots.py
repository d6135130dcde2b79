"""Parity plots of test predictions (all folds and repeats of one dataset × model)."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import matplotlib

matplotlib.use("Agg")
import matplotlib.pyplot as plt  # noqa: E402
import numpy as np  # noqa: E402
import pandas as pd  # noqa: E402

from molpair.io import atomic_path  # noqa: E402
from molpair.layout import Layout  # noqa: E402
from molpair.report.rmse import UNITS, folds  # noqa: E402


def test_predictions(config: dict[str, Any], dataset: str, model: str) -> pd.DataFrame:
    """Test-set predictions of every finished fold and repeat."""
    layout = Layout(config["results_dir"])
    frames = []
    for fold in folds(config):
        for rep in range(config["train"]["repeats"]):
            path = layout.run(dataset, model, fold, rep) / "predictions.parquet"
            if path.exists():
                frame = pd.read_parquet(path)
                frames.append(frame[frame.role == "test"].assign(fold=fold, repeat=rep))
    return pd.concat(frames, ignore_index=True) if frames else pd.DataFrame(columns=["y_true", "y_pred", "fold"])


def parity_plot(config: dict[str, Any], dataset: str, model: str, out_path: str | Path) -> None:
    """Predicted against measured test values, one colour per fold, with the y = x line."""
    data = test_predictions(config, dataset, model)
    unit = UNITS.get(dataset, "")
    fig, ax = plt.subplots(figsize=(4.5, 4.5), dpi=120)
    for fold, group in data.groupby("fold"):
        ax.scatter(group.y_true, group.y_pred, s=8, alpha=0.6, label=f"fold {fold}")
    if len(data):
        low, high = float(np.nanmin(data[["y_true", "y_pred"]].values)), float(np.nanmax(data[["y_true", "y_pred"]].values))
        ax.plot([low, high], [low, high], color="black", linewidth=0.8)
        rmse = float(np.sqrt(np.mean((data.y_true - data.y_pred) ** 2)))
        ax.set_title(f"{dataset} · {model}: test RMSE {rmse:.3f} {unit} (pooled)", fontsize=9)
        ax.legend(fontsize=7, loc="upper left")
    ax.set_xlabel(f"measured ({unit})")
    ax.set_ylabel(f"predicted ({unit})")
    fig.tight_layout()
    with atomic_path(out_path) as tmp:
        fig.savefig(tmp, format="png")
    plt.close(fig)
