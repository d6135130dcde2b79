"""Session 39: the FCD reference cache. ChemNet statistics of chr_abs's distinct solutes computed, then read back
from the cache; the FCD of the first 500 unique valid designs of a table run through the cache and through
fcd.get_fcd. Run in ~/molpair-runs/s38 (design38t/chr_abs links the oracle dataset). Usage: python fcd39.py"""
import time

import pandas as pd
from fcd import get_fcd

from molpair.design.metrics import _frechet_chemnet_distance, chemnet_statistics

reference = sorted(set(pd.read_parquet("design38t/chr_abs/pairs.parquet", columns=["solute_smiles"]).solute_smiles))
calls = pd.read_csv("design38t/design/abs650-toluene/graph_ga-seed1/designs.csv", keep_default_na=False, na_values=[""])
designs = list(dict.fromkeys(calls.loc[calls["valid"], "canonical"]))[:500]
cache = "/tmp/fcdref.npz"
started = time.perf_counter()
chemnet_statistics(reference, cache)
computed = time.perf_counter() - started
started = time.perf_counter()
chemnet_statistics(reference, cache)
read = time.perf_counter() - started
print(f"reference {len(reference)} dyes: ChemNet statistics {computed:.1f} s computed, {read:.3f} s cached; "
      f"FCD of 500 designs {_frechet_chemnet_distance(designs, reference, cache):.4f} "
      f"(fcd.get_fcd {get_fcd(designs, reference):.4f})")
