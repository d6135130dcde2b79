"""Generators that propose designs to an Oracle until its budget is spent (a registry by config name).

Each takes (oracle, the oracle dataset's measured pairs, seed, settings): the pairs are a frame with
`solute_smiles` and `target` (the measured value); `settings` is the design section with the method's own
section merged over it (e.g. `reinvent`'s sigma and replay).
"""

from __future__ import annotations

import copy
import heapq
import logging
import random
from typing import Callable

import pandas as pd
import torch
from torch import nn

from molpair.design.metrics import largest_ring_system, murcko_scaffold
from molpair.design.oracle import BudgetSpent, Oracle, Target, charge_key, windows_from_target
from molpair.design.screen import Screen

log = logging.getLogger(__name__)


def starting_population(solutes: list[str], size: int, seed: int) -> list[str]:
    """`size` distinct solutes of the oracle's dataset, drawn with `seed`."""
    distinct = sorted(set(solutes))
    return random.Random(seed).sample(distinct, min(size, len(distinct)))


def graph_ga(oracle: Oracle, measured: pd.DataFrame, seed: int, settings: dict) -> None:
    """Graph GA (Jensen, Chem. Sci. 2019) through the mol-ga package, starting from
    `initial_population` of the dataset's solutes (`start`: a random draw with the seed, or `nearest`,
    those measured nearest the target, as REINVENT's inception): each generation samples parents from the
    population by score quantile, makes `offspring_size` children by graph crossover and mutation, and
    keeps the `population_size` best. The starting population's scores are oracle calls too. Runs until
    the budget is spent or `max_generations` pass (repeats cost nothing, so a converged population could
    otherwise loop for ever)."""
    from mol_ga import default_ga

    size = int(settings["initial_population"])
    if settings["start"] == "nearest":
        start = nearest_measured(measured, oracle.target, size)
    else:
        start = starting_population(measured["solute_smiles"].tolist(), size, seed)
    try:
        default_ga(
            starting_population_smiles=start,
            scoring_function=oracle,
            max_generations=int(settings["max_generations"]),
            offspring_size=int(settings["offspring_size"]),
            population_size=int(settings["population_size"]),
            rng=random.Random(seed),
            logger=log,
        )
    except BudgetSpent:
        pass


FILTER_GROUPS: dict[str, Callable[[str], str]] = {"scaffold": murcko_scaffold, "core": largest_ring_system}


def shaped_reward(score: float, breadth: float, closeness_weight: float) -> float:
    """The RL agent's reward for an oracle score: (1 − w) × the ramp 1 − d / breadth at d windows from the
    target (0 beyond `breadth` windows) + w × the score itself, w = `closeness_weight`; 0 where the score is
    0 (outside the domain). The score (closeness) falls as 1/d² and is below 0.01 ten windows away, too flat
    for the policy gradient to leave where the prior starts (a first run at 650 nm never climbed: mean score
    4e-4 over 10,000 calls); the ramp keeps the same slope at every distance, but is nearly flat across the
    window itself (0.97 at its edge), so on its own it pays a near miss almost as well as a hit. The score's
    share sharpens the reward there (Blaschke et al. 2020 likewise transform each score before the agent
    sees it)."""
    if score <= 0:
        return 0.0
    ramp = max(0.0, 1.0 - windows_from_target(score) / breadth)
    return (1.0 - closeness_weight) * ramp + closeness_weight * score


def _distance_to_target(measured: pd.DataFrame, target: Target) -> pd.Series:
    """Per distinct solute (sorted), how far its measurement nearest the target's value lies from it (any solvent)."""
    return (measured["target"] - target.value).abs().groupby(measured["solute_smiles"]).min()


def target_class(measured: pd.DataFrame, target: Target, windows: float) -> list[str]:
    """The distinct solutes measured within `windows` windows of the target's value, in any solvent."""
    distance = _distance_to_target(measured, target)
    return distance.index[distance <= windows * target.window].tolist()


def nearest_measured(measured: pd.DataFrame, target: Target, count: int) -> list[str]:
    """The `count` distinct solutes measured nearest the target's value, nearest first."""
    return _distance_to_target(measured, target).sort_values(kind="stable").index[:count].tolist()


