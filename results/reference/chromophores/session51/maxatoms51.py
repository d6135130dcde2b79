"""Session 51: `datasets.<set>.max_atoms` against session 50's script-made subset (session50/small50.py): ingest
DATASET once with `max_atoms: MAX_ATOMS` and once from the CSV `small50.py MAX_ATOMS CSV DATASET` wrote (both with
`salts: strip`, no max_pairs) and compare their pairs. `python maxatoms51.py DATASET MAX_ATOMS CSV` with
MOLPAIR_DATA_DIR set, from anywhere; prints the counts."""
import os
import sys
import tempfile

import pandas as pd

from molpair.data.ingest import ingest

dataset, max_atoms, csv = sys.argv[1], int(sys.argv[2]), os.path.abspath(sys.argv[3])
with tempfile.TemporaryDirectory() as tmp:
    option = ingest(dataset, {"salts": "strip", "max_atoms": max_atoms}, f"{tmp}/option", os.environ["MOLPAIR_DATA_DIR"])
    script = ingest(dataset, {"salts": "strip", "file": csv}, f"{tmp}/script")
    pairs = {run: set(pd.read_parquet(f"{tmp}/{run}/{dataset}/pairs.parquet")["pair_id"]) for run in ("option", "script")}
print(f"max_atoms {max_atoms}: {option['pairs']} pairs ({option['pairs_dropped_by_max_atoms']} dropped by max_atoms, "
      f"{option['rows_read']} rows read); script's CSV: {script['pairs']} pairs ({script['rows_read']} rows read)")
print(f"in both {len(pairs['option'] & pairs['script'])}, option only {len(pairs['option'] - pairs['script'])}, "
      f"script only {len(pairs['script'] - pairs['option'])}")
