"""What restarting each SCF from the previous step's wavefunction saves, on one complex.

    python benchmarks/scf_restart.py --solute "CCCCc1ccccc1O" --solvent CCO --steps 40

tblite GFN2-xTB, one thread: milliseconds per energy+gradient after a small displacement, restarted
from the previous result (what molpair's tblite calculator does every optimizer step) and from
scratch (what the final-properties SCF of every sample did before it reused the last step's result).
"""

from __future__ import annotations

import argparse
import os
import time

for _variable in ("OMP_NUM_THREADS", "OPENBLAS_NUM_THREADS", "MKL_NUM_THREADS"):
    os.environ.setdefault(_variable, "1")

import numpy as np  # noqa: E402
from ase import Atoms  # noqa: E402
from ase.units import Bohr  # noqa: E402
from tblite.interface import Calculator  # noqa: E402

from molpair.chem.geometry import embed  # noqa: E402


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--solute", default="CCCCc1ccccc1O")
    parser.add_argument("--solvent", default="CCO")
    parser.add_argument("--steps", type=int, default=40)
    args = parser.parse_args()
    solute_el, solute = embed(args.solute, 3)
    solvent_el, solvent = embed(args.solvent, 4)
    numbers = Atoms(solute_el + solvent_el).numbers
    positions = np.vstack([solute, solvent + [5.0, 0.0, 0.0]])
    calc = Calculator("GFN2-xTB", numbers, positions / Bohr)
    calc.set("verbosity", 0)
    result = calc.singlepoint()
    rng = np.random.default_rng(0)
    timings = {}
    for label, restart in (("restarted", True), ("from scratch", False)):
        start = time.perf_counter()
        for _ in range(args.steps):
            positions = positions + rng.normal(scale=0.002, size=positions.shape)
            calc.update(positions / Bohr)
            result = calc.singlepoint(result) if restart else calc.singlepoint()
        timings[label] = (time.perf_counter() - start) / args.steps * 1000
    print(f"{len(numbers)} atoms: SCF restarted {timings['restarted']:.1f} ms, from scratch "
          f"{timings['from scratch']:.1f} ms ({timings['from scratch'] / timings['restarted']:.1f}x)")


if __name__ == "__main__":
    main()
