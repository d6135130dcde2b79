"""Session 47: stda47 features of every dye (solute) of the named pairs tables, in order, into one parquet.

usage: python batch47.py OUT.parquet PAIRS.parquet ...
Resumes: dyes already in OUT are skipped; written atomically every 200 dyes.
"""

import os
import sys
import time

import pandas as pd

from stda47 import STDA_FEATURES, stda_features


def save(rows, out):
    frame = pd.DataFrame(rows, columns=["smiles", *STDA_FEATURES, "seconds"])
    frame.to_parquet(out + ".partial", index=False)
    os.replace(out + ".partial", out)


def main(out, *pairs):
    rows = pd.read_parquet(out).values.tolist() if os.path.exists(out) else []
    done = {row[0] for row in rows}
    dyes = []
    for path in pairs:
        dyes += [s for s in pd.read_parquet(path)["solute_smiles"].unique() if s not in done and s not in dyes]
    print(f"{len(done)} done, {len(dyes)} to compute", flush=True)
    started = time.perf_counter()
    for count, smiles in enumerate(dyes, 1):
        start = time.perf_counter()
        rows.append([smiles, *map(float, stda_features(smiles)), time.perf_counter() - start])
        if count % 200 == 0 or count == len(dyes):
            save(rows, out)
            print(f"{count}/{len(dyes)} {time.perf_counter() - started:.0f} s", flush=True)


if __name__ == "__main__":
    main(*sys.argv[1:])
