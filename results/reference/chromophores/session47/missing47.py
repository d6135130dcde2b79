"""How many of chr_emi's dyes neither CT file holds yet; with --merge, write their union to ct47.parquet."""
import os
import sys

import pandas as pd

files = [pd.read_parquet(f) for f in ("ct47.parquet", "ct47-reverse.parquet") if os.path.exists(f)]
union = pd.concat(files).drop_duplicates("smiles")
dyes = set(pd.read_parquet("../s42/elec42/chr_emi/pairs.parquet")["solute_smiles"])
print(f"{len(dyes - set(union['smiles']))} of {len(dyes)} chr_emi dyes missing; {len(union)} dyes in the union")
if sys.argv[1:] == ["--merge"]:
    union.to_parquet("ct47.parquet.partial", index=False)
    os.replace("ct47.parquet.partial", "ct47.parquet")
