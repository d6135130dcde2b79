"""ORCA adapter: parser against real ORCA outputs (values from the fixtures' PROVENANCE.md), input
writer, the runner through a stand-in program, and a live run where `orca` is installed."""

from __future__ import annotations

import shutil
import stat
from pathlib import Path

import numpy as np
import pytest

from molpair.qm import record
from conftest import QM_FIXTURES, skip_without_fixtures
from molpair.qm.engines.base import Structure
from molpair.qm.engines.orca import ORCAEngine, parse_output_file, write_input


ORCA_DIR = QM_FIXTURES / "orca"
needs_fixtures = skip_without_fixtures(ORCA_DIR)

# Values read from PROVENANCE.md: status, version, energy (Eh), atoms, first atom (element, x, y, z in Å),
# HOMO, LUMO (eV), dipole (D), first Mulliken charge, optimization cycles. None = not printed.
EXPECTED = {
    "orca4.2.1_zindo-s_cis_sp_ligand-anion-pointcharges.out": (
        record.OK, "4.2.1", 21.252630863013, 92, ("N", -0.023200, 2.210300, -2.173500), -5.9936, 0.5526, 21.25303, -0.468288, 0),
    "orca4.2.1_xtb2_opt_numfreq_smd_water.out": (
        record.OK, "4.2.1", -5.073602096000, 3, ("O", 0.81602261966896, 0.14025068967986, 0.0), -12.3106, 2.1272, 2.291, None, 3),
    "orca4.2.1_xtb2_opt_numfreq_smd_complex-I_W_W.out": (
        record.OK, "4.2.1", -44.283317479600, 33, ("C", 0.29495940576222, -0.61065122874642, 0.45252029319998),
        -10.6510, -7.5521, 3.947, None, 1),
    "orca4.2.1_xtb2_sp_numfreq_smd_xenon-atom.out": (
        record.OK, "4.2.1", -3.882736256610, 1, ("Xe", 0.0, 0.0, 0.0), -11.2495, -0.4971, 0.0, None, 0),
    "orca6.0.1_hf_sto-3g_sp_cpcm_water.out": (
        record.OK, "6.0.1", -74.967672596588, 3, ("O", 0.0, -0.119159, 0.0), -10.4950, 15.7582, 1.726879084, -0.356223, 0),
    "orca5.0.3_hf_sto-3g_sp_cpcm_water.out": (
        record.OK, "5.0.3", -74.967669815550, 3, ("O", 0.0, -0.119159, 0.0), -10.4947, 15.7583, 1.72684, -0.356215, 0),
    "orca6.0.0_b3lyp_sto-3g_opt_divinylbenzene.out": (
        record.OK, "6.0.0", -382.055133399486, 20, ("C", -1.417709, 0.228462, 0.0), -4.0662, 1.1159, 0.0, -0.004435, 3),
    "orca6.0.x_wb97x-3c_opt_water_converged.out": (
        record.OK, "6.0.x", -76.474011491437, 3, ("O", -3.575441, 1.782296, 0.011564), -11.6126, 2.7171, 2.073185362, -0.635978, 4),
    "orca6.0.x_wb97x-3c_opt_not-converged-maxiter2.out": (
        record.NOT_CONVERGED, "6.0.x", -76.473906146537, 3, ("O", -3.569457, 1.778446, 0.004025), -11.5651, 2.6937, None, -0.650580, 2),
    "orca6.0.x_b3lyp-d3bj_opt_failed-scf-maxiter2.out": (
        record.SCF_FAILED, "6.0.x", None, 13, ("C", -0.716200, -0.189820, 0.0), None, None, None, None, 1),
    "orca6.0.x_hf_sp_aborted-zero-distance.out": (
        record.CRASHED, "6.0.x", None, 3, ("H", 0.001, 0.0, 0.0), None, None, None, None, 0),
}


def approx_or_none(expected):
    return None if expected is None else pytest.approx(expected, abs=1e-9)


@needs_fixtures
def test_every_orca_fixture_has_expected_values():
    assert sorted(p.name for p in ORCA_DIR.glob("*.out")) == sorted(EXPECTED)


@needs_fixtures
@pytest.mark.parametrize("name", sorted(EXPECTED))
def test_parse_fixture(name):
    status, version, energy, n_atoms, first_atom, homo, lumo, dipole, charge0, cycles = EXPECTED[name]
    result = parse_output_file(ORCA_DIR / name)
    assert result.status == status
    assert result.extra["program_version"] == version
    assert result.energy == approx_or_none(energy)
    assert len(result.coords) == n_atoms == len(result.extra["elements"])
    assert result.extra["elements"][0] == first_atom[0]
    assert result.coords[0] == pytest.approx(first_atom[1:], abs=1e-9)
    assert (result.homo, result.lumo, result.dipole) == (approx_or_none(homo), approx_or_none(lumo), approx_or_none(dipole))
    assert (result.charges[0] if result.charges else None) == approx_or_none(charge0)
    if result.charges:
        assert len(result.charges) == n_atoms
    assert result.n_steps == cycles
    assert (result.error is None) == (status == record.OK)


