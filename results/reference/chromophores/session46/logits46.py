"""Session 46: has a CGIB run's importance network collapsed? For 256 pairs of the dataset (a fixed sample), the
quantiles of the solute atoms' importance logits (p_i = sigmoid(logit)), the mean |state| of the solute states the
bottleneck perturbs, and the running noise variance, from the run's last checkpoint (the state training ended in).

    python logits46.py RUN_DIR DATASET_DIR   (run with the code the run was trained with on PYTHONPATH)
"""
import sys

import pandas as pd
import torch

from molpair.data.graphs import PairGraphDataset, pair_loader
from molpair.models import build_model

torch.set_num_threads(1)
run, data = sys.argv[1], sys.argv[2]
checkpoint = torch.load(f"{run}/last.ckpt", weights_only=False, map_location="cpu")
settings = checkpoint["hyper_parameters"]
net = build_model(settings["model_name"], settings["model_config"]).eval()
net.load_state_dict({key.split(".", 1)[1]: value for key, value in checkpoint["state_dict"].items()
                     if key.startswith("model.")})
pairs = pd.read_parquet(f"{data}/pairs.parquet").sample(256, random_state=0).reset_index(drop=True)
logits, sizes = [], []
for batch in pair_loader(PairGraphDataset(pairs), 128):
    with torch.no_grad():
        states = net.encoder.conditioned(batch).solute
        if getattr(net, "normalize", None) is not None:
            states = net.normalize(states)
        logits.append(net.importance(states).squeeze(-1))
        sizes.append(states.abs().mean())
logit = torch.cat(logits)
quantiles = torch.quantile(logit, torch.tensor([0.05, 0.5, 0.95])).tolist()
print(f"epoch {checkpoint['epoch'] + 1}: importance logit 5/50/95 %: {[round(q, 1) for q in quantiles]}, max "
      f"{logit.max():.1f}; mean |solute state| {torch.stack(sizes).mean():.2f}; running noise variance, mean over "
      f"features {net.running_noise_var.mean():.3g}")
