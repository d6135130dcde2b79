"""Session 40 probe: what the REINVENT agent samples at its start (the prior fine-tuned on the target
class, as `generators.reinvent` does before its first step) at several sampling temperatures, scored by the
design oracle without a budget, beside Graph GA's calls 101-1,000 of the table's runs.

Run in ~/molpair-runs/s40 with the venv:
    python temperature40.py t40-core.yaml abs650-acetonitrile ../s38/design38t/design
"""

import sys

import numpy as np
import pandas as pd
import torch
import yaml

from molpair.design.generators import nearest_measured, target_class
from molpair.design.oracle import Oracle, Target
from molpair.design.smiles_rnn import fit, load_prior, writable

config_path, target_name, table_dir = sys.argv[1:4]
torch.set_num_threads(1)
raw = yaml.safe_load(open(config_path))
measured = pd.read_parquet(f"{raw['results_dir']}/{raw['design']['dataset']}/pairs.parquet")
target = Target(target_name, **raw["design"]["targets"][target_name])
runs = [f"{raw['results_dir']}/chr_abs/runs/cigin/fold0-rep0"]
oracle = Oracle(runs, target, 10**9, raw["design"]["min_similarity"])
prior, vocabulary, provenance = load_prior(raw["design"]["reinvent"]["prior"])
max_length = int(provenance["max_length"])
focus = [t for t in writable(target_class(measured, target, 2.0), vocabulary.representation, max_length) if vocabulary.encodable(t)]
fit(prior, vocabulary, focus, 20, 16, 1e-3, max_length, 0, "target class")
prior.eval()
inception = nearest_measured(measured, target, 100)
oracle(inception)
known = set(measured["solute_smiles"])


def sample(temperature: float, batch: int, generator: torch.Generator) -> list[str]:
    tokens = torch.full((batch, 1), 1, dtype=torch.long)
    hidden, finished, sequence = None, torch.zeros(batch, dtype=torch.bool), [tokens]
    with torch.no_grad():
        for _ in range(max_length):
            logits, hidden = prior(tokens, hidden)
            tokens = torch.multinomial(torch.softmax(logits[:, -1] / temperature, dim=-1), 1, generator=generator)
            tokens = tokens.masked_fill(finished.unsqueeze(1), 0)
            finished = finished | (tokens.squeeze(1) == 2)
            sequence.append(tokens)
            if finished.all():
                break
    return [vocabulary.decode(row) for row in torch.cat(sequence, dim=1).tolist()]


def describe(label: str, calls: pd.DataFrame, proposed: int) -> None:
    valid = calls[calls["valid"]]
    top10 = np.sort(pd.concat([oracle.table().head(100)["score"], calls["score"]]).to_numpy())[-10:].mean()
    print(f"{label:>16} proposed {proposed:5d} new {len(calls):4d} valid {len(valid):4d} "
          f"in-domain {valid['in_domain'].mean():.2f} score>0.5 {(valid['score'] > 0.5).mean():.3f} "
          f">0.9 {(valid['score'] > 0.9).mean():.3f} >0.99 {(valid['score'] > 0.99).sum():3d} "
          f"dataset solutes {valid['smiles'].isin(known).mean():.2f} top-10 with inception {top10:.4f}")


for temperature in (1.0, 0.8, 0.6, 0.4):
    generator = torch.Generator().manual_seed(0)
    before = oracle.spent
    proposed = [text for _ in range(25) for text in sample(temperature, 36, generator)]
    oracle(proposed)
    describe(f"T {temperature}", oracle.table().iloc[before:], len(proposed))

for seed in (0, 1, 2):
    ga = pd.read_csv(f"{table_dir}/{target_name}/graph_ga-seed{seed}/designs.csv")
    calls = ga.iloc[100:1000]
    valid = calls[calls["valid"]]
    top10 = np.sort(ga["score"].to_numpy()[:1000])[-10:].mean()
    print(f"{'GA seed ' + str(seed):>16} calls 101-1,000: valid {len(valid)} in-domain {valid['in_domain'].mean():.2f} "
          f"score>0.5 {(valid['score'] > 0.5).mean():.3f} >0.9 {(valid['score'] > 0.9).mean():.3f} "
          f">0.99 {(valid['score'] > 0.99).sum():3d} dataset solutes {valid['smiles'].isin(known).mean():.2f} top-10 at 1,000 {top10:.4f}")
