"""Session 49 probe (issue 12): measured-neighbour features for lightgbm.

A pair's features grow by what the training half measured for the same dye in other solvents (count, mean,
spread, the mean Δf of those solvents, the value in the solvent closest in Δf) and for the most similar other
dyes (Tanimoto on Morgan bits: the nearest dye's mean, a similarity-weighted mean of the five nearest, the most
similar dye measured in this very solvent). Training rows get them out of fold: the training half is cut in five
seeded groups and a row sees only the other four, so no row ever sees its own target; validation and test rows
see the whole training half. lightgbm as molpair's defaults, same seed as `molpair train`.

usage: python neigh49.py DATASET_DIR FOLD REPEAT VARIANT OUT.json
VARIANT: base | dye | nn | all
"""

import json
import sys
import time

import numpy as np
import pandas as pd

from molpair.chem.fingerprints import pair_features
from molpair.chem.solvents import SOLVENT_FEATURES, solvent_polarity
from molpair.train.run import fold_frame

DYE = ["dye_n", "dye_mean", "dye_std", "dye_mean_df", "df_minus_dye_df", "dye_closest_df_target", "dye_closest_df_gap"]
NN = ["nn1_sim", "nn1_mean", "knn5_mean", "knn5_sim", "nn_solvent_sim", "nn_solvent_target"]
GROUPS = 5
K = 5


def similarity_matrix(dyes):
    from rdkit import Chem, DataStructs
    from rdkit.Chem import rdFingerprintGenerator

    generator = rdFingerprintGenerator.GetMorganGenerator(radius=2, fpSize=2048)
    fps = [generator.GetFingerprint(Chem.MolFromSmiles(s)) for s in dyes]
    matrix = np.zeros((len(dyes), len(dyes)), dtype=np.float32)
    for i, fp in enumerate(fps):
        matrix[i] = DataStructs.BulkTanimotoSimilarity(fp, fps)
    return matrix


def neighbour_features(query, reference, sim):
    """Features of `query` rows (dye, solvent, df) from `reference` rows (dye, solvent, df, target)."""
    n_dyes = sim.shape[0]
    count = np.bincount(reference["dye"], minlength=n_dyes).astype(float)
    total = np.bincount(reference["dye"], weights=reference["target"], minlength=n_dyes)
    square = np.bincount(reference["dye"], weights=reference["target"] ** 2, minlength=n_dyes)
    with np.errstate(invalid="ignore", divide="ignore"):
        mean = total / count
        std = np.sqrt(np.maximum(square / count - mean ** 2, 0))
    by_dye = {d: g for d, g in reference.groupby("dye")[["df", "target"]]}
    out = np.full((len(query), len(DYE) + len(NN)), np.nan)
    q_dye = query["dye"].to_numpy()
    out[:, 0] = count[q_dye]
    out[:, 1] = mean[q_dye]
    out[:, 2] = std[q_dye]
    for row, (d, df) in enumerate(zip(q_dye, query["df"].to_numpy())):
        g = by_dye.get(d)
        if g is None:
            continue
        dfs = g["df"].to_numpy()
        out[row, 3] = np.nanmean(dfs) if np.isfinite(dfs).any() else np.nan
        out[row, 4] = df - out[row, 3]
        if np.isfinite(df) and np.isfinite(dfs).any():
            gap = np.abs(np.where(np.isfinite(dfs), dfs, np.inf) - df)
            best = int(np.argmin(gap))
            out[row, 5] = g["target"].to_numpy()[best]
            out[row, 6] = gap[best]
    # nearest other dyes, per distinct query dye
    present = count > 0
    dyes = np.unique(q_dye)
    nn = np.full((n_dyes, 4), np.nan)
    for start in range(0, len(dyes), 512):
        chunk = dyes[start:start + 512]
        s = sim[chunk].copy()
        s[:, ~present] = -1
        s[np.arange(len(chunk)), chunk] = -1
        top = np.argpartition(-s, K, axis=1)[:, :K]
        top_sim = np.take_along_axis(s, top, axis=1)
        order = np.argsort(-top_sim, axis=1)
        top, top_sim = np.take_along_axis(top, order, axis=1), np.take_along_axis(top_sim, order, axis=1)
        weights = np.maximum(top_sim, 1e-6)
        nn[chunk, 0] = top_sim[:, 0]
        nn[chunk, 1] = mean[top[:, 0]]
        nn[chunk, 2] = (weights * mean[top]).sum(1) / weights.sum(1)
        nn[chunk, 3] = top_sim.mean(1)
    out[:, len(DYE):len(DYE) + 4] = nn[q_dye]
    # most similar other dye measured in the same solvent
    ref_by_solvent = {s: g for s, g in reference.groupby("solvent")[["dye", "target"]]}
    for solvent, rows in query.groupby("solvent").indices.items():
        g = ref_by_solvent.get(solvent)
        if g is None:
            continue
        r_dye, r_target = g["dye"].to_numpy(), g["target"].to_numpy()
        s = sim[np.ix_(q_dye[rows], r_dye)].copy()
        s[q_dye[rows][:, None] == r_dye[None, :]] = -1
        best = np.argmax(s, axis=1)
        best_sim = s[np.arange(len(rows)), best]
        valid = best_sim >= 0
        out[rows[valid], len(DYE) + 4] = best_sim[valid]
        out[rows[valid], len(DYE) + 5] = r_target[best[valid]]
    return out


