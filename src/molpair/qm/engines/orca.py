"""ORCA adapter: input writer, output parser and runner for ORCA's semi-empirical methods.

ORCA writes its report to stdout and, for optimizations, the last geometry to `<basename>.xyz`.
The parser reads what every ORCA 4.2-6 output shares (it is tested on real output files); for
ORCA + xtb runs (`XTB2`) ORCA itself prints no orbitals and no dipole, so those come from the xtb
output that ORCA embeds.

Implicit solvent: `ALPB(<solvent>)` for the xtb methods (the model xtb provides; ORCA 5 and 6 take
it as a simple-input keyword, while the older `CPCM(<solvent>)` route was turned into xtb's GBSA),
and `CPCM(<solvent>)` for the NDDO methods (AM1, PM3, MNDO), ORCA's own continuum model.
"""

from __future__ import annotations

import functools
import re
import subprocess
import tempfile
from pathlib import Path

import numpy as np

from molpair.config import ENGINE_METHODS
from molpair.qm import record
from molpair.qm.engines.base import Result, Structure
from molpair.qm.engines.external import OUTPUT_TAIL_CHARS, Completed, ExternalEngine

XTB_METHODS = ("XTB2", "Native-GFN2-xTB")
OPT_KEYWORDS = ("Opt", "LooseOpt", "TightOpt")

NORMAL_TERMINATION = "****ORCA TERMINATED NORMALLY****"
OPT_CONVERGED = "THE OPTIMIZATION HAS CONVERGED"
OPT_MAX_CYCLES = "The optimization did not converge but reached the maximum number"

_VERSION = re.compile(r"Program Version\s+(\S+)")
_FINAL_ENERGY = re.compile(r"^FINAL SINGLE POINT ENERGY\s+(-?\d+\.\d+)", re.M)
_OPT_CYCLE = re.compile(r"GEOMETRY OPTIMIZATION CYCLE\s+(\d+)")
_ERROR_TERMINATION = re.compile(r"ORCA finished by error termination in (\S+)")
_ERROR_LINE = re.compile(r"Error \([^)]*\):[^\n]*")
# Outcome of each SCF (ORCA) or SCC (embedded xtb); the last one decides.
_SCF_OUTCOME = re.compile(
    r"(?P<failed>(?<![-\w])SCF NOT CONVERGED AFTER|the SCF has not converged|Self consistent charge iterator did not converge)"
    r"|(?P<converged>(?<![-\w])SCF CONVERGED AFTER|convergence criteria satisfied after)"
)
_CARTESIAN = re.compile(r"^CARTESIAN COORDINATES \(ANGSTROEM\)\s*$", re.M)
_ATOM_ROW = re.compile(r"^\s*([A-Za-z]+)\S*\s+(-?\d+\.\d+)\s+(-?\d+\.\d+)\s+(-?\d+\.\d+)\s*$")
_ORBITALS = re.compile(r"^ORBITAL ENERGIES\s*$", re.M)
_MULLIKEN = re.compile(r"^MULLIKEN ATOMIC CHARGES.*$", re.M)
_CHARGE_ROW = re.compile(r"^\s*\d+\s+\S+\s*:\s*(-?\d+\.\d+)")
_DIPOLE = re.compile(r"^Magnitude \(Debye\)\s*:\s*(-?\d+\.\d+)", re.M)
_XTB_FRONTIER = re.compile(r"^\s*\d+\s+(?:\d+\.\d+\s+)?-?\d+\.\d+\s+(-?\d+\.\d+)\s+\((HOMO|LUMO)\)", re.M)
_XTB_DIPOLE = re.compile(r"molecular dipole:[^\n]*\n[^\n]*\n\s*q only:[^\n]*\n\s*full:\s+\S+\s+\S+\s+\S+\s+(-?\d+\.\d+)")


