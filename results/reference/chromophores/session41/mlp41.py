"""Session 41 probe: a multilayer perceptron on the fingerprint model's features, alone and averaged with
lightgbm, on one fold (choices on validation). Features as lightgbm's (the dataset's fingerprints.npz):
counts as log(1 + n), descriptors standardized on the training rows (NaN → 0, clipped at ±10).
Usage: python mlp41.py RUN_DIR DATASET FOLD LIGHTGBM_PREDICTIONS [SEED]"""
import sys, time
import numpy as np, pandas as pd, torch

run_dir, dataset, fold, gbm_path = sys.argv[1], sys.argv[2], int(sys.argv[3]), sys.argv[4]
seed = int(sys.argv[5]) if len(sys.argv) > 5 else 0
torch.manual_seed(seed); np.random.seed(seed); torch.set_num_threads(1)
pairs = pd.read_parquet(f"{run_dir}/{dataset}/pairs.parquet")
splits = pd.read_parquet(f"{run_dir}/{dataset}/splits.parquet")
frame = splits[splits.fold == fold].merge(pairs, on="pair_id").reset_index(drop=True)
content = np.load(f"{run_dir}/{dataset}/fingerprints.npz")
known = {s: dict(zip(content[f"{s}_smiles"].tolist(), content[f"{s}_features"])) for s in ("solute", "solvent")}
X = np.concatenate([np.stack([known["solute"][s] for s in frame.solute_smiles]),
                    np.stack([known["solvent"][s] for s in frame.solvent_smiles])], axis=1).astype(np.float64)
rows = {r: (frame.role == r).to_numpy() for r in ("train", "val", "test")}
y = frame.target.to_numpy(float)
counts = np.zeros(X.shape[1], bool); counts[:2048] = True; counts[content["solute_features"].shape[1]:content["solute_features"].shape[1] + 256] = True
X[:, counts] = np.log1p(X[:, counts])
mean = np.nanmean(X[rows["train"]], axis=0); std = np.nanstd(X[rows["train"]], axis=0)
std[~(std > 0)] = 1
X = np.clip(np.nan_to_num((X - mean) / std), -10, 10)
keep = X[rows["train"]].std(axis=0) > 0
X = torch.tensor(X[:, keep], dtype=torch.float32)
y_mean, y_std = y[rows["train"]].mean(), y[rows["train"]].std()
Y = torch.tensor((y - y_mean) / y_std, dtype=torch.float32)
net = torch.nn.Sequential(torch.nn.Dropout(0.2), torch.nn.Linear(X.shape[1], 1024), torch.nn.ReLU(), torch.nn.Dropout(0.3),
                          torch.nn.Linear(1024, 256), torch.nn.ReLU(), torch.nn.Dropout(0.1), torch.nn.Linear(256, 1))
optimizer = torch.optim.AdamW(net.parameters(), lr=1e-3, weight_decay=1e-2)
epochs = 150
schedule = torch.optim.lr_scheduler.OneCycleLR(optimizer, 1e-3, total_steps=epochs * int(np.ceil(rows["train"].sum() / 128)))
train_idx = np.flatnonzero(rows["train"])
best, best_state, t = np.inf, None, time.perf_counter()
r = lambda p, m: float(np.sqrt(np.mean((p[m] - y[m]) ** 2)))
def predict():
    net.eval()
    with torch.no_grad():
        return net(X).squeeze(1).numpy() * y_std + y_mean
for epoch in range(epochs):
    net.train()
    for batch in np.array_split(np.random.permutation(train_idx), int(np.ceil(len(train_idx) / 128))):
        optimizer.zero_grad()
        loss = torch.nn.functional.mse_loss(net(X[batch]).squeeze(1), Y[batch])
        loss.backward(); optimizer.step(); schedule.step()
    p = predict(); v = r(p, rows["val"])
    if v < best:
        best, best_state, best_epoch = v, {k: w.clone() for k, w in net.state_dict().items()}, epoch
    if epoch % 25 == 0:
        print(f"  epoch {epoch} val {v:.2f} ({time.perf_counter() - t:.0f} s)", flush=True)
net.load_state_dict(best_state)
p = predict()
np.save(f"mlp-{dataset}-fold{fold}-seed{seed}.npy", p)
g = pd.read_parquet(gbm_path).set_index("pair_id").loc[frame.pair_id, "y_pred"].to_numpy()
a = (p + g) / 2
print(f"{dataset} fold {fold} seed {seed}: mlp val {r(p, rows['val']):.3f} test {r(p, rows['test']):.3f} (best epoch {best_epoch}); "
      f"lightgbm val {r(g, rows['val']):.3f} test {r(g, rows['test']):.3f}; average val {r(a, rows['val']):.3f} "
      f"test {r(a, rows['test']):.3f} ({time.perf_counter() - t:.0f} s)", flush=True)
