"""Session 47: the probe47 runs of a block set beside session 42's runs with the same fold, repeat and seed.

usage: python table47.py NAME   (reads probe47-NAME-chr_emi-f*-r*.json)
"""
import glob
import json
import sys

runs = [json.load(open(path)) for path in sorted(glob.glob(f"probe47-{sys.argv[1]}-chr_emi-f*-r*.json"))]
print(f"blocks {'+'.join(runs[0]['blocks'])} against session 42's lightgbm (same fold, repeat, seed), nm")
print("fold repeat  val    (base)   test   (base)  val diff  test diff")
for run in runs:
    base = run["baseline"]
    print(f"{run['fold']:4d} {run['repeat']:6d} {run['val_rmse']:6.2f} ({base['val_rmse']:6.2f}) {run['test_rmse']:6.2f} "
          f"({base['test_rmse']:6.2f}) {run['val_rmse'] - base['val_rmse']:+8.2f} {run['test_rmse'] - base['test_rmse']:+9.2f}")
for key in ("val_rmse", "test_rmse"):
    diffs = [run[key] - run["baseline"][key] for run in runs]
    print(f"mean {key} difference over {len(runs)} runs: {sum(diffs) / len(diffs):+.2f} nm; lower in {sum(d < 0 for d in diffs)}")
first = [run for run in runs if run["repeat"] == 0]
for key in ("val_rmse", "test_rmse"):
    print(f"repeat 0, mean over folds {[run['fold'] for run in first]}: {key} {sum(r[key] for r in first) / len(first):.2f} "
          f"against {sum(r['baseline'][key] for r in first) / len(first):.2f}")
