"""Probe: kernel ridge regression with a Tanimoto kernel on the dye and the solvent, as lightgbm's partner.

    python krr55.py RUN_DIR DATASET FOLD OUT.json [LIGHTGBM_RUN ...]

RUN_DIR/DATASET holds pairs.parquet and splits.parquet (a workflow results directory). The pair kernel is
k((d, s), (d', s')) = T(d, d') · (a + (1 − a) · T(s, s')), T the Tanimoto similarity of Morgan bits (radius 2;
2,048 bits for dyes, 1,024 for solvents): with a near 1 the same dye in another solvent counts almost as a
replicate, with a = 0 only the same dye in a similar solvent does. The target is standardized on the training
half; one eigendecomposition per a gives every ridge λ (a from 0.5, 0.8, 0.95, or the environment's
KRR_MIXES). a and λ are chosen on the validation half, and so is
the weight w of the average w · KRR + (1 − w) · lightgbm (lightgbm: the mean of the given runs' predictions,
e.g. RUN_DIR/DATASET/runs/lightgbm/fold0-rep{0,1,2}). Test RMSE is reported, never used for a choice. The chosen
model's validation and test predictions go to OUT with the suffix .parquet (pair_id, role, y_true, y_pred).
"""

from __future__ import annotations

import json
import os
import sys
import time
from pathlib import Path

import numpy as np
import pandas as pd
import scipy.linalg
from rdkit import Chem, RDLogger
from rdkit.Chem import rdFingerprintGenerator

from molpair.train.run import fold_frame

RDLogger.DisableLog("rdApp.*")
MIXES = tuple(float(value) for value in os.environ.get("KRR_MIXES", "0.5 0.8 0.95").split())
RIDGES = (0.001, 0.003, 0.01, 0.03, 0.1, 0.3, 1.0)  # chr_abs fold 0 (krr55-chr_abs0.json) ran from 0.003
WEIGHTS = np.round(np.arange(0.0, 1.0001, 0.05), 2)


def bits(smiles: list[str], size: int) -> np.ndarray:
    generator = rdFingerprintGenerator.GetMorganGenerator(radius=2, fpSize=size)
    return np.stack([generator.GetFingerprintAsNumPy(Chem.MolFromSmiles(text)) for text in smiles]).astype(np.float64)


def tanimoto(matrix: np.ndarray) -> np.ndarray:
    common = matrix @ matrix.T
    counts = matrix.sum(axis=1)
    union = counts[:, None] + counts[None, :] - common
    return np.divide(common, union, out=np.ones_like(common), where=union > 0)


def rmse(a: np.ndarray, b: np.ndarray) -> float:
    return float(np.sqrt(np.mean((a - b) ** 2)))


def main(run_dir: str, dataset: str, fold: str, out: str, *lightgbm_runs: str) -> None:
    started = time.perf_counter()
    root = Path(run_dir) / dataset
    frame = fold_frame(root / "pairs.parquet", root / "splits.parquet", int(fold)).reset_index(drop=True)
    dyes, dye_index = np.unique(frame["solute_smiles"], return_inverse=True)
    solvents, solvent_index = np.unique(frame["solvent_smiles"], return_inverse=True)
    dye_kernel, solvent_kernel = tanimoto(bits(list(dyes), 2048)), tanimoto(bits(list(solvents), 1024))
    role = frame["role"].to_numpy()
    train, val, test = (np.flatnonzero(role == name) for name in ("train", "val", "test"))
    y = frame["target"].to_numpy(dtype=float)
    mean, scale = y[train].mean(), y[train].std()
    z = (y[train] - mean) / scale

    def pair_kernel(rows: np.ndarray, columns: np.ndarray, mix: float) -> np.ndarray:
        return dye_kernel[np.ix_(dye_index[rows], dye_index[columns])] * (
            mix + (1 - mix) * solvent_kernel[np.ix_(solvent_index[rows], solvent_index[columns])])

    grid, best = [], None
    for mix in MIXES:
        values, vectors = scipy.linalg.eigh(pair_kernel(train, train, mix), driver="evd", overwrite_a=True)
        projected = vectors.T @ z
        cross = pair_kernel(np.concatenate([val, test]), train, mix) @ vectors
        for ridge in RIDGES:
            predicted = mean + scale * (cross @ (projected / (values + ridge)))
            entry = {"mix": mix, "ridge": ridge, "val_rmse": rmse(predicted[: len(val)], y[val]),
                     "test_rmse": rmse(predicted[len(val):], y[test])}
            grid.append(entry)
            print(json.dumps(entry), flush=True)
            if best is None or entry["val_rmse"] < best[0]["val_rmse"]:
                best = (entry, predicted)
        del vectors, cross
    result = {"dataset": dataset, "fold": int(fold), "n_train": len(train), "grid": grid, "krr": best[0]}
    rows = np.concatenate([val, test])
    pd.DataFrame({"pair_id": frame["pair_id"].to_numpy()[rows], "role": role[rows], "y_true": y[rows],
                  "y_pred": best[1]}).to_parquet(Path(out).with_suffix(".parquet"), index=False)
    if lightgbm_runs:
        tables = [pd.read_parquet(Path(run) / "predictions.parquet").set_index("pair_id") for run in lightgbm_runs]
        ids = frame["pair_id"].to_numpy()[np.concatenate([val, test])]
        trees = np.mean([table.loc[ids, "y_pred"].to_numpy() for table in tables], axis=0)
        target = y[np.concatenate([val, test])]
        split = len(val)
        blends = [{"weight": float(w),
                   "val_rmse": rmse((w * best[1] + (1 - w) * trees)[:split], target[:split]),
                   "test_rmse": rmse((w * best[1] + (1 - w) * trees)[split:], target[split:])} for w in WEIGHTS]
        chosen = min(blends, key=lambda entry: entry["val_rmse"])
        blend = chosen["weight"] * best[1] + (1 - chosen["weight"]) * trees
        seen = set(frame.loc[train, "solute_smiles"])
        unseen = np.array([smiles not in seen for smiles in frame["solute_smiles"].to_numpy()[test]])
        result.update({
            "lightgbm_runs": list(lightgbm_runs), "blends": blends, "chosen": chosen,
            "lightgbm": {"val_rmse": rmse(trees[:split], target[:split]), "test_rmse": rmse(trees[split:], target[split:])},
            "unseen_test_share": float(unseen.mean()),
            "test_rmse_unseen_dyes": {"lightgbm": rmse(trees[split:][unseen], target[split:][unseen]),
                                      "krr": rmse(best[1][split:][unseen], target[split:][unseen]),
                                      "blend": rmse(blend[split:][unseen], target[split:][unseen])},
            "test_rmse_seen_dyes": {"lightgbm": rmse(trees[split:][~unseen], target[split:][~unseen]),
                                    "krr": rmse(best[1][split:][~unseen], target[split:][~unseen]),
                                    "blend": rmse(blend[split:][~unseen], target[split:][~unseen])},
        })
    result["seconds"] = round(time.perf_counter() - started, 1)
    Path(out).write_text(json.dumps(result, indent=1) + "\n")
    print(json.dumps({key: result[key] for key in result if key not in ("grid", "blends")}, indent=1))


if __name__ == "__main__":
    main(*sys.argv[1:])
