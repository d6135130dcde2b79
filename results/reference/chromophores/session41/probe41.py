"""Session 41 probe: which extra solute features help lightgbm on a chromophore set, chosen on fold 0's
validation RMSE. Reads session 40's fingerprint file (the model's features), adds blocks, trains LightGBM with
the model's default settings. Usage: python probe41.py RUN_DIR DATASET FOLD VARIANT [VARIANT ...]"""
import sys, time
import numpy as np, pandas as pd, lightgbm
from rdkit import Chem
from rdkit.Chem import rdFingerprintGenerator, MACCSkeys, rdMolDescriptors

run_dir, dataset, fold, variants = sys.argv[1], sys.argv[2], int(sys.argv[3]), sys.argv[4:]
pairs = pd.read_parquet(f"{run_dir}/{dataset}/pairs.parquet")
splits = pd.read_parquet(f"{run_dir}/{dataset}/splits.parquet")
frame = splits[splits.fold == fold].merge(pairs, on="pair_id").reset_index(drop=True)
content = np.load(f"{run_dir}/{dataset}/fingerprints.npz")
known = {s: dict(zip(content[f"{s}_smiles"].tolist(), content[f"{s}_features"])) for s in ("solute", "solvent")}
base_solute = np.stack([known["solute"][s] for s in frame.solute_smiles])
base_solvent = np.stack([known["solvent"][s] for s in frame.solvent_smiles])

def conjugation(mol):
    """Sizes of the largest conjugated system and ring system, counts of conjugated bonds and aromatic rings."""
    n = mol.GetNumAtoms()
    parent = list(range(n))
    def find(i):
        while parent[i] != i:
            parent[i] = parent[parent[i]]; i = parent[i]
        return i
    conj = 0
    for b in mol.GetBonds():
        if b.GetIsConjugated():
            conj += 1
            parent[find(b.GetBeginAtomIdx())] = find(b.GetEndAtomIdx())
    in_conj = [a.GetIdx() for a in mol.GetAtoms() if any(b.GetIsConjugated() for b in a.GetBonds())]
    sizes = pd.Series([find(i) for i in in_conj]).value_counts() if in_conj else pd.Series([0])
    ri = mol.GetRingInfo()
    rings = [set(r) for r in ri.AtomRings()]
    # fused ring systems
    systems = []
    for r in rings:
        merged = [s for s in systems if s & r]
        for s in merged: systems.remove(s); r = r | s
        systems.append(r)
    largest_system = max((len(s) for s in systems), default=0)
    heavy = mol.GetNumHeavyAtoms()
    return [sizes.iloc[0], sizes.iloc[0] / max(heavy, 1), len(sizes), conj, rdMolDescriptors.CalcNumAromaticRings(mol),
            largest_system, len(systems), sum(a.GetHybridization() == Chem.HybridizationType.SP2 for a in mol.GetAtoms()) / max(heavy, 1)]

def block(name, smiles):
    mol = Chem.MolFromSmiles(smiles)
    if name == "conj": return np.array(conjugation(mol), dtype=np.float32)
    if name == "ap": return rdFingerprintGenerator.GetAtomPairGenerator(fpSize=1024).GetCountFingerprintAsNumPy(mol).astype(np.float32)
    if name == "r3": return rdFingerprintGenerator.GetMorganGenerator(radius=3, fpSize=2048).GetCountFingerprintAsNumPy(mol).astype(np.float32)
    if name == "maccs": return np.array(list(MACCSkeys.GenMACCSKeys(mol)), dtype=np.float32)
    if name == "tt": return rdFingerprintGenerator.GetTopologicalTorsionGenerator(fpSize=1024).GetCountFingerprintAsNumPy(mol).astype(np.float32)
    raise ValueError(name)

unique = sorted(frame.solute_smiles.unique())
rows = {r: (frame.role == r).to_numpy() for r in ("train", "val", "test")}
for variant in variants:
    parts = variant.split("+")
    t = time.perf_counter()
    columns = [base_solute, base_solvent]
    for name in parts:
        if name in ("base", "wavenumber"): continue
        table = {s: block(name, s) for s in unique}
        columns.append(np.stack([table[s] for s in frame.solute_smiles]))
    X = np.concatenate(columns, axis=1)
    y = frame.target.to_numpy(float)
    y_fit = 1e7 / y if "wavenumber" in parts else y
    featurize = time.perf_counter() - t
    params = {"objective": "regression", "learning_rate": 0.03, "num_leaves": 63, "min_data_in_leaf": 5,
              "feature_fraction": 0.3, "bagging_fraction": 0.8, "bagging_freq": 1, "num_threads": 1,
              "seed": 0, "deterministic": True, "verbose": -1}
    tr = lightgbm.Dataset(X[rows["train"]], y_fit[rows["train"]])
    va = lightgbm.Dataset(X[rows["val"]], y_fit[rows["val"]], reference=tr)
    booster = lightgbm.train(params, tr, num_boost_round=20000, valid_sets=[va],
                             callbacks=[lightgbm.early_stopping(300, verbose=False)])
    p = booster.predict(X, num_iteration=booster.best_iteration)
    if "wavenumber" in parts: p = 1e7 / p
    rmse = {r: float(np.sqrt(np.mean((p[m] - y[m]) ** 2))) for r, m in rows.items()}
    np.save(f"pred-{dataset}-fold{fold}-{variant}.npy", p)
    print(f"{dataset} fold {fold} {variant:22s} features {X.shape[1]:5d} val {rmse['val']:.3f} test {rmse['test']:.3f} "
          f"trees {booster.best_iteration} featurize {featurize:.0f} s total {time.perf_counter() - t:.0f} s", flush=True)
