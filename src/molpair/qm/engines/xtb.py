"""xtb adapter: runs the `xtb` program (GFN2-xTB, GFN1-xTB, GFN-FF) and parses what it prints.

Status comes from the output text, not the exit code alone: xtb 6.5 exits 0 and reports normal
termination even when the optimizer ran out of cycles ("FAILED TO CONVERGE GEOMETRY OPTIMIZATION").
"""

from __future__ import annotations

import re
import tempfile
from pathlib import Path

import numpy as np

from molpair.qm import record
from molpair.qm.engines.base import Result, Structure
from molpair.qm.engines.external import Completed, ExternalEngine, run_program, thread_environment

INPUT = "input.xyz"
METHOD_FLAGS = {"GFN2-xTB": ["--gfn", "2"], "GFN1-xTB": ["--gfn", "1"], "GFN-FF": ["--gfnff"]}

SCF_FAILED_TEXT = "Self consistent charge iterator did not converge"
NOT_CONVERGED_TEXT = "FAILED TO CONVERGE GEOMETRY OPTIMIZATION"
FATAL_TEXTS = ("[ERROR] Program stopped due to fatal error", "abnormal termination of xtb")

_FLOAT = r"[-+]?\d+\.\d*(?:[EeDd][-+]?\d+)?"
_ENERGY = re.compile(rf"\|\s*TOTAL ENERGY\s+({_FLOAT})\s+Eh")
_ORBITAL = re.compile(rf"^\s*\d+\s+(?:{_FLOAT}\s+)?{_FLOAT}\s+({_FLOAT})\s+\((HOMO|LUMO)\)", re.M)
_DIPOLE_GFN2 = re.compile(rf"molecular dipole:.*?\n\s*full:\s+{_FLOAT}\s+{_FLOAT}\s+{_FLOAT}\s+({_FLOAT})", re.S)
_DIPOLE_GFN1 = re.compile(rf"total \(Debye\):\s+({_FLOAT})")
_STEPS = re.compile(r"GEOMETRY OPTIMIZATION (?:CONVERGED AFTER|IN) +(\d+) ITERATIONS")
_CHARGE_GFN2 = re.compile(rf"^\s*\d+\s+\d+\s+[A-Z][a-z]?\s+{_FLOAT}\s+({_FLOAT})\s+{_FLOAT}\s+{_FLOAT}\s*$", re.M)
_CHARGE_GFN1 = re.compile(rf"^\s*\d+[A-Z][a-z]?\s+({_FLOAT})\s+{_FLOAT}(?:\s+{_FLOAT}){{3}}\s*$", re.M)


def write_xyz(path: Path, elements: list[str], coords: np.ndarray, comment: str = "") -> None:
    lines = [str(len(elements)), comment]
    lines += [f"{e:<2s} {x:20.12f} {y:20.12f} {z:20.12f}" for e, (x, y, z) in zip(elements, np.asarray(coords, float))]
    Path(path).write_text("\n".join(lines) + "\n")


def parse_xyz(text: str) -> tuple[list[str], np.ndarray]:
    """Elements and coordinates (Å) of the first structure in XYZ text."""
    lines = text.splitlines()
    n = int(lines[0].split()[0])
    rows = [line.split() for line in lines[2 : 2 + n]]
    return [r[0] for r in rows], np.array([[float(v) for v in r[1:4]] for r in rows])


def _last_float(pattern: re.Pattern, text: str) -> float | None:
    matches = pattern.findall(text)
    return float(matches[-1]) if matches else None


def _orbitals(text: str) -> tuple[float | None, float | None]:
    """HOMO and LUMO (eV) from the last orbital-energy block that labels them."""
    found: dict[str, float] = {}
    for energy_ev, label in _ORBITAL.findall(text):
        found[label] = float(energy_ev)  # later blocks overwrite earlier ones
    return found.get("HOMO"), found.get("LUMO")


def _charges_from_text(text: str) -> list[float] | None:
    """Atomic partial charges from the last property printout (GFN2 `q` column, GFN1 Mulliken)."""
    block = text[text.rfind("Property Printout") :] if "Property Printout" in text else text
    for pattern in (_CHARGE_GFN2, _CHARGE_GFN1):
        values = pattern.findall(block)
        if values:
            return [float(v) for v in values]
    return None


def _final_structure(text: str) -> np.ndarray | None:
    marker = text.rfind("final structure:")
    if marker < 0:
        return None
    body = text[marker:].split("\n", 2)[2]  # skip the marker and its underline
    return parse_xyz(body)[1]


