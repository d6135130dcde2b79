"""Session 39: where a design run stands early. For each run directory (its designs.csv and summary.json):
hits among the first 100 calls (the inception), top-10 AUC, success rate, hits' internal diversity and scaffolds, hit cores (top core's share; from designs.csv, as design_metrics counts them), the top-10 mean after 100 ... 4,000 calls, and, per window
of calls, the share in the oracle's domain, the share of hits and how many score above 0.99.
Usage: python early39.py RUN_DIR [RUN_DIR ...]"""
import json
import sys

import numpy as np
import pandas as pd

from molpair.design.metrics import core_counts, top_k_auc

for run in sys.argv[1:]:
    calls = pd.read_csv(f"{run}/designs.csv")
    summary = json.load(open(f"{run}/summary.json"))
    scores = calls["score"].to_numpy()
    cores = core_counts(calls.loc[calls["hit"], "canonical"])
    top10 = [round(float(np.sort(scores[:n])[-10:].mean()), 4) for n in (100, 200, 300, 500, 1000, 2000, 4000)]
    print(f"{run}\n  top-10 AUC {top_k_auc(scores, 10000):.4f}  success {summary['success_rate']:.3f}  "
          f"hit cores {len(cores)} (top share {max(cores.values()) / cores.total():.2f})  "
          f"calls {len(calls)}  s {summary['seconds']:.0f}")
    print(f"  inception hits {calls['hit'].iloc[:100].sum()}  hits' internal diversity "
          f"{summary['hit_internal_diversity']:.2f}  hit scaffolds {summary['hit_scaffolds']}")
    print("  top-10 mean at 100/200/300/500/1000/2000/4000 calls:", top10)
    for start, stop in ((100, 300), (300, 500), (500, 1000), (1000, 2000)):
        window = calls.iloc[start:stop]
        print(f"  calls {start}-{stop}: in domain {window['in_domain'].mean():.2f}, hits {window['hit'].mean():.2f}, "
              f"score > 0.99: {(window['score'] > 0.99).sum()}")
