"""Session 61: config/evidence-design.yaml, loaded with this commit's defaults, asks for the same settings as the
session's runs: its graph_ga run as ga59.yaml, its reinvent run (design.method overridden) as s59.yaml, its cvae run
as cvae61.yaml (s59.yaml and ga59.yaml are in ../session59/), every section the runs read compared after defaults,
except the results directory and the prior's path (the same committed file, absolute in the run configs). Prints each difference, then "same" or "differ".
Usage (PYTHONPATH=src of the commit): python results/reference/design/session61/same61.py"""
from pathlib import Path

from molpair import config

HERE = Path(__file__).resolve().parent
EVIDENCE = config.load(HERE.parents[3] / "config" / "evidence-design.yaml")


def comparable(cfg):
    cfg = {key: value for key, value in cfg.items() if key != "results_dir"}
    cfg["design"] = {**cfg["design"], "reinvent": {**cfg["design"]["reinvent"], "prior": "results/reference/design/prior/prior.pt"}}
    return cfg


def differences(left, right, path=""):
    if isinstance(left, dict) and isinstance(right, dict):
        return [line for key in sorted(set(left) | set(right)) for line in differences(left.get(key), right.get(key), f"{path}.{key}")]
    return [] if left == right else [f"{path}: evidence {left!r}, run {right!r}"]


found = []
for method, run_config in (("graph_ga", "../session59/ga59.yaml"), ("reinvent", "../session59/s59.yaml"), ("cvae", "cvae61.yaml")):
    evidence = config.with_overrides(EVIDENCE, {"design": {"method": method}})
    lines = differences(comparable(config.validate(evidence)), comparable(config.load(HERE / run_config)))
    found += lines
    print(f"{method} ({run_config}): " + ("same" if not lines else "\n  " + "\n  ".join(lines)))
print("same" if not found else "differ")