def write_input(
    structure: Structure,
    method: str,
    opt_keyword: str,
    max_steps: int,
    threads: int,
    maxcore_mb: int,
    solvent: str | None = None,
) -> str:
    """ORCA input text: keyword line, parallel/memory/optimizer blocks, inline xyz coordinates."""
    if opt_keyword not in (*OPT_KEYWORDS, "SP"):
        raise ValueError(f"orca_opt must be one of {(*OPT_KEYWORDS, 'SP')}, not {opt_keyword!r}")
    keywords = [method]
    if opt_keyword != "SP":
        keywords.append(opt_keyword)
    if solvent:
        keywords.append(f"{'ALPB' if method in XTB_METHODS else 'CPCM'}({solvent})")
    lines = ["! " + " ".join(keywords)]
    if threads > 1:
        lines.append(f"%pal nprocs {threads} end")
    lines.append(f"%maxcore {maxcore_mb}")
    if opt_keyword != "SP":
        lines.append(f"%geom MaxIter {max_steps} end")
    lines.append(f"* xyz {structure.charge} {structure.multiplicity}")
    for element, (x, y, z) in zip(structure.elements, np.asarray(structure.coords, dtype=float)):
        lines.append(f"{element:<2} {x:16.10f} {y:16.10f} {z:16.10f}")
    lines.append("*")
    return "\n".join(lines) + "\n"


def parse_output(text: str, xyz_text: str | None = None) -> Result:
    """What one ORCA output says: status, last energy/geometry/orbitals/dipole/charges, cycles.

    `xyz_text` is ORCA's `<basename>.xyz`, used for the geometry when the output prints none
    (ORCA + xtb runs). Failed runs keep what was printed before the failure.
    """
    elements, coords = _last_geometry(text)
    if coords is None and xyz_text:
        elements, coords = _xyz_geometry(xyz_text)
    homo, lumo = _orca_frontier(text)
    if homo is None and lumo is None:
        homo, lumo = _xtb_frontier(text)
    energies = _FINAL_ENERGY.findall(text)
    cycles = [int(n) for n in _OPT_CYCLE.findall(text)]
    status, error = _status(text, bool(cycles), bool(energies))
    version = _VERSION.search(text)
    return Result(
        status=status,
        error=error,
        energy=float(energies[-1]) if energies else None,
        coords=coords,
        homo=homo,
        lumo=lumo,
        dipole=_dipole(text),
        charges=_mulliken(text),
        n_steps=max(cycles, default=0),
        extra={"program_version": version.group(1) if version else None, "elements": elements},
    )


def parse_output_file(path: str | Path) -> Result:
    """Parse an ORCA .out file, with its sibling .xyz (same stem) where there is one."""
    path = Path(path)
    xyz = path.with_suffix(".xyz")
    return parse_output(path.read_text(errors="replace"), xyz.read_text() if xyz.is_file() else None)


def _status(text: str, optimization: bool, has_energy: bool) -> tuple[str, str | None]:
    """Status and error text: SCF failure first, then abnormal termination, then convergence."""
    outcome = None
    for outcome in _SCF_OUTCOME.finditer(text):
        pass
    if outcome is not None and outcome.group("failed"):
        line = _ERROR_LINE.search(text)
        return record.SCF_FAILED, line.group(0).strip() if line else outcome.group(0)
    aborted = _ERROR_TERMINATION.search(text)
    if aborted or NORMAL_TERMINATION not in text:
        line = _ERROR_LINE.search(text)
        reason = line.group(0).strip() if line else (aborted.group(0) if aborted else "ORCA did not terminate normally")
        return record.CRASHED, f"{reason}\n{text.strip()[-OUTPUT_TAIL_CHARS:]}"
    if optimization and OPT_CONVERGED not in text:
        if OPT_MAX_CYCLES in text:
            return record.NOT_CONVERGED, "the optimization reached the maximum number of cycles (MaxIter) without converging"
        return record.NOT_CONVERGED, "the optimization ended without converging"
    if not has_energy:
        return record.CRASHED, f"no FINAL SINGLE POINT ENERGY in the output\n{text.strip()[-OUTPUT_TAIL_CHARS:]}"
    return record.OK, None


def _block_lines(text: str, header: re.Pattern) -> list[str]:
    """Lines after the last match of `header` (empty if it never occurs)."""
    matches = list(header.finditer(text))
    return text[matches[-1].end() :].splitlines()[1:] if matches else []


def _last_geometry(text: str) -> tuple[list[str] | None, np.ndarray | None]:
    """Elements and coordinates (Å) of the last CARTESIAN COORDINATES (ANGSTROEM) block."""
    elements, coords = [], []
    for line in _block_lines(text, _CARTESIAN)[1:]:  # [0] is the dashed underline
        row = _ATOM_ROW.match(line)
        if row is None:
            break
        elements.append(row.group(1))
        coords.append([float(v) for v in row.groups()[1:]])
    return (elements, np.array(coords)) if coords else (None, None)


