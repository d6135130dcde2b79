"""MOPAC adapter: runs the `mopac` program (PM7, PM6, AM1, PM3) on a .mop input and parses the .out file.

Energy: MOPAC 22 prints no total energy by default, so `energy` is the FINAL HEAT OF FORMATION
(kcal/mol) converted to Eh. The atomic reference terms cancel in e_complex − e_solute − e_solvent,
so e_int is MOPAC's interaction enthalpy; absolute values are heats of formation, not electronic energies.

Status comes from the text: MOPAC exits 0 and prints "JOB ENDED NORMALLY" even after an input error.
Open shells run as UHF with the spin-state keyword (DOUBLET, TRIPLET, ...).
"""

from __future__ import annotations

import re
from pathlib import Path

import numpy as np

from molpair.qm import record
from molpair.qm.engines.base import Result, Structure
from molpair.qm.engines.external import Completed, ExternalEngine

INPUT = "molecule.mop"
OUTPUT = "molecule.out"
SPIN_STATES = {1: "SINGLET", 2: "DOUBLET", 3: "TRIPLET", 4: "QUARTET", 5: "QUINTET", 6: "SEXTET"}

SCF_FAILED_TEXTS = ("UNABLE TO ACHIEVE SELF-CONSISTENCE", "FAILED TO ACHIEVE SCF")
NOT_CONVERGED_TEXTS = (
    "EXCESS NUMBER OF OPTIMIZATION CYCLES",
    "NUMBER OF CYCLES EXCEEDED",
    "GRADIENT IS TOO LARGE",
    "FAILED DUE TO COUNTS EXCEEDED",
)
ERROR_BOX = "Error and normal termination messages reported in this calculation"

_FLOAT = r"-?\d+\.\d*"
_HEAT = re.compile(rf"FINAL HEAT OF FORMATION =\s*({_FLOAT}) KCAL/MOL")
_CYCLE_HEAT = re.compile(rf"^\s*CYCLE:\s+(\d+)\s.*HEAT:\s*({_FLOAT})", re.M)
_TOTAL = re.compile(rf"TOTAL ENERGY\s+=\s*({_FLOAT}) EV")
_HOMO_LUMO = re.compile(rf"HOMO LUMO ENERGIES \(EV\)\s*=\s*({_FLOAT})\s*({_FLOAT})")
_SOMO_LUMO = re.compile(rf"(?:ALPHA|BETA)\s+SOMO LUMO \(EV\)\s*=\s*({_FLOAT})\s*({_FLOAT})")
_DIPOLE = re.compile(rf"^\s*SUM\s+{_FLOAT}\s+{_FLOAT}\s+{_FLOAT}\s+({_FLOAT})", re.M)
_CHARGE_ROW = re.compile(rf"^\s*\d+\s+[A-Z][a-z]?\s+({_FLOAT})\s", re.M)
# Rows of the final CARTESIAN COORDINATES block, and of the CURRENT VALUE OF GEOMETRY block (flags after each value).
_XYZ_ROW = re.compile(rf"^\s*\d+\s+([A-Z][a-z]?)\s+({_FLOAT})\s+({_FLOAT})\s+({_FLOAT})\s*$")
_FLAGGED_ROW = re.compile(rf"^\s*([A-Z][a-z]?)\s+({_FLOAT})\s+[+-]?\d\s+({_FLOAT})\s+[+-]?\d\s+({_FLOAT})\s+[+-]?\d\s*$")
_GEOMETRY_HEADERS = ("CARTESIAN COORDINATES", "CURRENT VALUE OF GEOMETRY")
PREAMBLE_LINES = 6


def _last_geometry(text: str) -> np.ndarray | None:
    """Coordinates (Å) of the last Cartesian block: the optimized one, or the current one after a cycle limit.

    Up to PREAMBLE_LINES lines (column headers, keyword and title lines) may sit between a header and its rows.
    """
    lines = text.splitlines()
    starts = [i for i, line in enumerate(lines) if line.strip() in _GEOMETRY_HEADERS]
    for start in reversed(starts):
        rows = []
        for offset, line in enumerate(lines[start + 1 :]):
            match = _XYZ_ROW.match(line) or _FLAGGED_ROW.match(line)
            if match:
                rows.append([float(v) for v in match.groups()[1:]])
            elif rows or offset >= PREAMBLE_LINES:
                break
        if rows:
            return np.array(rows)
    return None


def _charges(text: str) -> list[float] | None:
    start = text.rfind("NET ATOMIC CHARGES")
    if start < 0:
        return None
    block = text[start : text.find("\n DIPOLE", start)]
    return [float(v) for v in _CHARGE_ROW.findall(block)] or None