def randomized_smiles(smiles: str, seed: int) -> str:
    """Another SMILES of the same molecule, from a seeded random atom order (SMILES augmentation); the
    input itself where RDKit cannot parse it."""
    from rdkit import Chem

    mol = Chem.MolFromSmiles(smiles)
    return smiles if mol is None else Chem.MolToRandomSmilesVect(mol, 1, randomSeed=seed)[0]


class RewardBook:
    """What the REINVENT agent is paid for its oracle scores (see `reinvent`), and the replay memory.

    A score becomes the reward `shaped_reward`; the scaffold diversity filter (Blaschke et al. 2020) pays 0
    for a molecule scoring at least `filter_min_score` once its group holds more than `filter_bucket` such
    molecules (`filter_groups`: its Murcko scaffold, or its core, the largest ring system, which does not
    tell apart variants of one dye that differ in the chains between its rings); a molecule sampled before
    (in an earlier step or earlier in the batch) earns `repeat_reward` × its reward. `memory` keeps the best `memory_size` molecules with their unfiltered,
    unpenalized reward; with `purge_memory`, a scaffold the filter closes leaves it; with `forget_resampled`,
    so does a molecule the agent samples again (it has learned it)."""

    def __init__(self, settings: dict):
        self.settings = settings
        self.memory: dict[str, float] = {}  # SMILES → reward
        self.sampled_before: set[str] = set()  # charge keys (canonical SMILES) of every molecule scored so far
        self._groups: dict[str, str | None] = {}  # memory SMILES → its filter group, for the purge
        self._keys: dict[str, str] = {}  # memory SMILES → charge key, for forget_resampled
        self._learned: set[str] = set()  # charge keys sampled again (forget_resampled only)
        self._buckets: dict[str, int] = {}  # filter group → distinct molecules scoring at least filter_min_score
        self._closed: set[str] = set()  # groups the filter has closed (purge_memory only)

    def reward(self, smiles: list[str], scores: list[float]) -> list[float]:
        """The agent's rewards for `smiles` with their oracle `scores`, in order; updates the memory."""
        settings = self.settings
        breadth, weight = float(settings["reward_breadth"]), float(settings["closeness_weight"])
        rewards = []
        for text, score in zip(smiles, scores):
            key = charge_key(text)
            repeat = key in self.sampled_before
            self.sampled_before.add(key)
            if repeat and settings["forget_resampled"]:
                self._learned.add(key)
            group = FILTER_GROUPS[settings["filter_groups"]](text) if score >= settings["filter_min_score"] else None
            if group is not None and not repeat:
                self._buckets[group] = self._buckets.get(group, 0) + 1
            filtered = group is not None and self._buckets[group] > settings["filter_bucket"]
            reward = shaped_reward(score, breadth, weight)
            rewards.append(0.0 if filtered else reward * (float(settings["repeat_reward"]) if repeat else 1.0))
            if filtered and settings["purge_memory"]:
                self._closed.add(group)
            elif reward > 0:
                self.memory[text] = max(reward, self.memory.get(text, 0.0))
                self._groups[text], self._keys[text] = group, key
        memory = {text: value for text, value in self.memory.items()
                  if self._groups[text] not in self._closed and self._keys[text] not in self._learned}
        self.memory = dict(heapq.nlargest(int(settings["memory_size"]), memory.items(), key=lambda item: item[1]))
        return rewards