def _xyz_geometry(xyz_text: str) -> tuple[list[str] | None, np.ndarray | None]:
    """Elements and coordinates (Å) from an xyz file's text."""
    lines = xyz_text.splitlines()
    rows = [line.split() for line in lines[2 : 2 + int(lines[0])]] if lines and lines[0].strip().isdigit() else []
    if not rows:
        return None, None
    return [r[0] for r in rows], np.array([[float(v) for v in r[1:4]] for r in rows])


def _orca_frontier(text: str) -> tuple[float | None, float | None]:
    """HOMO/LUMO (eV) from the last ORBITAL ENERGIES block; with spin-up and spin-down blocks,
    the highest occupied and the lowest empty orbital of either spin."""
    occupied, empty = [], []
    for line in _block_lines(text, _ORBITALS):
        fields = line.split()
        if not fields or fields[0].startswith("-") or fields[0] in ("NO", "Index", "SPIN"):
            continue
        try:
            int(fields[0])
            occupation, energy_ev = float(fields[1]), float(fields[3])
        except (ValueError, IndexError):
            break
        (occupied if occupation > 0 else empty).append(energy_ev)
    return max(occupied, default=None), min(empty, default=None)


def _xtb_frontier(text: str) -> tuple[float | None, float | None]:
    """HOMO/LUMO (eV) from the last (HOMO)/(LUMO) rows of the embedded xtb orbital table."""
    found = {label: float(value) for value, label in _XTB_FRONTIER.findall(text)}
    return found.get("HOMO"), found.get("LUMO")


def _dipole(text: str) -> float | None:
    """Dipole magnitude (Debye): ORCA's last `Magnitude (Debye)`, else the last xtb `full:` line."""
    values = _DIPOLE.findall(text) or _XTB_DIPOLE.findall(text)
    return float(values[-1]) if values else None


def _mulliken(text: str) -> list[float] | None:
    """Atomic charges of the last MULLIKEN ATOMIC CHARGES block."""
    charges = []
    for line in _block_lines(text, _MULLIKEN)[1:]:
        row = _CHARGE_ROW.match(line)
        if row is None:
            break
        charges.append(float(row.group(1)))
    return charges or None


@functools.lru_cache(maxsize=None)
def _banner_version(executable: str) -> str:
    """ORCA has no --version: given an input without coordinates it prints its banner and stops."""
    with tempfile.TemporaryDirectory(prefix="molpair-orca-version-") as scratch:
        Path(scratch, "version.inp").write_text("! SP\n")
        try:
            completed = subprocess.run(
                [executable, "version.inp"], cwd=scratch, capture_output=True, text=True, timeout=60, stdin=subprocess.DEVNULL
            )
        except (OSError, subprocess.TimeoutExpired) as error:
            return f"unknown ({error})"
    match = _VERSION.search(completed.stdout)
    return match.group(1) if match else "unknown"


class ORCAEngine(ExternalEngine):
    """Settings: orca_opt (Opt/LooseOpt/TightOpt/SP), max_steps (MaxIter), solvent; options: threads,
    orca_maxcore_mb, orca_path."""

    name = "orca"
    supported_methods = ENGINE_METHODS["orca"]

    @property
    def version(self) -> str:
        return _banner_version(self._program())

    def _program(self) -> str:
        """Absolute path with symlinks resolved: ORCA starts its sub-programs (and mpirun) from there."""
        return str(Path(self.executable).resolve())

    def prepare(self, structure: Structure, workdir: Path) -> list[str]:
        text = write_input(
            structure,
            self.method,
            self.settings["orca_opt"],
            self.settings["max_steps"],
            self.threads,
            int(self.options.get("orca_maxcore_mb", 1000)),
            self.settings.get("solvent"),
        )
        (workdir / "input.inp").write_text(text)
        return [self._program(), "input.inp"]

    def interpret(self, structure: Structure, workdir: Path, completed: Completed) -> Result:
        xyz = workdir / "input.xyz"
        result = parse_output(completed.stdout, xyz.read_text() if xyz.is_file() else None)
        failed = (record.SCF_FAILED, record.CRASHED)
        if completed.returncode != 0 and result.status not in failed:
            return Result(status=record.CRASHED, error=f"orca exited with code {completed.returncode}\n{completed.tail()}")
        if result.status in failed:
            # Values printed before the failure are not results of this calculation.
            error = result.error if not completed.stderr.strip() else f"{result.error}\n{completed.stderr.strip()[-500:]}"
            return Result(status=result.status, error=error, n_steps=result.n_steps)
        return result
