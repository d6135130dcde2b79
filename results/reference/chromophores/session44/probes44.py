"""Session 44: the chr_emi (and chr_abs) probes beside the baseline run of the same fold and seed.

usage, in ~/molpair-runs/s44: python probes44.py > probes44.txt
Reads aux44-emi{F}.json and energy44-{dataset}{F}.json here and session 42's lightgbm repeat-0 metrics
(../s42/elec42/{dataset}/runs/lightgbm/fold{F}-rep0/metrics.json)."""

import json
from pathlib import Path

baseline = "../s42/elec42/{}/runs/lightgbm/fold{}-rep0/metrics.json"
rows = []
for path in sorted(Path(".").glob("aux44-emi*.json")) + sorted(Path(".").glob("energy44-*.json")):
    result = json.loads(path.read_text())
    dataset = result.get("dataset", "chr_emi")
    base = json.loads(Path(baseline.format(dataset, result["fold"])).read_text())
    rows.append((dataset, result["fold"], "baseline (session 42 repeat 0)", base["val_rmse"], base["test_rmse"], base["trees"]))
    if "stack" in result:
        for variant in ("stack", "offset"):
            rows.append((dataset, result["fold"], f"predicted absorption, {variant}", result[variant]["val_rmse"],
                         result[variant]["test_rmse"], result[variant]["trees"]))
    else:
        rows.append((dataset, result["fold"], "trained on eV", result["val_rmse_nm"], result["test_rmse_nm"], result["trees"]))
print(f"{'dataset':8} {'fold':>4}  {'model':34} {'val nm':>7} {'test nm':>8} {'trees':>6}")
for dataset, fold, name, val, test, trees in sorted(dict.fromkeys(rows), key=lambda row: row[:2]):
    print(f"{dataset:8} {fold:>4}  {name:34} {val:7.2f} {test:8.2f} {trees:6d}")
