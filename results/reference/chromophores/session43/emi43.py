"""Session 43: how many chr_emi pairs have the same pair's absorption in chr_abs, how many chr_emi dyes chr_abs
holds, and the Stokes shift (emission − absorption, nm and eV) over the pairs that have both (absorption
averaged where a pair repeats).
Usage: python emi43.py ABS_PAIRS EMI_PAIRS   (e.g. ~/molpair-runs/s42/base42/chr_{abs,emi}/pairs.parquet)"""
import sys

import pandas as pd

keys = ["solute_smiles", "solvent_smiles"]
absorption = pd.read_parquet(sys.argv[1]).groupby(keys).target.mean().rename("absorption").reset_index()
emission = pd.read_parquet(sys.argv[2])
both = emission.merge(absorption, on=keys, how="left")
paired = both.dropna(subset=["absorption"])
shift_nm = paired.target - paired.absorption
shift_ev = 1240 / paired.absorption - 1240 / paired.target
print(f"chr_emi pairs with the same pair's absorption: {len(paired)} of {len(both)} ({len(paired) / len(both):.1%}); "
      f"chr_emi pairs whose dye chr_abs holds: {emission.solute_smiles.isin(set(absorption.solute_smiles)).mean():.1%}")
print(f"Stokes shift {shift_nm.mean():.1f} ± {shift_nm.std():.1f} nm ({shift_ev.mean():.3f} ± {shift_ev.std():.3f} eV); "
      f"emission's own std {emission.target.std():.1f} nm")
