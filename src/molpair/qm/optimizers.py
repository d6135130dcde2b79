"""Geometry optimizers for in-process engines: each drives an ASE calculator to one force threshold.

All stop when the largest atomic force is below `fmax` (eV/Å), so they compare at equal
convergence. ASE's BFGS, LBFGS and FIRE work in Cartesian coordinates; ModelBFGS (the default) is
ASE's BFGS started from Lindh's model Hessian; Sella (internal coordinates, Hermes et al. 2022) is a
dependency; geomeTRIC (translation-rotation-internal coordinates, made for non-covalent complexes;
Wang & Song 2016) comes with the `optimizers` extra. `auto` picks LBFGS or Sella by size.
benchmarks/optimizers.py compares them.
"""

from __future__ import annotations

import logging
import tempfile
from collections.abc import Callable

import numpy as np
from ase import Atoms
from ase.optimize import BFGS, FIRE, LBFGS
from ase.units import Bohr, Hartree

from molpair.qm.model_hessian import lindh


def _ase(optimizer_class) -> Callable[[Atoms, float, int], tuple[bool, int]]:
    def run(atoms: Atoms, fmax: float, max_steps: int) -> tuple[bool, int]:
        optimizer = optimizer_class(atoms, logfile=None)
        converged = optimizer.run(fmax=fmax, steps=max_steps)
        return bool(converged), optimizer.nsteps

    return run


# Added to the model Hessian's diagonal (eV/Å²): it gives the whole complex's translations and
# rotations, and those of distant molecules, no stiffness, and BFGS divides by its eigenvalues.
# 0.2, 0.5 and 1.0 are within noise of one another (results/reference/factory/shift/).
MODEL_HESSIAN_SHIFT = 0.5


class ModelBFGS(BFGS):
    """ASE's BFGS started from Lindh's model Hessian (`model_hessian.lindh`) instead of 70 eV/Å² · 1."""

    def initialize(self):
        super().initialize()
        atoms = self.optimizable.atoms
        self.H0 = lindh(atoms.numbers, atoms.positions) + MODEL_HESSIAN_SHIFT * np.eye(3 * len(atoms))


def _sella(atoms: Atoms, fmax: float, max_steps: int) -> tuple[bool, int]:
    from sella import Sella

    optimizer = Sella(atoms, order=0, internal=True, logfile=None)
    converged = optimizer.run(fmax=fmax, steps=max_steps)
    return bool(converged), optimizer.nsteps


def _geometric(atoms: Atoms, fmax: float, max_steps: int) -> tuple[bool, int]:
    """TRIC optimization with geomeTRIC's only criterion set to the largest atomic gradient."""
    from geometric.ase_engine import EngineASE
    from geometric.errors import GeomOptNotConvergedError
    from geometric.internal import DelocalizedInternalCoordinates
    from geometric.molecule import Molecule
    from geometric.optimize import Optimize
    from geometric.params import OptParams

    logging.getLogger("geometric").setLevel(logging.WARNING)
    molecule = Molecule()
    molecule.elem = atoms.get_chemical_symbols()
    molecule.xyzs = [atoms.get_positions()]
    engine = EngineASE(molecule, atoms.calc)
    # TRIC: delocalized internals, fragments joined by translations and rotations (connect=False).
    coordinates = DelocalizedInternalCoordinates(molecule, build=True, connect=False, addcart=False)
    off = 1e3  # the other criteria never bind
    params = OptParams(
        convergence_gmax=fmax * Bohr / Hartree,
        convergence_grms=off,
        convergence_drms=off,
        convergence_dmax=off,
        convergence_energy=off,
        maxiter=max_steps,
    )
    with tempfile.TemporaryDirectory(prefix="molpair-geometric-") as work:
        try:
            progress = Optimize(molecule.xyzs[0].flatten() / Bohr, molecule, coordinates, engine, work, params, print_info=False)
            converged = True
        except GeomOptNotConvergedError:
            progress, converged = None, False
    if progress is not None:
        atoms.set_positions(progress.xyzs[-1])
        return converged, len(progress) - 1
    atoms.set_positions(engine.ase_atoms.get_positions())
    return converged, max_steps


# `auto`: complexes of at least this many atoms (hydrogens included) go to Sella, smaller ones to
# LBFGS. Sella's steps are fewer but cost more Python; where a GFN2 step is cheap (FreeSolv, MNSol)
# LBFGS is faster, on dyes Sella is; their fitted costs cross at 50-55 atoms (results/reference/factory/).
SELLA_FROM_ATOMS = 50

OPTIMIZERS: dict[str, Callable[[Atoms, float, int], tuple[bool, int]]] = {
    "BFGS": _ase(BFGS),
    "ModelBFGS": _ase(ModelBFGS),
    "LBFGS": _ase(LBFGS),
    "FIRE": _ase(FIRE),
    "Sella": _sella,
    "geomeTRIC": _geometric,
}


def choose(name: str, n_atoms: int) -> str:
    """The optimizer that runs: `name`, or for `auto` the faster one at this size."""
    if name != "auto":
        return name
    return "Sella" if n_atoms >= SELLA_FROM_ATOMS else "LBFGS"


def optimize(atoms: Atoms, name: str, fmax: float, max_steps: int) -> tuple[bool, int]:
    """Relax `atoms` (calculator attached) in place; return (converged, optimizer steps)."""
    name = choose(name, len(atoms))
    try:
        return OPTIMIZERS[name](atoms, fmax, max_steps)
    except ModuleNotFoundError as error:
        raise RuntimeError(f"optimizer {name} needs {error.name}: pip install 'molpair[optimizers]'") from error
