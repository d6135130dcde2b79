"""Session 41 probe: neighbour-label features for lightgbm, chosen on fold 0's validation RMSE.
For each pair: the mean label of the same solute in other training pairs (itself excluded; NaN when none)
and how many, and the labels (dye means) and Tanimoto similarities of the K most similar *other*
training solutes. Training rows see only other rows' labels, so no row sees its own.
Usage: python knn41.py RUN_DIR DATASET FOLD VARIANT [VARIANT ...]   (VARIANT: base, knn, r3+knn, knnonly)"""
import sys, time
import numpy as np, pandas as pd, lightgbm
from rdkit import Chem, DataStructs
from rdkit.Chem import rdFingerprintGenerator

run_dir, dataset, fold, variants = sys.argv[1], sys.argv[2], int(sys.argv[3]), sys.argv[4:]
K = 5
pairs = pd.read_parquet(f"{run_dir}/{dataset}/pairs.parquet")
splits = pd.read_parquet(f"{run_dir}/{dataset}/splits.parquet")
frame = splits[splits.fold == fold].merge(pairs, on="pair_id").reset_index(drop=True)
content = np.load(f"{run_dir}/{dataset}/fingerprints.npz")
known = {s: dict(zip(content[f"{s}_smiles"].tolist(), content[f"{s}_features"])) for s in ("solute", "solvent")}
base = np.concatenate([np.stack([known["solute"][s] for s in frame.solute_smiles]),
                       np.stack([known["solvent"][s] for s in frame.solvent_smiles])], axis=1)
rows = {r: (frame.role == r).to_numpy() for r in ("train", "val", "test")}
y = frame.target.to_numpy(float)

t = time.perf_counter()
train = frame[rows["train"]]
dye_sum = train.groupby("solute_smiles").target.sum(); dye_n = train.groupby("solute_smiles").target.count()
dye_mean = dye_sum / dye_n
n_same = frame.solute_smiles.map(dye_n).fillna(0).to_numpy()
s_same = frame.solute_smiles.map(dye_sum).fillna(0).to_numpy()
own = rows["train"]
n_other = n_same - own
same_mean = np.where(n_other > 0, (s_same - np.where(own, y, 0)) / np.maximum(n_other, 1), np.nan)

generator = rdFingerprintGenerator.GetMorganGenerator(radius=2, fpSize=2048)
train_dyes = dye_mean.index.tolist()
train_fps = [generator.GetFingerprint(Chem.MolFromSmiles(s)) for s in train_dyes]
train_labels = dye_mean.to_numpy()
neighbours = {}
for s in frame.solute_smiles.unique():
    sims = np.array(DataStructs.BulkTanimotoSimilarity(generator.GetFingerprint(Chem.MolFromSmiles(s)), train_fps))
    sims[[i for i, d in enumerate(train_dyes) if d == s]] = -1  # the same solute is the same_mean feature
    top = np.argsort(-sims)[:K]
    neighbours[s] = np.concatenate([sims[top], train_labels[top],
                                    [np.average(train_labels[top], weights=np.maximum(sims[top], 1e-6))]])
knn = np.stack([neighbours[s] for s in frame.solute_smiles])
extra = np.column_stack([same_mean, n_other, knn]).astype(np.float32)
print(f"{dataset} fold {fold}: neighbour features in {time.perf_counter() - t:.0f} s", flush=True)
r = lambda p, m: float(np.sqrt(np.mean((p[m] - y[m]) ** 2)))
wk = knn[:, -1]
print(f"  weighted-kNN alone: val {r(wk, rows['val']):.2f} test {r(wk, rows['test']):.2f}", flush=True)

for variant in variants:
    t = time.perf_counter()
    parts = variant.split("+")
    columns = [] if "knnonly" in parts else [base]
    if "r3" in parts:
        g3 = rdFingerprintGenerator.GetMorganGenerator(radius=3, fpSize=2048)
        table = {s: g3.GetCountFingerprintAsNumPy(Chem.MolFromSmiles(s)).astype(np.float32) for s in frame.solute_smiles.unique()}
        columns.append(np.stack([table[s] for s in frame.solute_smiles]))
    if "knn" in parts or "knnonly" in parts:
        columns.append(extra)
    X = np.concatenate(columns, axis=1)
    params = {"objective": "regression", "learning_rate": 0.03, "num_leaves": 63, "min_data_in_leaf": 5,
              "feature_fraction": 0.3, "bagging_fraction": 0.8, "bagging_freq": 1, "num_threads": 1,
              "seed": 0, "deterministic": True, "verbose": -1}
    tr = lightgbm.Dataset(X[rows["train"]], y[rows["train"]])
    va = lightgbm.Dataset(X[rows["val"]], y[rows["val"]], reference=tr)
    booster = lightgbm.train(params, tr, num_boost_round=20000, valid_sets=[va],
                             callbacks=[lightgbm.early_stopping(300, verbose=False)])
    p = booster.predict(X, num_iteration=booster.best_iteration)
    np.save(f"knn-{dataset}-fold{fold}-{variant}.npy", p)
    seen = frame.solute_smiles.isin(set(train.solute_smiles)).to_numpy()
    print(f"{dataset} fold {fold} {variant:12s} features {X.shape[1]:5d} val {r(p, rows['val']):.3f} test {r(p, rows['test']):.3f} "
          f"(test seen {r(p, rows['test'] & seen):.2f}, unseen {r(p, rows['test'] & ~seen):.2f}) trees {booster.best_iteration} "
          f"{time.perf_counter() - t:.0f} s", flush=True)
