"""Session 61: the design table of issue 14 on session 58's oracle (lightgbm, chr_abs fold 0): Graph GA from the
dyes measured nearest the target (ga59.yaml), REINVENT at its session-61 defaults (s59.yaml: 48 edits until 2,000
calls, screen 4) and the conditional VAE (cvae61.yaml), 10,000 oracle calls a run, seeds 0-2.
Per target and method: top-10 AUC mean (sample std) over its finished seeds, success rate and validity (min-max over
runs), seconds and oracle calls/s (min-max); then whether the issue's goals hold for the best learned method (success
>= 0.5 and validity >= 0.95 on every run, mean top-10 AUC above Graph GA's), and its top-10 AUC minus Graph GA's per seed.
Usage (in ~/molpair-runs/s59, d58g linking ../s58's Graph GA runs): python table61.py"""
import json
from pathlib import Path

import numpy as np

TARGETS = ["abs450-toluene", "abs550-toluene", "abs650-toluene",
           "abs450-acetonitrile", "abs550-acetonitrile", "abs650-acetonitrile"]
SESSION58_GA = {"abs550-toluene", "abs650-acetonitrile"}  # session 58 ran these Graph GA seeds (ga58.yaml = ga59.yaml)
METHODS = {"Graph GA": "graph_ga", "REINVENT": "reinvent", "CVAE": "cvae"}


def prefix(target, method):
    if method == "graph_ga":
        return f"{'d58g' if target in SESSION58_GA else 'd59g'}/design/{target}/graph_ga"
    return f"{'d59s' if method == 'reinvent' else 'd61c'}/design/{target}/{method}"


def runs(target, method):
    """{seed: summary} for every finished seed."""
    found = {}
    for seed in (0, 1, 2):
        path = Path(f"{prefix(target, method)}-seed{seed}/summary.json")
        if path.exists():
            found[seed] = json.loads(path.read_text())
    return found


def spread(values, fmt):
    return f"{fmt.format(min(values))}-{fmt.format(max(values))}" if len(values) > 1 else fmt.format(values[0])


def mean_std(values):
    return f"{np.mean(values):.5f}" + (f" ({np.std(values, ddof=1):.5f})" if len(values) > 1 else "")


print("| target | method | seeds | top-10 AUC | success | validity | seconds | calls/s | oracle test RMSE (nm) |")
print("| --- | --- | --- | --- | --- | --- | --- | --- | --- |")
verdicts = []
for target in TARGETS:
    found = {name: runs(target, method) for name, method in METHODS.items()}
    for name, result in found.items():
        if not result:
            continue
        summaries = list(result.values())
        print(f"| {target} | {name} | {','.join(map(str, result))} | {mean_std([s['top10_auc'] for s in summaries])} | "
              f"{spread([s['success_rate'] for s in summaries], '{:.3f}')} | {spread([s['validity'] for s in summaries], '{:.4f}')} | "
              f"{spread([s['seconds'] for s in summaries], '{:.0f}')} | {spread([s['oracle_calls_per_second'] for s in summaries], '{:.1f}')} | "
              f"{', '.join(sorted({f'{rmse:.4f}' for s in summaries for rmse in s['oracle_test_rmse']}))} |")
    ga, learned = found["Graph GA"], {name: found[name] for name in ("REINVENT", "CVAE") if found[name]}
    if not ga or not learned:
        continue
    best = max(learned, key=lambda name: np.mean([s["top10_auc"] for s in learned[name].values()]))
    best_runs = list(learned[best].values())
    goals = (min(s["success_rate"] for s in best_runs) >= 0.5, min(s["validity"] for s in best_runs) >= 0.95,
             np.mean([s["top10_auc"] for s in best_runs]) > np.mean([s["top10_auc"] for s in ga.values()]))
    paired = sorted(set(ga) & set(learned[best]))
    verdicts.append(f"| {target} | {best} | {','.join(map(str, sorted(learned[best])))} / {','.join(map(str, sorted(ga)))} | "
                    + ", ".join(f"{learned[best][seed]['top10_auc'] - ga[seed]['top10_auc']:+.5f}" for seed in paired) + " | "
                    + ("met" if all(goals) else "not met: " + ", ".join(
                        goal for goal, ok in zip(("success", "validity", "AUC"), goals) if not ok)) + " |")
print()
print("| target | best learned method | its seeds / Graph GA's | its top-10 AUC minus Graph GA's per seed | goals |")
print("| --- | --- | --- | --- | --- |")
print("\n".join(verdicts))
