"""Session 40: every lightgbm run's test and validation RMSE, trees and seconds, from the metrics.json under
each results directory given (e.g. lgbm40 → lgbm40-folds.txt; lgbm40 lgbm40-l31 lgbm40-l127 lgbm40-ff01 →
tune40.txt). Usage, in ~/molpair-runs/s40: python folds40.py RESULTS_DIR ..."""
import json
import sys
from pathlib import Path

for results in sys.argv[1:]:
    for path in sorted(Path(results).glob("*/runs/lightgbm/fold*-rep0/metrics.json")):
        m = json.loads(path.read_text())
        print(f"{results} {path.parts[-5]} fold {m['fold']}: test {m['test_rmse']:.3f} val {m['val_rmse']:.3f} "
              f"trees {m['trees']} seconds {m['seconds']:.0f}")
