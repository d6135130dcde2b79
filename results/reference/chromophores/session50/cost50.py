"""Session 50: what the factory's GFN2-xTB samples cost on dyes, by complex size. Fits log(seconds) against
log(atoms) over a finished ensemble's ok samples and applies the fit to the start geometries of another sample
set (e.g. random chr_abs pairs, whose QM never ran), printing its estimated core-hours in all and under size caps.
`python cost50.py ENSEMBLE.parquet SAMPLES_DIR` (SAMPLES_DIR: a run's {dataset}/samples/ with shard-*.parquet)."""
import glob
import sys

import numpy as np
import pandas as pd

done = pd.read_parquet(sys.argv[1], columns=["status", "elements", "wall_s"])
done = done[done.status == "ok"]
atoms = done.elements.map(len).to_numpy()
slope, intercept = np.polyfit(np.log(atoms), np.log(done.wall_s.to_numpy()), 1)
print(f"fit over {len(done)} ok samples of {atoms.min()}-{atoms.max()} atoms: seconds = exp({intercept:.2f}) x atoms^{slope:.2f}; "
      f"measured median {np.median(done.wall_s):.2f} s, mean {done.wall_s.mean():.2f} s")
for n in (40, 55, 70, 100, 150, 200, 300):
    print(f"  {n} atoms: {np.exp(intercept) * n ** slope:.1f} s a sample (extrapolated beyond {atoms.max()} atoms)")
starts = pd.concat(pd.read_parquet(f, columns=["status", "elements"]) for f in sorted(glob.glob(f"{sys.argv[2]}/shard-*.parquet")))
starts = starts[starts.status == "pending"]
sizes = starts.elements.map(len).to_numpy()
cost = np.exp(intercept) * sizes.astype(float) ** slope
print(f"{len(starts)} start geometries to compute: atoms median {np.median(sizes):.0f}, 90 % {np.percentile(sizes, 90):.0f}, "
      f"max {sizes.max()}; estimated {cost.sum() / 3600:.1f} core-hours")
for cap in (70, 100, 150):
    keep = sizes <= cap
    print(f"  at most {cap} atoms: {keep.sum()} samples, {cost[keep].sum() / 3600:.1f} core-hours")
