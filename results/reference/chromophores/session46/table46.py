"""Session 46: one row per run of test / validation / training RMSE, epochs run (best) and seconds per epoch, from
each run's metrics.json (CGIB's compression probes on chr_emi fold 0).

    python table46.py NAME=RUN_DIR ...
"""

import json
import sys
from pathlib import Path

print("| run | test RMSE | validation | training | epochs run (best) | s per epoch |")
print("| --- | --- | --- | --- | --- | --- |")
for item in sys.argv[1:]:
    name, run = item.split("=", 1)
    m = json.loads(Path(run, "metrics.json").read_text())
    print(f"| {name} | {m['test_rmse']:.2f} | {m['val_rmse']:.2f} | {m['train_rmse']:.2f} | "
          f"{m['epochs_run']} ({m['best_epoch']}) | {m['seconds_per_epoch']:.1f} |")
