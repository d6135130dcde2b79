"""Session 60: the six-target table on session 58's oracle, Graph GA against REINVENT + 48 edits until 2,000 + screen 4.
Per target: each method's top-10 AUC mean (sample std) over the seeds both have, the screen minus Graph GA per seed,
success rate and validity (min-max over runs), seconds and oracle calls/s (min-max), and whether the issue's goals
hold on every run (success >= 0.5, validity >= 0.95) and on the mean (AUC above Graph GA's).
Usage (in ~/molpair-runs/s59, d58g linking ../s58's Graph GA runs): python table60.py"""
import json
from pathlib import Path

import numpy as np

TARGETS = ["abs450-toluene", "abs550-toluene", "abs650-toluene",
           "abs450-acetonitrile", "abs550-acetonitrile", "abs650-acetonitrile"]
SESSION58_GA = {"abs550-toluene", "abs650-acetonitrile"}  # session 58 ran these Graph GA seeds (ga58.yaml = ga59.yaml)


def runs(prefix):
    """{seed: (top-10 AUC, summary)} for every finished seed of a run prefix."""
    found = {}
    for seed in (0, 1, 2):
        run = Path(f"{prefix}-seed{seed}")
        if (run / "summary.json").exists():
            summary = json.loads((run / "summary.json").read_text())
            found[seed] = (summary["top10_auc"], summary)
    return found


def spread(values, fmt):
    return f"{fmt.format(min(values))}-{fmt.format(max(values))}" if len(values) > 1 else fmt.format(values[0])


print("| target | seeds | Graph GA top-10 AUC | REINVENT + edits + screen 4 | screen minus GA per seed | success GA / screen "
      "| validity screen | s GA / screen | calls/s screen | goals |")
print("| --- | --- | --- | --- | --- | --- | --- | --- | --- | --- |")
for target in TARGETS:
    ga = runs(f"{'d58g' if target in SESSION58_GA else 'd59g'}/design/{target}/graph_ga")
    screen = runs(f"d59s/design/{target}/reinvent")
    seeds = sorted(set(ga) & set(screen))
    if not seeds:
        continue
    auc = {name: [result[seed][0] for seed in seeds] for name, result in (("ga", ga), ("screen", screen))}
    mean = {name: f"{np.mean(values):.5f}" + (f" ({np.std(values, ddof=1):.5f})" if len(values) > 1 else "")
            for name, values in auc.items()}
    differences = ", ".join(f"{s - g:+.5f}" for g, s in zip(auc["ga"], auc["screen"]))
    success = {name: [result[seed][1]["success_rate"] for seed in seeds] for name, result in (("ga", ga), ("screen", screen))}
    validity = [screen[seed][1]["validity"] for seed in seeds]
    seconds = {name: [result[seed][1]["seconds"] for seed in seeds] for name, result in (("ga", ga), ("screen", screen))}
    rates = [screen[seed][1]["oracle_calls_per_second"] for seed in seeds]
    goals = (min(success["screen"]) >= 0.5, min(validity) >= 0.95, np.mean(auc["screen"]) > np.mean(auc["ga"]))
    verdict = "met" if all(goals) else "not met: " + ", ".join(
        name for name, ok in zip(("success", "validity", "AUC"), goals) if not ok)
    print(f"| {target} | {','.join(map(str, seeds))} | {mean['ga']} | {mean['screen']} | {differences} | "
          f"{np.mean(success['ga']):.3f} / {np.mean(success['screen']):.3f} | {spread(validity, '{:.4f}')} | "
          f"{spread(seconds['ga'], '{:.0f}')} / {spread(seconds['screen'], '{:.0f}')} | {spread(rates, '{:.1f}')} | {verdict} |")
