"""Session 50 (run from the repository root: `python results/reference/chromophores/session50/keys50.py
$MOLPAIR_DATA_DIR/ensembles/freesolv-tblite-gfn2-k8` → 5136 of 5136): every sample of the shared FreeSolv ensemble rebuilt with this code keeps its sample key (the
copied cache still hits after ETKDG's attempts were bounded)."""
import json, sys
import pyarrow.parquet as pq
sys.path.insert(0, "tests")
from conftest import qm_config
from molpair.qm import sampling, shard
from molpair.qm.engines import get_engine
root = sys.argv[1]
engine = get_engine(qm_config(prerelax="none", optimizer="BFGS", step_accuracy=None))
assert engine.settings_hash == json.load(open(f"{root}/ensemble.json"))["settings_hash"]
by_id = {p["pair_id"]: p for p in pq.read_table(f"{root}/pairs.parquet").to_pylist()}
stored = pq.read_table(f"{root}/ensemble.parquet", columns=["pair_id", "sample_idx", "sample_key"]).to_pylist()
geometry = {"k_samples": 8, "seed": 0, "contact_scale": 1.0}
same = 0
for sample in stored:
    built = sampling.build_sample(by_id[sample["pair_id"]], sample["sample_idx"], geometry, "none")
    built["error"] = None
    same += shard.sample_key(built, engine) == sample["sample_key"]
print(f"{same} of {len(stored)} shared FreeSolv samples rebuilt with the same sample key")
