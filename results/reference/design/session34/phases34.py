"""Session 34: where a design run finds its hits, from its designs.csv: the in-domain and hit shares of calls
100-300 (just after the 100 inception / starting dyes) and the hit share of each thousand calls.
Usage, in ~/molpair-runs/design30: python phases34.py RUN_DIR... (e.g. t32-reinvent/design/abs650-toluene/reinvent-seed0)."""
import sys
import pandas as pd

for run in sys.argv[1:]:
    calls = pd.read_csv(f"{run}/designs.csv", usecols=["in_domain", "hit"])
    early = calls.iloc[100:300]
    per_thousand = [round(float(calls["hit"].iloc[start:start + 1000].mean()), 2) for start in range(0, len(calls), 1000)]
    print(run, f"calls 100-300: in domain {early['in_domain'].mean():.2f}, hits {early['hit'].mean():.2f};",
          "hits per thousand calls", per_thousand)
