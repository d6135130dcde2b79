"""tblite adapter: GFN2-xTB / GFN1-xTB in-process, geometry optimized with an ASE optimizer."""

from __future__ import annotations

import functools
import time
from importlib.metadata import version as package_version

import numpy as np
from ase import Atoms
from ase.calculators.calculator import CalculationFailed
from ase.optimize import BFGS, FIRE, LBFGS
from ase.units import Bohr, Hartree
from tblite.ase import TBLite
from tblite.interface import Calculator

from molpair.qm import record
from molpair.qm.engines.base import Engine, Result, Structure

OPTIMIZERS = {"BFGS": BFGS, "LBFGS": LBFGS, "FIRE": FIRE}
EBOHR_TO_DEBYE = 2.541746473


class _TimeLimit(Exception):
    pass


class TBLiteEngine(Engine):
    """Settings: optimizer, fmax (eV/Å), max_steps, accuracy, electronic_temperature (K), max_scf_iterations."""

    name = "tblite"
    supported_methods = ("GFN2-xTB", "GFN1-xTB")

    @functools.cached_property
    def version(self) -> str:
        return package_version("tblite")

    def _calculator(self, structure: Structure) -> TBLite:
        return TBLite(
            method=self.method,
            charge=structure.charge,
            multiplicity=structure.multiplicity,
            accuracy=self.settings["accuracy"],
            electronic_temperature=self.settings["electronic_temperature"],
            max_iterations=self.settings["max_scf_iterations"],
            solvation=("alpb", self.settings["solvent"]) if self.settings.get("solvent") else None,
            verbosity=0,
        )

    def _optimize(self, structure: Structure, time_limit_s: float) -> Result:
        atoms = Atoms(structure.elements, positions=np.asarray(structure.coords, dtype=float))
        atoms.calc = self._calculator(structure)
        optimizer = OPTIMIZERS[self.settings["optimizer"]](atoms, logfile=None)
        deadline = time.perf_counter() + time_limit_s

        def check_time():
            if time.perf_counter() > deadline:
                raise _TimeLimit

        optimizer.attach(check_time)
        try:
            converged = optimizer.run(fmax=self.settings["fmax"], steps=self.settings["max_steps"])
        except CalculationFailed as error:
            return Result(status=record.SCF_FAILED, error=str(error), n_steps=optimizer.nsteps)
        except _TimeLimit:
            return Result(
                status=record.TIMEOUT,
                error=f"time limit of {time_limit_s:g} s reached after {optimizer.nsteps} steps",
                n_steps=optimizer.nsteps,
                coords=atoms.get_positions(),
            )
        result = self._properties(atoms, structure)
        result.n_steps = optimizer.nsteps
        if not converged:
            result.status = record.NOT_CONVERGED
            result.error = f"fmax {self.settings['fmax']} eV/Å not reached in {self.settings['max_steps']} steps"
        return result

    def _properties(self, atoms: Atoms, structure: Structure) -> Result:
        """Energy, orbitals, charges and dipole at the final geometry (one more SCF, public tblite API)."""
        calc = Calculator(
            self.method,
            atoms.numbers,
            atoms.get_positions() / Bohr,
            structure.charge,
            structure.multiplicity - 1,
        )
        calc.set("accuracy", self.settings["accuracy"])
        calc.set("max-iter", self.settings["max_scf_iterations"])
        calc.set("verbosity", 0)
        if self.settings.get("solvent"):
            calc.add("alpb-solvation", self.settings["solvent"])
        res = calc.singlepoint()
        eps = np.asarray(res.get("orbital-energies")) * Hartree
        occ = np.asarray(res.get("orbital-occupations"))
        if occ.ndim > 1:
            occ = occ.sum(axis=0)
        occupied, empty = eps[occ > 1e-6], eps[occ <= 1e-6]
        return Result(
            status=record.OK,
            energy=float(res.get("energy")),
            coords=atoms.get_positions(),
            homo=float(occupied.max()) if occupied.size else None,
            lumo=float(empty.min()) if empty.size else None,
            dipole=float(np.linalg.norm(res.get("dipole")) * EBOHR_TO_DEBYE),
            charges=[float(q) for q in res.get("charges")],
        )