def main():
    directory, fold, repeat, variant, out_path = sys.argv[1], int(sys.argv[2]), int(sys.argv[3]), sys.argv[4], sys.argv[5]
    import lightgbm

    started = time.time()
    frame = fold_frame(f"{directory}/pairs.parquet", f"{directory}/splits.parquet", fold).reset_index(drop=True)
    base = pair_features(frame, f"{directory}/fingerprints.npz", True, True)
    dyes = sorted(frame["solute_smiles"].unique())
    index = {s: i for i, s in enumerate(dyes)}
    solvents = {s: i for i, s in enumerate(sorted(frame["solvent_smiles"].unique()))}
    delta_f = {s: solvent_polarity(s)[SOLVENT_FEATURES.index("delta_f")] for s in solvents}
    table = pd.DataFrame({
        "dye": frame["solute_smiles"].map(index), "solvent": frame["solvent_smiles"].map(solvents),
        "df": frame["solvent_smiles"].map(delta_f).astype(float), "target": frame["target"].astype(float),
        "role": frame["role"],
    })
    sim = similarity_matrix(dyes)
    print(f"{time.time() - started:.0f} s: features and similarity of {len(dyes)} dyes", flush=True)
    extra = np.full((len(frame), len(DYE) + len(NN)), np.nan)
    train = np.flatnonzero(table["role"] == "train")
    group = np.random.default_rng(1000 * repeat + fold).integers(0, GROUPS, len(train))
    for g in range(GROUPS):
        extra[train[group == g]] = neighbour_features(table.iloc[train[group == g]], table.iloc[train[group != g]], sim)
    others = np.flatnonzero(table["role"] != "train")
    extra[others] = neighbour_features(table.iloc[others], table.iloc[train], sim)
    print(f"{time.time() - started:.0f} s: neighbour features", flush=True)
    columns = {"base": [], "dye": list(range(len(DYE))), "nn": list(range(len(DYE), len(DYE) + len(NN))),
               "all": list(range(len(DYE) + len(NN)))}[variant]
    features = np.concatenate([base, extra[:, columns].astype(np.float32)], axis=1)
    rows = {role: (table["role"] == role).to_numpy() for role in ("train", "val", "test")}
    target = table["target"].to_numpy()
    parameters = {"objective": "regression", "learning_rate": 0.03, "num_leaves": 63, "min_data_in_leaf": 5,
                  "feature_fraction": 0.3, "bagging_fraction": 0.8, "bagging_freq": 1, "num_threads": 1,
                  "seed": 1000 * repeat + fold, "deterministic": True, "verbose": -1}
    training = lightgbm.Dataset(features[rows["train"]], target[rows["train"]])
    validation = lightgbm.Dataset(features[rows["val"]], target[rows["val"]], reference=training)
    booster = lightgbm.train(parameters, training, num_boost_round=20000, valid_sets=[validation],
                             callbacks=[lightgbm.early_stopping(300, verbose=False)])
    predicted = booster.predict(features, num_iteration=booster.best_iteration)
    error = predicted - target
    seen_dyes = set(table.loc[rows["train"], "dye"])
    seen = table["dye"].isin(seen_dyes).to_numpy()
    rmse = lambda mask: float(np.sqrt(np.mean(error[mask] ** 2)))
    result = {"fold": fold, "repeat": repeat, "variant": variant, "val_rmse": rmse(rows["val"]),
              "test_rmse": rmse(rows["test"]), "test_seen_rmse": rmse(rows["test"] & seen),
              "test_unseen_rmse": rmse(rows["test"] & ~seen), "n_test_unseen": int((rows["test"] & ~seen).sum()),
              "trees": int(booster.best_iteration), "seconds": round(time.time() - started, 1)}
    if columns:
        gain = booster.feature_importance("gain")
        ranks = np.argsort(-gain).argsort()
        names = (DYE + NN)
        result["rank_by_gain"] = {names[c]: int(ranks[base.shape[1] + i]) + 1 for i, c in enumerate(columns)}
    pd.DataFrame({"pair_id": frame["pair_id"], "role": table["role"], "y_true": target, "y_pred": predicted}).to_parquet(
        out_path.replace(".json", ".parquet"))
    with open(out_path, "w") as handle:
        json.dump(result, handle, indent=1)
    print(json.dumps(result), flush=True)


if __name__ == "__main__":
    main()