def _error_block(text: str) -> str | None:
    start = text.rfind("[ERROR]")
    return text[start:].strip() if start >= 0 else None


def parse_output(text: str) -> Result:
    """A Result from saved xtb standard output (status, energy, orbitals, dipole, charges, steps)."""
    match = _STEPS.findall(text)
    result = Result(
        status=record.OK,
        energy=_last_float(_ENERGY, text),
        coords=_final_structure(text),
        dipole=_last_float(_DIPOLE_GFN2, text) if "molecular dipole:" in text else _last_float(_DIPOLE_GFN1, text),
        charges=_charges_from_text(text),
        n_steps=int(match[-1]) if match else 0,
    )
    result.homo, result.lumo = _orbitals(text)
    if SCF_FAILED_TEXT in text:
        result.status, result.error = record.SCF_FAILED, _error_block(text) or SCF_FAILED_TEXT
    elif any(marker in text for marker in FATAL_TEXTS):
        result.status, result.error = record.CRASHED, _error_block(text) or text.strip()[-2000:]
    elif NOT_CONVERGED_TEXT in text:
        result.status = record.NOT_CONVERGED
        result.error = f"geometry optimization not converged after {result.n_steps} cycles (last step reported)"
    elif result.energy is None:
        result.status, result.error = record.CRASHED, "no TOTAL ENERGY in the xtb output"
    return result


def parse_output_file(path: str | Path) -> Result:
    """The record of a saved output file (a site importing calculations it already ran)."""
    return parse_output(Path(path).read_text(errors="replace"))


def _common_args(method: str, structure: Structure, solvent: str | None, threads: int) -> list[str]:
    args = ["--chrg", str(structure.charge), "--uhf", str(structure.multiplicity - 1), *METHOD_FLAGS[method]]
    if solvent:
        args += ["--alpb", solvent]
    return args + ["-P", str(threads)]


class XTBEngine(ExternalEngine):
    """Settings: xtb_opt_level (--opt), max_steps (--cycles), solvent (ALPB, optional)."""

    name = "xtb"
    supported_methods = ("GFN2-xTB", "GFN1-xTB", "GFN-FF")

    def version_pattern(self) -> str:
        return r"xtb version (\S+)"

    def prepare(self, structure: Structure, workdir: Path) -> list[str]:
        write_xyz(workdir / INPUT, structure.elements, structure.coords, "molpair")
        opt = ["--opt", self.settings["xtb_opt_level"], "--cycles", str(self.settings["max_steps"])]
        return [self.executable, INPUT, *opt, *_common_args(self.method, structure, self.settings.get("solvent"), self.threads)]

    def interpret(self, structure: Structure, workdir: Path, completed: Completed) -> Result:
        result = parse_output(completed.stdout)
        failed = completed.returncode != 0 or "abnormal termination" in completed.stderr
        if result.status == record.CRASHED or (failed and result.status != record.SCF_FAILED):
            result.status = record.CRASHED
            result.error = _error_block(completed.stdout) or f"xtb exited with code {completed.returncode}\n{completed.tail()}"
        if result.status in (record.OK, record.NOT_CONVERGED):
            optimized = workdir / "xtbopt.xyz"
            if optimized.is_file():
                result.coords = parse_xyz(optimized.read_text())[1]
            result.charges = _charge_file(workdir) or result.charges
        return result


def _charge_file(workdir: Path) -> list[float] | None:
    """Charges at the final geometry, full precision: `charges` (GFN1/2) or `gfnff_charges`."""
    for name in ("charges", "gfnff_charges"):
        path = workdir / name
        if path.is_file():
            return [float(v) for v in path.read_text().split()]
    return None


def single_point(structure: Structure, executable: str = "xtb", method: str = "GFN2-xTB", threads: int = 1) -> float:
    """Total energy (Eh) of one geometry, no optimization; used to cross-check other GFN codes."""
    with tempfile.TemporaryDirectory(prefix="molpair-xtb-sp-") as scratch:
        workdir = Path(scratch)
        write_xyz(workdir / INPUT, structure.elements, structure.coords, "molpair")
        args = [executable, INPUT, "--sp", *_common_args(method, structure, None, threads)]
        completed = run_program(args, workdir, 600, thread_environment(threads))
    result = parse_output(completed.stdout)
    if completed.returncode != 0 or result.status != record.OK:
        raise RuntimeError(f"xtb single point failed ({result.status}): {result.error or completed.tail()}")
    return result.energy
