"""ETKDG embedding in the factory: molpair's bounded attempts against RDKit's default (ten per atom).

Every distinct molecule of a run's pairs table is embedded as a sample's start is (two tries, the second from
random coordinates) with molpair's EMBED_ATTEMPTS; the `--top` slowest of them are embedded again with RDKit's
default, where a strained fused dye can spend minutes. Prints each of those with both times and outcomes, and
the totals.

    python benchmarks/embedding.py --pairs results/chr_abs/pairs.parquet --top 5
"""

from __future__ import annotations

import argparse
import time

import pandas as pd

from molpair.chem.geometry import EMBED_ATTEMPTS, embed_molecule
from molpair.chem.molecules import MoleculeError, atom_count


def embed_seconds(smiles: str, seed: int, attempts: int) -> tuple[float, bool]:
    """(seconds, embedded) for the factory's embedding with at most `attempts` a try (0: RDKit's default)."""
    start = time.perf_counter()
    try:
        embed_molecule(smiles, seed, attempts)
    except MoleculeError:
        return time.perf_counter() - start, False
    return time.perf_counter() - start, True


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--pairs", required=True, help="a run's pairs.parquet")
    parser.add_argument("--top", type=int, default=5, help="how many of the slowest molecules to embed with RDKit's default")
    parser.add_argument("--seed", type=int, default=7)
    args = parser.parse_args()

    pairs = pd.read_parquet(args.pairs, columns=["solute_smiles", "solvent_smiles"])
    molecules = sorted(set(pairs["solute_smiles"]) | set(pairs["solvent_smiles"]))
    bounded = {smiles: embed_seconds(smiles, args.seed, EMBED_ATTEMPTS) for smiles in molecules}
    slowest = sorted(molecules, key=lambda smiles: -bounded[smiles][0])[: args.top]
    print(f"{len(molecules)} molecules, {EMBED_ATTEMPTS} attempts a try: {sum(s for s, _ in bounded.values()):.1f} s in all, "
          f"{sum(not ok for _, ok in bounded.values())} not embedded")
    print(f"the {len(slowest)} slowest, again with RDKit's default attempts (ten per atom):")
    print("| atoms | bounded s (embedded) | RDKit default s (embedded) | default ÷ bounded | SMILES |")
    print("| --- | --- | --- | --- | --- |")
    totals = [0.0, 0.0]
    for smiles in slowest:
        (fast, fast_ok), (slow, slow_ok) = bounded[smiles], embed_seconds(smiles, args.seed, 0)
        totals[0] += fast
        totals[1] += slow
        print(f"| {atom_count(smiles)} | {fast:.1f} ({fast_ok}) | {slow:.1f} ({slow_ok}) | {slow / fast:.1f}× | {smiles} |")
    print(f"those {len(slowest)}: {totals[0]:.1f} s bounded, {totals[1]:.1f} s with RDKit's default ({totals[1] / totals[0]:.1f}×)")


if __name__ == "__main__":
    main()