@needs_fixtures
def test_failure_messages():
    scf = parse_output_file(ORCA_DIR / "orca6.0.x_b3lyp-d3bj_opt_failed-scf-maxiter2.out")
    assert scf.error.startswith("Error (ORCA_LEANSCF): unfortunately, the SCF has not converged")
    aborted = parse_output_file(ORCA_DIR / "orca6.0.x_hf_sp_aborted-zero-distance.out")
    assert aborted.error.startswith("Error (ORCA_GTOINT/SHARK): Zero distance encountered between atoms 1 and 0")
    assert "aborting the run" in aborted.error  # the output tail comes with it
    unconverged = parse_output_file(ORCA_DIR / "orca6.0.x_wb97x-3c_opt_not-converged-maxiter2.out")
    assert "maximum number of cycles" in unconverged.error


WATER = Structure(["O", "H", "H"], np.array([[0.0, 0.0, 0.117], [0.0, 0.757, -0.468], [0.0, -0.757, -0.468]]))


def test_input_xtb_optimization_with_solvent():
    text = write_input(WATER, "XTB2", "Opt", 200, threads=4, maxcore_mb=1500, solvent="water")
    assert text == (
        "! XTB2 Opt ALPB(water)\n"
        "%pal nprocs 4 end\n"
        "%maxcore 1500\n"
        "%geom MaxIter 200 end\n"
        "* xyz 0 1\n"
        "O      0.0000000000     0.0000000000     0.1170000000\n"
        "H      0.0000000000     0.7570000000    -0.4680000000\n"
        "H      0.0000000000    -0.7570000000    -0.4680000000\n"
        "*\n"
    )


def test_input_nddo_single_point():
    cation = Structure(["O", "H", "H", "H"], np.zeros((4, 3)), charge=1, multiplicity=1)
    text = write_input(cation, "AM1", "SP", 200, threads=1, maxcore_mb=1000, solvent="water")
    lines = text.splitlines()
    assert lines[:3] == ["! AM1 CPCM(water)", "%maxcore 1000", "* xyz 1 1"]
    assert "%pal" not in text and "%geom" not in text and lines[-1] == "*"


def test_input_gas_phase_loose_and_bad_keyword():
    assert write_input(WATER, "PM3", "LooseOpt", 7, 1, 1000).startswith("! PM3 LooseOpt\n%maxcore 1000\n%geom MaxIter 7 end\n")
    with pytest.raises(ValueError):
        write_input(WATER, "PM3", "Freq", 7, 1, 1000)


def stand_in_orca(tmp_path: Path, output: Path, exit_code: int = 0) -> Path:
    """A program called `orca` that prints a recorded ORCA output, to run the adapter without ORCA."""
    program = tmp_path / "bin" / "orca"
    program.parent.mkdir()
    program.write_text(f"#!/bin/sh\ncat '{output}'\nexit {exit_code}\n")
    program.chmod(program.stat().st_mode | stat.S_IEXEC)
    return program


def engine_with(program: Path, orca_opt: str = "Opt") -> ORCAEngine:
    return ORCAEngine("XTB2", {"orca_opt": orca_opt, "max_steps": 50}, {"orca_path": str(program), "threads": 1})


@needs_fixtures
def test_runner_through_stand_in(tmp_path):
    program = stand_in_orca(tmp_path, ORCA_DIR / "orca6.0.x_wb97x-3c_opt_water_converged.out")
    engine = engine_with(program)
    assert engine.version == "6.0.x"
    result = engine.optimize(WATER, time_limit_s=60)
    assert result.status == record.OK and result.n_steps == 4
    assert result.energy == pytest.approx(-76.474011491437)


@needs_fixtures
def test_runner_failures_carry_no_values(tmp_path):
    scf = engine_with(stand_in_orca(tmp_path, ORCA_DIR / "orca6.0.x_b3lyp-d3bj_opt_failed-scf-maxiter2.out"))
    result = scf.optimize(WATER, time_limit_s=60)
    assert result.status == record.SCF_FAILED and result.coords is None and result.energy is None


@needs_fixtures
def test_runner_nonzero_exit_is_crash(tmp_path):
    program = stand_in_orca(tmp_path, ORCA_DIR / "orca6.0.x_wb97x-3c_opt_water_converged.out", exit_code=3)
    result = engine_with(program).optimize(WATER, time_limit_s=60)
    assert result.status == record.CRASHED and result.error.startswith("orca exited with code 3")


@pytest.mark.skipif(shutil.which("orca") is None, reason="ORCA not installed (no `orca` on PATH)")
def test_live_xtb2_water_optimization():
    engine = ORCAEngine("XTB2", {"orca_opt": "Opt", "max_steps": 50}, {"threads": 1, "orca_maxcore_mb": 500})
    result = engine.optimize(WATER, time_limit_s=300)
    assert result.status == record.OK, result.error
    assert -5.2 < result.energy < -5.0
    assert result.coords.shape == (3, 3) and result.n_steps >= 1
    assert result.homo < result.lumo and result.dipole > 0
    assert engine.version[0].isdigit()
