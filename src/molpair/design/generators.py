"""Generators that propose designs to an Oracle until its budget is spent (a registry by config name).

Each takes (oracle, the oracle dataset's solutes, seed, settings): `settings` is the design section with the
method's own section merged over it (e.g. `reinvent`'s sigma and replay).
"""

from __future__ import annotations

import copy
import heapq
import logging
import random
from typing import Callable

import torch

from molpair.design.oracle import BudgetSpent, Oracle

log = logging.getLogger(__name__)


def starting_population(solutes: list[str], size: int, seed: int) -> list[str]:
    """`size` distinct solutes of the oracle's dataset, drawn with `seed`."""
    distinct = sorted(set(solutes))
    return random.Random(seed).sample(distinct, min(size, len(distinct)))


def graph_ga(oracle: Oracle, solutes: list[str], seed: int, settings: dict) -> None:
    """Graph GA (Jensen, Chem. Sci. 2019) through the mol-ga package, starting from
    `initial_population` of the dataset's solutes: each generation samples parents from the population
    by score quantile, makes `offspring_size` children by graph crossover and mutation, and keeps the
    `population_size` best. The starting population's scores are oracle calls too. Runs until the
    budget is spent or `max_generations` pass (repeats cost nothing, so a converged population could
    otherwise loop for ever)."""
    from mol_ga import default_ga

    try:
        default_ga(
            starting_population_smiles=starting_population(solutes, int(settings["initial_population"]), seed),
            scoring_function=oracle,
            max_generations=int(settings["max_generations"]),
            offspring_size=int(settings["offspring_size"]),
            population_size=int(settings["population_size"]),
            rng=random.Random(seed),
            logger=log,
        )
    except BudgetSpent:
        pass


def _scaffold(smiles: str) -> str | None:
    from rdkit import Chem
    from rdkit.Chem.Scaffolds import MurckoScaffold

    mol = Chem.MolFromSmiles(smiles)
    return None if mol is None else Chem.MolToSmiles(MurckoScaffold.GetScaffoldForMol(mol))


def reinvent(oracle: Oracle, solutes: list[str], seed: int, settings: dict) -> None:
    """REINVENT (Olivecrona et al., J. Cheminform. 2017): an agent, initialized as the SMILES or SELFIES
    prior (design/smiles_rnn.py), samples a batch; each sequence's target log-likelihood is the frozen
    prior's plus `sigma` × its score, and the agent is pulled toward it by the squared difference (the
    augmented-likelihood loss keeps it near the prior's chemistry while it climbs). A replay memory of
    the best `memory_size` molecules adds `replay` of them to every step, and a scaffold diversity
    filter (Blaschke et al. 2020) scores 0 for the agent whatever scores at least `filter_min_score`
    once its Murcko scaffold already has `filter_bucket` such molecules, so it cannot settle on one
    scaffold. The oracle's own scores are recorded unfiltered. `solutes` are unused here: the prior,
    fine-tuned on them, is this generator's start."""
    from molpair.design.smiles_rnn import load_prior

    prior, vocabulary, provenance = load_prior(settings["prior"])
    agent = copy.deepcopy(prior)
    prior.requires_grad_(False).eval()
    optimizer = torch.optim.Adam(agent.parameters(), lr=float(settings["lr"]))
    generator = torch.Generator().manual_seed(seed)
    sigma, max_length = float(settings["sigma"]), int(provenance["max_length"])
    memory: dict[str, float] = {}  # SMILES → score, the best `memory_size`
    buckets: dict[str, int] = {}
    seen: set[str] = set()
    for _ in range(int(settings["max_steps"])):  # repeats cost nothing: a collapsed agent must still end
        tokens, agent_likelihood = agent.sample(int(settings["batch_size"]), max_length, generator)
        smiles = [vocabulary.decode(row) for row in tokens.tolist()]
        try:
            scores = oracle(smiles)
        except BudgetSpent:
            return
        rewards = []
        for text, score in zip(smiles, scores):
            scaffold = _scaffold(text) if score >= settings["filter_min_score"] else None
            if scaffold is not None and text not in seen:
                seen.add(text)
                buckets[scaffold] = buckets.get(scaffold, 0) + 1
            filtered = scaffold is not None and buckets[scaffold] > settings["filter_bucket"]
            rewards.append(0.0 if filtered else score)
            if score > 0:
                memory[text] = max(score, memory.get(text, 0.0))
        memory = dict(heapq.nlargest(int(settings["memory_size"]), memory.items(), key=lambda item: item[1]))
        with torch.no_grad():
            prior_likelihood = prior.log_likelihood(tokens)
        target = prior_likelihood + sigma * torch.tensor(rewards)
        loss = ((target - agent_likelihood) ** 2).mean()
        replayable = sorted(text for text in memory if vocabulary.encodable(text))  # a decoded SELFIES may not re-encode
        if replayable and settings["replay"] > 0:
            chosen = random.Random(seed + len(seen)).sample(replayable, min(int(settings["replay"]), len(replayable)))
            encoded = vocabulary.encode(chosen, max_length)
            with torch.no_grad():
                replay_target = prior.log_likelihood(encoded) + sigma * torch.tensor([memory[text] for text in chosen])
            loss = loss + ((replay_target - agent.log_likelihood(encoded)) ** 2).mean()
        optimizer.zero_grad()
        loss.backward()
        optimizer.step()


def cvae(oracle: Oracle, solutes: list[str], seed: int, settings: dict) -> None:
    """The conditional VAE (design/cvae.py), searched in its latent space by the cross-entropy method
    (Rubinstein 1999): each step decodes `population` latent points drawn from N(mean, std²) under the
    target's condition (its value and solvent), scores them, and refits mean and std to the `elites`
    best (std at least `min_sigma`, so the search never freezes). Starts from the prior N(0, I). Runs
    until the budget is spent or `max_steps` pass (repeats cost nothing). `solutes` are unused here: the
    model, trained on the dataset's pairs, is this generator's start."""
    from molpair.design.cvae import load_cvae

    trained, _ = load_cvae(settings["model"])
    population, elites = int(settings["population"]), int(settings["elites"])
    condition = trained.condition(oracle.target.value, oracle.target.solvent, population)
    generator = torch.Generator().manual_seed(seed)
    latent_dim = trained.model.sizes["latent_dim"]
    mean, std = torch.zeros(latent_dim), torch.ones(latent_dim)
    for _ in range(int(settings["max_steps"])):
        z = mean + std * torch.randn(population, latent_dim, generator=generator)
        try:
            scores = torch.tensor(oracle(trained.decode(z, condition)))
        except BudgetSpent:
            return
        best = z[scores.argsort(descending=True)[:elites]]
        mean, std = best.mean(dim=0), best.std(dim=0).nan_to_num(0.0).clamp(min=float(settings["min_sigma"]))


GENERATORS: dict[str, Callable[[Oracle, list[str], int, dict], None]] = {
    "graph_ga": graph_ga, "reinvent": reinvent, "cvae": cvae
}
