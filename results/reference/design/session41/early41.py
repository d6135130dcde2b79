"""Session 41: Graph GA's first CALLS oracle calls against two oracles on one target and seed: hits, hits'
share of the valid designs, in-domain share and best score. Usage, in ~/molpair-runs/s41:
python early41.py CALLS NAME=designs.csv ..."""
import sys

import pandas as pd

calls = int(sys.argv[1])
for argument in sys.argv[2:]:
    name, path = argument.split("=", 1)
    table = pd.read_csv(path).head(calls)
    valid = table[table.valid]
    print(f"{name}: {len(table)} calls, {int(table.hit.sum())} hits, hits' share of valid {valid.hit.mean():.3f}, "
          f"in domain {valid.in_domain.mean():.3f}, best score {table.score.max():.4f}")