def _orbitals(text: str) -> tuple[float | None, float | None]:
    """HOMO/LUMO (eV); for UHF the highest occupied and lowest empty of the alpha and beta sets."""
    pairs = _HOMO_LUMO.findall(text)[-1:] or _SOMO_LUMO.findall(text)[-2:]
    if not pairs:
        return None, None
    return max(float(h) for h, _ in pairs), min(float(lumo) for _, lumo in pairs)


def _messages(text: str) -> str | None:
    """The lines of MOPAC's closing error box, without the normal-termination line."""
    start = text.rfind(ERROR_BOX)
    if start < 0:
        return None
    lines = [line.strip(" *") for line in text[start:].splitlines()[1:]]
    messages = []
    for line in lines:
        if line.startswith("JOB ENDED NORMALLY") or line.startswith("TOTAL JOB TIME"):
            break
        if line:
            messages.append(line)
    return "\n".join(messages) or None


def parse_output(text: str) -> Result:
    """A Result from a MOPAC .out file (status, energy in Eh, geometry, orbitals, dipole, charges, cycles)."""
    cycles = _CYCLE_HEAT.findall(text)
    heat = _HEAT.findall(text)
    heat_kcal = float(heat[-1]) if heat else (float(cycles[-1][1]) if cycles else None)
    homo, lumo = _orbitals(text)
    dipole = _DIPOLE.findall(text)
    total = _TOTAL.findall(text)
    result = Result(
        status=record.OK,
        energy=heat_kcal / record.HARTREE_TO_KCAL if heat_kcal is not None else None,
        coords=_last_geometry(text),
        homo=homo,
        lumo=lumo,
        dipole=float(dipole[-1]) if dipole else None,
        charges=_charges(text),
        n_steps=int(cycles[-1][0]) if cycles else 0,
        extra={"heat_of_formation_kcal_mol": heat_kcal, "total_energy_ev": float(total[-1]) if total else None},
    )
    messages = _messages(text)
    if any(marker in text for marker in SCF_FAILED_TEXTS):
        result.status, result.error = record.SCF_FAILED, messages or "UNABLE TO ACHIEVE SELF-CONSISTENCE"
    elif any(marker in text for marker in NOT_CONVERGED_TEXTS):
        result.status = record.NOT_CONVERGED
        result.error = (messages or "optimization not converged") + " (energy of the last cycle, latest geometry)"
    elif not heat:
        result.status, result.error = record.CRASHED, messages or text.strip()[-2000:] or "empty MOPAC output"
    if result.status in (record.SCF_FAILED, record.CRASHED):
        result.energy = result.coords = None  # an input echo or a failed cycle is no result
    return result


def parse_output_file(path: str | Path) -> Result:
    """The record of a saved output file (a site importing calculations it already ran)."""
    return parse_output(Path(path).read_text(errors="replace"))


class MOPACEngine(ExternalEngine):
    """Settings: mopac_gnorm (GNORM, kcal/mol/Å), max_steps (CYCLES)."""

    name = "mopac"
    supported_methods = ("PM7", "PM6", "AM1", "PM3")

    def version_pattern(self) -> str:
        return r"MOPAC version (\S+)"

    def _optimize(self, structure: Structure, time_limit_s: float) -> Result:
        if structure.multiplicity not in SPIN_STATES:
            return Result(status=record.REJECTED, error=f"MOPAC has no keyword for multiplicity {structure.multiplicity}")
        return super()._optimize(structure, time_limit_s)

    def keywords(self, structure: Structure) -> list[str]:
        spin = [SPIN_STATES[structure.multiplicity]] + (["UHF"] if structure.multiplicity > 1 else [])
        return [
            self.method,
            f"CHARGE={structure.charge}",
            *spin,
            f"GNORM={self.settings['mopac_gnorm']}",
            f"CYCLES={self.settings['max_steps']}",
            f"THREADS={self.threads}",
        ]

    def prepare(self, structure: Structure, workdir: Path) -> list[str]:
        atoms = [
            f"{e:<2s} {x:16.10f} 1 {y:16.10f} 1 {z:16.10f} 1"
            for e, (x, y, z) in zip(structure.elements, np.asarray(structure.coords, float))
        ]
        (workdir / INPUT).write_text("\n".join([" ".join(self.keywords(structure)), "molpair", "", *atoms]) + "\n")
        return [self.executable, INPUT]

    def interpret(self, structure: Structure, workdir: Path, completed: Completed) -> Result:
        output = workdir / OUTPUT
        if completed.returncode != 0 or not output.is_file():
            return Result(status=record.CRASHED, error=f"mopac exited with code {completed.returncode}\n{completed.tail()}")
        return parse_output(output.read_text(errors="replace"))
