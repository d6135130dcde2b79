"""Diagnostic (session 34): REINVENT's target-class fine-tuning (550 nm, class_windows 2, batch 16, lr 1e-3, as
reinvent() does) for more epochs; in-domain share, validity and uniqueness of 500 samples after each block."""
import sys, torch, pandas as pd, logging
torch.set_num_threads(1)
from molpair.design.smiles_rnn import load_prior, fit, writable
from molpair.design.generators import target_class
from molpair.design.oracle import Target
from molpair.train.domain import domain_flags, load_domain
from molpair.chem.molecules import canonical_smiles, MoleculeError
value, solvent, blocks = float(sys.argv[1]), sys.argv[2], [int(x) for x in sys.argv[3].split(",")]
dom = load_domain("/root/molpair-runs/design30/results/chr_abs/runs/cigin/fold0-rep0", 0.3)
m, v, prov = load_prior("/work/main/results/reference/design/prior/prior.pt")
measured = pd.read_parquet("/root/molpair-runs/design30/results/chr_abs/pairs.parquet")
focus = [t for t in writable(target_class(measured, Target("t", value, 10, solvent), 2), v.representation, 140) if v.encodable(t)]
print(len(focus), "class dyes", flush=True)
done = 0
for b in blocks:
    if b > done:
        fit(m, v, focus, b - done, 16, 1e-3, 140, 0, "class")
    done = b
    m.eval()
    with torch.no_grad():
        tok, _ = m.sample(500, 140, torch.Generator().manual_seed(1))
    smi = []
    for row in tok.tolist():
        try: smi.append(canonical_smiles(v.decode(row)))
        except MoleculeError: pass
    f = domain_flags(dom, smi, [solvent] * len(smi))
    known = {canonical_smiles(s) for s in focus}
    print(f"epochs {b}: valid {len(smi)} unique {len(set(smi))} in-domain {float(f['in_domain'].fillna(False).mean()):.3f} "
          f"median sim {float(f['nearest_similarity'].median()):.3f} copies of class dyes {sum(s in known for s in smi)}", flush=True)
    m.train()
