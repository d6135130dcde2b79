"""tblite adapter: GFN2-xTB / GFN1-xTB in-process, geometry optimized by `molpair.qm.optimizers`."""

from __future__ import annotations

import functools
import signal
import threading
import time
from contextlib import contextmanager
from importlib.metadata import version as package_version

import numpy as np
from ase import Atoms
from ase.calculators.calculator import Calculator as ASECalculator
from ase.calculators.calculator import CalculationFailed, all_changes
from ase.units import Bohr, Hartree, kB
from tblite.interface import Calculator

from molpair.qm import optimizers, record
from molpair.qm.engines.base import Engine, Result, Structure

EBOHR_TO_DEBYE = 2.541746473


class _TimeLimit(BaseException):
    """The sample's time limit; a BaseException, so an optimizer's own `except Exception` cannot swallow it."""


@contextmanager
def _alarm(seconds: float):
    """Raise _TimeLimit after `seconds` of wall time, wherever the optimization is: Sella, for one, can
    rebuild its internal coordinates for many minutes without asking the calculator for a force (seen on
    MNSol), so a deadline checked per calculation alone does not hold. Main thread only (Python's signals
    arrive there); elsewhere the calculator's check remains."""
    if threading.current_thread() is not threading.main_thread():
        yield
        return

    def expire(signum, frame):
        raise _TimeLimit

    previous = signal.signal(signal.SIGALRM, expire)
    signal.setitimer(signal.ITIMER_REAL, max(seconds, 1e-6))
    try:
        yield
    finally:
        signal.setitimer(signal.ITIMER_REAL, 0)
        signal.signal(signal.SIGALRM, previous)


class _GFN(ASECalculator):
    """Energy and forces from tblite's API, each SCF restarted from the previous step's wavefunction.

    Keeps the last tblite result, so the final properties (orbitals, charges, dipole) need no SCF of
    their own, and stops the optimizer (whichever it is) at its next calculation after the deadline
    (the main thread's _alarm stops it wherever it is).
    """

    implemented_properties = ["energy", "forces"]

    def __init__(self, method: str, structure: Structure, settings: dict, deadline: float):
        super().__init__()
        self.method, self.structure, self.settings, self.deadline = method, structure, settings, deadline
        self.accuracy = settings.get("step_accuracy") or settings["accuracy"]
        self._xtb: Calculator | None = None
        self.result = None

    def use_accuracy(self, accuracy: float) -> None:
        """SCF accuracy of the calculations from now on; the current geometry's result is recomputed."""
        if accuracy != self.accuracy:
            self.accuracy = accuracy
            if self._xtb is not None:
                self._xtb.set("accuracy", accuracy)
            self.reset()

    def calculate(self, atoms=None, properties=None, system_changes=all_changes):
        super().calculate(atoms, properties, system_changes)
        if time.perf_counter() > self.deadline:
            raise _TimeLimit
        positions = self.atoms.get_positions() / Bohr
        if self._xtb is None:
            self._xtb = Calculator(
                self.method, self.atoms.numbers, positions, self.structure.charge, self.structure.multiplicity - 1
            )
            self._xtb.set("accuracy", self.accuracy)
            self._xtb.set("temperature", self.settings["electronic_temperature"] * kB / Hartree)
            self._xtb.set("max-iter", self.settings["max_scf_iterations"])
            self._xtb.set("verbosity", 0)
            if self.settings.get("solvent"):
                self._xtb.add("alpb-solvation", self.settings["solvent"])
        else:
            self._xtb.update(positions)
        try:
            self.result = self._xtb.singlepoint(self.result)
        except RuntimeError as error:
            raise CalculationFailed(str(error)) from error
        self.results = {
            "energy": float(self.result.get("energy")) * Hartree,
            "forces": -np.asarray(self.result.get("gradient")) * Hartree / Bohr,
        }


def orbital_levels(res) -> tuple[np.ndarray, np.ndarray]:
    """Energies (eV, ascending) of the occupied and of the empty orbitals of a tblite result."""
    eps = np.asarray(res.get("orbital-energies")) * Hartree
    occ = np.asarray(res.get("orbital-occupations"))
    if occ.ndim > 1:
        occ = occ.sum(axis=0)
    return np.sort(eps[occ > 1e-6]), np.sort(eps[occ <= 1e-6])


class TBLiteEngine(Engine):
    """Settings: optimizer, fmax (eV/Å), max_steps, accuracy, step_accuracy, electronic_temperature (K),
    max_scf_iterations."""

    name = "tblite"
    supported_methods = ("GFN2-xTB", "GFN1-xTB")

    @functools.cached_property
    def version(self) -> str:
        return package_version("tblite")

    def _optimize(self, structure: Structure, time_limit_s: float) -> Result:
        atoms = Atoms(structure.elements, positions=np.asarray(structure.coords, dtype=float))
        atoms.calc = _GFN(self.method, structure, self.settings, time.perf_counter() + time_limit_s)
        steps = 0
        optimizer, fmax, max_steps = self.settings["optimizer"], self.settings["fmax"], self.settings["max_steps"]
        try:
            with _alarm(time_limit_s):
                converged, steps = optimizers.optimize(atoms, optimizer, fmax, max_steps)
                # Steps at a looser SCF (step_accuracy) end with the forces checked, and the optimization
                # continued where they are above fmax, at the configured accuracy.
                atoms.calc.use_accuracy(self.settings["accuracy"])
                if converged and np.linalg.norm(atoms.get_forces(), axis=1).max() > fmax:
                    converged, more = optimizers.optimize(atoms, optimizer, fmax, max_steps - steps)
                    steps += more
                atoms.get_potential_energy()  # the final geometry's result (no SCF if it was the last step)
        except CalculationFailed as error:
            return Result(status=record.SCF_FAILED, error=str(error))
        except _TimeLimit:
            return Result(
                status=record.TIMEOUT,
                error=f"time limit of {time_limit_s:g} s reached",
                coords=atoms.get_positions(),
            )
        result = self._properties(atoms.calc.result, atoms)
        result.n_steps = steps
        if not converged:
            result.status = record.NOT_CONVERGED
            result.error = f"fmax {self.settings['fmax']} eV/Å not reached in {self.settings['max_steps']} steps"
        return result

    def _properties(self, res, atoms: Atoms) -> Result:
        """Energy, orbitals, charges and dipole of tblite's result at the final geometry."""
        occupied, empty = orbital_levels(res)
        return Result(
            status=record.OK,
            energy=float(res.get("energy")),
            coords=atoms.get_positions(),
            homo=float(occupied.max()) if occupied.size else None,
            lumo=float(empty.min()) if empty.size else None,
            dipole=float(np.linalg.norm(res.get("dipole")) * EBOHR_TO_DEBYE),
            charges=[float(q) for q in res.get("charges")],
        )
