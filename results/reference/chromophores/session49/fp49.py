"""Session 49 probe (issue 12): more of the dye's structure for lightgbm.
Variants add to molpair's features (ct48's file, electronic + charge transfer) for the solute:
  ap   - RDKit atom-pair count fingerprint, 1,024 bits (element pairs at their topological distance: a
         donor and an acceptor at the two ends of a long π-system)
  conj - conjugation lengths: the largest topological distance inside the largest conjugated system, the
         distance between its farthest donor (N/O/S with a lone pair, not in a carbonyl) and acceptor
         (C≡N, NO2, C=O, B) atoms, and the count of each kind in it
  both - ap + conj
  huberN - no new features; LightGBM's Huber objective with delta N nm (robust to wrong labels)
lightgbm as molpair's defaults, same seed as `molpair train`.
usage: python fp49.py DATASET_DIR FOLD REPEAT VARIANT OUT.json"""
import json, sys, time
import numpy as np, pandas as pd
from rdkit import Chem
from rdkit.Chem import rdFingerprintGenerator
from molpair.chem.fingerprints import pair_features
from molpair.train.run import fold_frame

ACCEPTOR = Chem.MolFromSmarts("[$([CX2]#N),$([NX3+](=O)[O-]),$([NX3](=O)=O),$([CX3]=[OX1]),$([BX3])]")
DONOR = Chem.MolFromSmarts("[$([NX3;!$(N=*);!$(N-[C,S]=O);!$([N+])]),$([OX2;!$(O-C=O)]),$([SX2])]")

def conjugation(smiles):
    mol = Chem.MolFromSmiles(smiles)
    out = np.full(5, np.nan, dtype=np.float32)
    if mol is None:
        return out
    joined = Chem.RWMol(mol)
    for bond in mol.GetBonds():
        if not bond.GetIsConjugated():
            joined.RemoveBond(bond.GetBeginAtomIdx(), bond.GetEndAtomIdx())
    groups = [g for g in Chem.GetMolFrags(joined) if len(g) > 1]
    if not groups:
        return np.zeros(5, dtype=np.float32)
    largest = max(groups, key=len)
    distance = Chem.GetDistanceMatrix(joined)
    inside = np.array(sorted(largest))
    d = distance[np.ix_(inside, inside)]
    d[d > 1e6] = 0
    members = set(largest)
    donors = [m[0] for m in mol.GetSubstructMatches(DONOR) if m[0] in members]
    acceptors = [m[0] for m in mol.GetSubstructMatches(ACCEPTOR) if m[0] in members]
    da = max((distance[a, b] for a in donors for b in acceptors if distance[a, b] < 1e6), default=0)
    return np.array([d.max(), da, len(donors), len(acceptors), len(largest)], dtype=np.float32)

def main():
    directory, fold, repeat, variant, out_path = sys.argv[1], int(sys.argv[2]), int(sys.argv[3]), sys.argv[4], sys.argv[5]
    import lightgbm
    started = time.time()
    frame = fold_frame(f"{directory}/pairs.parquet", f"{directory}/splits.parquet", fold).reset_index(drop=True)
    base = pair_features(frame, f"{directory}/fingerprints.npz", True, True)
    dyes = sorted(frame["solute_smiles"].unique())
    blocks = []
    if variant in ("ap", "both"):
        generator = rdFingerprintGenerator.GetAtomPairGenerator(fpSize=1024)
        table = {s: generator.GetCountFingerprintAsNumPy(Chem.MolFromSmiles(s)).astype(np.float32) for s in dyes}
        blocks.append(np.stack([table[s] for s in frame["solute_smiles"]]))
    if variant in ("conj", "both"):
        table = {s: conjugation(s) for s in dyes}
        blocks.append(np.stack([table[s] for s in frame["solute_smiles"]]))
    features = np.concatenate([base, *blocks], axis=1)
    print(f"{time.time() - started:.0f} s: {features.shape[1]} features", flush=True)
    rows = {role: (frame["role"] == role).to_numpy() for role in ("train", "val", "test")}
    target = frame["target"].to_numpy(dtype=float)
    objective = {"objective": "huber", "alpha": float(variant[5:])} if variant.startswith("huber") else {"objective": "regression"}
    parameters = {**objective, "learning_rate": 0.03, "num_leaves": 63, "min_data_in_leaf": 5,
                  "feature_fraction": 0.3, "bagging_fraction": 0.8, "bagging_freq": 1, "num_threads": 1,
                  "seed": 1000 * repeat + fold, "deterministic": True, "verbose": -1}
    training = lightgbm.Dataset(features[rows["train"]], target[rows["train"]])
    validation = lightgbm.Dataset(features[rows["val"]], target[rows["val"]], reference=training)
    booster = lightgbm.train(parameters, training, num_boost_round=20000, valid_sets=[validation],
                             callbacks=[lightgbm.early_stopping(300, verbose=False)])
    predicted = booster.predict(features, num_iteration=booster.best_iteration)
    error = predicted - target
    seen = frame["solute_smiles"].isin(set(frame.loc[rows["train"], "solute_smiles"])).to_numpy()
    rmse = lambda mask: float(np.sqrt(np.mean(error[mask] ** 2)))
    result = {"fold": fold, "repeat": repeat, "variant": variant, "val_rmse": rmse(rows["val"]),
              "test_rmse": rmse(rows["test"]), "test_seen_rmse": rmse(rows["test"] & seen),
              "test_unseen_rmse": rmse(rows["test"] & ~seen), "trees": int(booster.best_iteration),
              "seconds": round(time.time() - started, 1)}
    pd.DataFrame({"pair_id": frame["pair_id"], "role": frame["role"], "y_true": target, "y_pred": predicted}).to_parquet(
        out_path.replace(".json", ".parquet"))
    with open(out_path, "w") as handle:
        json.dump(result, handle, indent=1)
    print(json.dumps(result), flush=True)

if __name__ == "__main__":
    main()