def reinvent(oracle: Oracle, measured: pd.DataFrame, seed: int, settings: dict) -> None:
    """REINVENT (Olivecrona et al., J. Cheminform. 2017) after transfer learning to the target class
    (Segler et al., ACS Cent. Sci. 2018): the SMILES or SELFIES prior (design/smiles_rnn.py) is first
    fine-tuned for `class_epochs` on the dataset's solutes measured within `class_windows` windows of the
    target (no oracle call), and that model is both the agent's start and the frozen prior. Inception
    (REINVENT 2.0, Blaschke et al., J. Chem. Inf. Model. 2020): the `inception` known solutes measured
    nearest the target are scored first (oracle calls like any other) and fill the replay memory, so the
    agent learns from real members of the target class from its first step. Then the agent samples a
    batch; each sequence's target log-likelihood is the frozen prior's plus `sigma` × its reward, and the
    agent is pulled toward it by the squared difference (the augmented-likelihood loss keeps it near the
    prior's chemistry while it climbs). The replay memory of the best `memory_size` molecules adds
    `replay` of them to every step. The rewards are RewardBook's: the score shaped by `shaped_reward`, a
    scaffold diversity filter so the agent cannot settle on one scaffold, and a share `repeat_reward` for
    a molecule sampled again (REINVENT 4's same-SMILES penalty): a repeat costs no oracle call, so an agent
    paid in full for repeats settles on what it has found and stops spending the budget (at 10,000 calls,
    batch 16 and full pay, 94 % of the samples were repeats and the run hit `max_steps` at 5,081 calls).
    The oracle records its own scores, unshaped and unfiltered.

    Augmented Memory (Guo and Schwaller, JACS Au 2024): after each step's update, `augmentation_rounds`
    more updates reuse the step's batch and the whole memory under randomized SMILES of the same
    molecules (rewards reused, no oracle call), and a scaffold the diversity filter closes is purged from
    the memory, so the replay cannot keep pulling the agent back to it.

    With `forget_resampled`, a molecule the agent samples a second time leaves the memory for good: replay
    teaches the agent what it has not learned yet, and the memory's pull (its augmented likelihood lies
    far above any reachable one at sigma 120) otherwise narrows the agent onto the molecules it already
    found (at 650 nm in toluene, new molecules per step fell from 11 to below 1 after step 250).

    With `edits`, each step also proposes that many local edits of replay-memory molecules (drawn
    uniformly): the agent resamples one token of each (SmilesRNN.edit), so what it has learned chooses the
    edit; they are scored, rewarded and learned from like its samples, until the oracle has spent
    `edit_calls`. The agent's free samples are broad early on and rarely land near the target; edits of the
    inception's dyes do, as Graph GA's children do, but an agent that keeps learning from them writes fewer
    hits of its own later (session 57, results/reference/design/PROVENANCE.md).

    With `screen` above 1, each step proposes that many times its batch and edits, and a learned screen
    (design/screen.py: a Gaussian process on the scores so far) sends the oracle the batch's and edits'
    number of new molecules with the highest expected improvement, with every repeat (free) and invalid
    string (charged, as without it); the proposals it passes over are neither scored nor learned from."""
    from molpair.design.smiles_rnn import fit, load_prior, writable

    prior, vocabulary, provenance = load_prior(settings["prior"])
    sigma, max_length = float(settings["sigma"]), int(provenance["max_length"])
    focus = [text for text in writable(target_class(measured, oracle.target, float(settings["class_windows"])),
                                        vocabulary.representation, max_length) if vocabulary.encodable(text)]
    if focus and settings["class_epochs"] > 0:
        fit(prior, vocabulary, focus, int(settings["class_epochs"]), int(settings["batch_size"]),
            float(settings["class_lr"]), max_length, seed, "target class")
    else:
        log.warning("no measured solute within %s windows of %s: the agent starts from the prior itself",
                    settings["class_windows"], oracle.target.name)
    agent = copy.deepcopy(prior)
    prior.requires_grad_(False).eval()
    optimizer = torch.optim.Adam(agent.parameters(), lr=float(settings["lr"]))
    generator = torch.Generator().manual_seed(seed)
    book, chooser = RewardBook(settings), random.Random(seed)

    def update(parts: list[tuple[torch.Tensor, list[float]]]) -> None:
        """One augmented-likelihood step on (encoded sequences, rewards) parts; each part weighs the same,
        however large."""
        parts = [(tokens, rewards) for tokens, rewards in parts if rewards]
        if not parts:
            return
        width = max(tokens.shape[1] for tokens, _ in parts)
        batch = torch.cat([nn.functional.pad(tokens, (0, width - tokens.shape[1])) for tokens, _ in parts])
        with torch.no_grad():
            target = prior.log_likelihood(batch) + sigma * torch.tensor([r for _, rewards in parts for r in rewards])
        squared = (target - agent.log_likelihood(batch)) ** 2
        loss = sum(chunk.mean() for chunk in squared.split([len(rewards) for _, rewards in parts]))
        optimizer.zero_grad()
        loss.backward()
        optimizer.step()

    def encoded(smiles: list[str], rewards: list[float]) -> tuple[torch.Tensor, list[float]]:
        """The pairs whose SMILES the vocabulary can write (a decoded SELFIES may not re-encode), encoded."""
        kept = [(text, reward) for text, reward in zip(smiles, rewards) if text and vocabulary.encodable(text)]
        return (vocabulary.encode([text for text, _ in kept], max_length) if kept else torch.zeros(0, 1, dtype=torch.long),
                [reward for _, reward in kept])

    inception = nearest_measured(measured, oracle.target, int(settings["inception"]))
    edits, from_edits = int(settings["edits"]), set()  # charge keys first proposed as an edit, for the log
    pool = int(settings["screen"])
    screen = Screen() if pool > 1 else None

    def scored(smiles: list[str]) -> list[float]:
        """The oracle's scores of `smiles`, learned by the screen too."""
        scores = oracle(smiles)
        if screen is not None:
            screen.record(smiles, scores)
        return scores

    try:
        book.reward(inception, scored(inception))
        for step in range(int(settings["max_steps"])):  # repeats cost nothing: a collapsed agent must still end
            edited = []
            parents = sorted(text for text in book.memory if vocabulary.encodable(text))
            editing = edits and parents and (settings["edit_calls"] is None or oracle.spent < settings["edit_calls"])
            if editing:
                parents = vocabulary.encode(chooser.choices(parents, k=edits * pool), max_length)
                edited = [vocabulary.decode(row) for row in agent.edit(parents, generator).tolist()]
            with torch.no_grad():  # the likelihoods with gradients come from one pass over whole sequences below
                tokens, _ = agent.sample(int(settings["batch_size"]) * pool, max_length, generator)
            sampled = [vocabulary.decode(row) for row in tokens.tolist()]
            if screen is not None:
                kept = screen.keep(sampled + edited, int(settings["batch_size"]) + (edits if editing else 0))
                rows = [index for index in kept if index < len(sampled)]
                edited = [edited[index - len(sampled)] for index in kept if index >= len(sampled)]
                tokens, sampled = tokens[rows], [sampled[index] for index in rows]
            proposed = sampled + edited
            new_samples = {charge_key(text) for text in sampled} - book.sampled_before
            from_edits |= {charge_key(text) for text in edited} - book.sampled_before - new_samples
            rewards = book.reward(proposed, scored(proposed))
            memory = book.memory
            replayable = sorted(text for text in memory if vocabulary.encodable(text))
            chosen = chooser.sample(replayable, min(int(settings["replay"]), len(replayable)))
            update([(tokens, rewards[:len(sampled)]), encoded(edited, rewards[len(sampled):]),
                    encoded(chosen, [memory[text] for text in chosen])])
            for round_ in range(int(settings["augmentation_rounds"])):
                random_seed = (seed * 1_000_003 + step * 101 + round_) % 2**31
                remembered = list(memory)
                update([encoded([randomized_smiles(text, random_seed) for text in proposed], rewards),
                        encoded([randomized_smiles(text, random_seed) for text in remembered],
                                [memory[text] for text in remembered])])
    except BudgetSpent:
        pass
    if edits:
        calls = oracle.table().iloc[len(inception):]
        edit = calls["canonical"].isin(from_edits)
        log.info("after the inception: %d calls were edits (%d hits), %d the agent's samples (%d hits)",
                 edit.sum(), calls.loc[edit, "hit"].sum(), (~edit).sum(), calls.loc[~edit, "hit"].sum())


def cvae(oracle: Oracle, measured: pd.DataFrame, seed: int, settings: dict) -> None:
    """The conditional VAE (design/cvae.py), searched in its latent space by the cross-entropy method
    (Rubinstein 1999): each step decodes `population` latent points drawn from N(mean, std²) under the
    target's condition (its value and solvent), scores them, and refits mean and std to the `elites`
    best (std at least `min_sigma`, so the search never freezes). Starts from the prior N(0, I). Runs
    until the budget is spent or `max_steps` pass (repeats cost nothing). `measured` is unused here: the
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


GENERATORS: dict[str, Callable[[Oracle, pd.DataFrame, int, dict], None]] = {
    "graph_ga": graph_ga, "reinvent": reinvent, "cvae": cvae
}
