"""Session 38, issue 14: how many chromophore cores a run's hits cover. Murcko scaffolds keep the chains
between rings, so alkyl-chain variants of one dye count as many scaffolds; here a hit's core is its largest
ring system (molpair.design.metrics.largest_ring_system). Prints per run the hits, their distinct cores,
and the share of hits on the most common core and on the five most common.

Usage: python cores38.py NAME=RUN_DIR ...   (RUN_DIR = results_dir/design/{target}/{method}-seed{seed})
"""
import sys

import pandas as pd

from molpair.design.metrics import core_counts

rows = {}
for arg in sys.argv[1:]:
    name, run = arg.split("=", 1)
    calls = pd.read_csv(f"{run}/designs.csv", usecols=["canonical", "hit"])
    hits = calls.loc[calls["hit"], "canonical"].drop_duplicates()
    cores = core_counts(hits)
    counts = [count for _, count in cores.most_common()]
    rows[name] = {"hits": len(hits), "distinct cores": len(cores),
                  "share on top core": counts[0] / len(hits) if counts else float("nan"),
                  "share on top 5 cores": sum(counts[:5]) / len(hits) if counts else float("nan"),
                  "top core": cores.most_common(1)[0][0] if counts else ""}
print(pd.DataFrame.from_dict(rows, orient="index").to_string(float_format=lambda v: f"{v:.3f}"))
