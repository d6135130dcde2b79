"""Generators that propose designs to an Oracle until its budget is spent (a registry by config name)."""

from __future__ import annotations

import logging
import random
from typing import Callable

from molpair.design.oracle import BudgetSpent, Oracle

log = logging.getLogger(__name__)


def graph_ga(oracle: Oracle, starting: list[str], seed: int, settings: dict) -> None:
    """Graph GA (Jensen, Chem. Sci. 2019) through the mol-ga package: each generation samples parents
    from the population by score quantile, makes `offspring_size` children by graph crossover and
    mutation, and keeps the `population_size` best. The starting population's scores are oracle calls
    too. Runs until the budget is spent or `max_generations` pass (repeats cost nothing, so a
    converged population could otherwise loop for ever)."""
    from mol_ga import default_ga

    offspring = int(settings["offspring_size"])
    try:
        default_ga(
            starting_population_smiles=starting,
            scoring_function=oracle,
            max_generations=int(settings["max_generations"]),
            offspring_size=offspring,
            population_size=int(settings["population_size"]),
            rng=random.Random(seed),
            logger=log,
        )
    except BudgetSpent:
        pass


GENERATORS: dict[str, Callable[[Oracle, list[str], int, dict], None]] = {"graph_ga": graph_ga}
