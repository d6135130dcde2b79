"""Session 57 probe: how good the agent's local edits of known dyes are as proposals, beside Graph GA's children
and the agent's free samples (as session 45's prefix45.py). The agent at its start (the prior fine-tuned on the
target class, as `generators.reinvent` does), the oracle scoring without a budget after the 100-dye inception; then
900 proposals each from (a) the agent's free samples, (b) Graph GA children of the inception (mol-ga's crossover
and mutation, parents by its score-quantile sampling), (c) the agent's one-token edits (`SmilesRNN.edit`) of
inception dyes drawn uniformly, (d) the same drawn by mol-ga's score-quantile sampling. Shares of the new valid
molecules in the domain and scoring above 0.5 / 0.9, how many above 0.99, and the median Tanimoto similarity
(Morgan r=2) to the parent for the edits.

Run in ~/molpair-runs/s57 with the venv and the session's code on PYTHONPATH:
  python edits57.py CONFIG TARGET RUN_DIR
"""

import random
import sys

import numpy as np
import pandas as pd
import torch
import yaml
from mol_ga.graph_ga.gen_candidates import graph_ga_blended_generation
from mol_ga.sample_population import uniform_quantile_sampling
from rdkit import Chem, DataStructs, RDLogger
from rdkit.Chem import rdFingerprintGenerator

from molpair.design.generators import nearest_measured, target_class
from molpair.design.oracle import Oracle, Target
from molpair.design.smiles_rnn import fit, load_prior, writable

RDLogger.DisableLog("rdApp.*")
config_path, target_name, run_dir = sys.argv[1:4]
torch.set_num_threads(1)
raw = yaml.safe_load(open(config_path))
measured = pd.read_parquet(f"{raw['results_dir']}/{raw['design']['dataset']}/pairs.parquet")
target = Target(target_name, **raw["design"]["targets"][target_name])
oracle = Oracle([run_dir], target, 10**9, raw["design"]["min_similarity"])
prior, vocabulary, provenance = load_prior(raw["design"]["reinvent"]["prior"])
max_length = int(provenance["max_length"])
focus = [t for t in writable(target_class(measured, target, 2.0), vocabulary.representation, max_length)
         if vocabulary.encodable(t)]
fit(prior, vocabulary, focus, 20, 16, 1e-3, max_length, 0, "target class")
prior.eval()
inception = nearest_measured(measured, target, 100)
population = list(zip(oracle(inception), inception))
print(f"inception: {sum(score > 0 for score, _ in population)} in domain, {sum(score >= 0.5 for score, _ in population)} hits")
fingerprints = rdFingerprintGenerator.GetMorganGenerator(radius=2, fpSize=2048)


def similarity(a: str, b: str) -> float:
    ma, mb = Chem.MolFromSmiles(a), Chem.MolFromSmiles(b)
    if ma is None or mb is None:
        return float("nan")
    return DataStructs.TanimotoSimilarity(fingerprints.GetFingerprint(ma), fingerprints.GetFingerprint(mb))


def describe(label: str, proposed: list[str], parents: list[str] | None = None) -> None:
    before = oracle.spent
    oracle(proposed)
    calls = oracle.table().iloc[before:]
    valid = calls[calls["valid"]]
    text = (f"{label:>28} proposed {len(proposed):4d} new {len(calls):4d} valid {len(valid):4d} "
            f"in-domain {valid['in_domain'].mean():.2f} score>0.5 {(valid['score'] > 0.5).mean():.3f} "
            f">0.9 {(valid['score'] > 0.9).mean():.3f} >0.99 {(valid['score'] > 0.99).sum():3d}")
    if parents is not None:
        text += f" parent similarity median {np.nanmedian([similarity(c, p) for c, p in zip(proposed, parents)]):.2f}"
    print(text, flush=True)


generator, rng = torch.Generator().manual_seed(0), random.Random(0)
free = []
with torch.no_grad():
    for _ in range(25):
        tokens, _ = prior.sample(36, max_length, generator)
        free += [vocabulary.decode(row) for row in tokens.tolist()]
describe("agent, free samples", free)
describe("Graph GA children", sorted(graph_ga_blended_generation(uniform_quantile_sampling(population, 1800, rng), 900, rng)))
encodable = [text for text in inception if vocabulary.encodable(text)]
for label, parents in (("agent edits, uniform parents", rng.choices(encodable, k=900)),
                       ("agent edits, quantile parents",
                        [t for t in uniform_quantile_sampling(population, 900, rng) if vocabulary.encodable(t)])):
    edited = [vocabulary.decode(row) for row in prior.edit(vocabulary.encode(parents, max_length), generator).tolist()]
    describe(label, edited, parents)
